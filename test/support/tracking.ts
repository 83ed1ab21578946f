/** Parcel tracking in tests: a paid order ready to ship, a logistics provider with credentials, and its signed webhook. */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { signWebhook } from '../../src/lib/webhook-signature.js';
import { LOGISTICS_HEADERS } from '../../src/modules/logistics/index.js';
import type { TestApp } from './app.js';
import { given, type GivenOperator, type GivenUser } from './given.js';
import type { Response } from './http.js';

export const PIN = '258036';

export interface Carrier {
  id: string;
  owner: GivenUser;
  keyId: string;
  secret: string;
}

/** An approved logistics provider with a key pair issued by `admin`. */
export async function carrierWithCredentials(t: TestApp, admin: GivenUser): Promise<Carrier> {
  const provider = await given.serviceProvider(t, admin, { service: 'logistics' });
  const issued = await t.http.post(`/admin/service-providers/${provider.id}/credentials`, undefined, { token: admin.token, headers: { 'idempotency-key': randomUUID() } });
  expect(issued.status, issued.text).toBe(201);
  return { ...provider, keyId: issued.body.keyId, secret: issued.body.secret };
}

/** A buyer's paid order of one unit of `skuId` from `shop`. */
export async function paidOrder(t: TestApp, skuId: string): Promise<{ buyer: GivenUser; orderId: string }> {
  const buyer = await given.user(t, { pin: PIN, viaSms: false });
  await given.funds(t, buyer, 100_000);
  const addressId = await given.address(t, buyer);
  const placed = await t.http.post('/orders', { items: [{ skuId, quantity: 1 }], addressId }, { token: buyer.token });
  expect(placed.status, placed.text).toBe(201);
  const orderId = placed.body.order.id as string;
  const paid = await t.http.post(`/orders/${orderId}/pay`, { pin: PIN }, { token: buyer.token });
  expect(paid.status, paid.text).toBe(200);
  return { buyer, orderId };
}

let numbers = 0;
/** A tracking number no other test uses. */
export const trackingNumber = (prefix = 'TK') => `${prefix}${Date.now().toString(36).toUpperCase()}${(numbers++).toString().padStart(4, '0')}`;

export async function ship(t: TestApp, shop: GivenOperator, orderId: string, body: Record<string, unknown>): Promise<Response> {
  return t.http.post(`/orders/${orderId}/ship`, body, { token: shop.owner.token, headers: { 'idempotency-key': randomUUID() } });
}

/** The carrier's webhook, signed with `secret` (or as told), at the app's clock unless `timestamp` says otherwise. */
export function sendEvent(t: TestApp, carrier: Pick<Carrier, 'keyId' | 'secret'>, event: Record<string, unknown> | string, options: { timestamp?: string; signature?: string } = {}): Promise<Response> {
  const raw = typeof event === 'string' ? event : JSON.stringify(event);
  const timestamp = options.timestamp ?? String(Math.floor(t.clock.now().getTime() / 1000));
  return t.http.post('/logistics/webhook', undefined, {
    raw,
    headers: {
      'content-type': 'application/json',
      [LOGISTICS_HEADERS.keyId]: carrier.keyId,
      [LOGISTICS_HEADERS.timestamp]: timestamp,
      [LOGISTICS_HEADERS.signature]: options.signature ?? signWebhook(carrier.secret, timestamp, raw),
    },
  });
}

/** A carrier event with a fresh id. */
export const carrierEvent = (trackingNumber: string, kind: string, at: Date, extra: Record<string, unknown> = {}) => ({ eventId: randomUUID(), trackingNumber, kind, at: at.toISOString(), ...extra });
