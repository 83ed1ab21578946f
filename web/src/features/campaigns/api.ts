/**
 * Group buys (拼团) and bargains (砍价), API.md "Group buys" and "Bargains": the calls,
 * their query hooks, and the live view of one group or bargain. A group page listens
 * to the server's event stream and falls back to reading again every few seconds
 * when the stream is not there (or breaks for good).
 *
 * @example
 *   const group = useGroupBuy(id); // updated by `GET /group-buys/:id/events`
 *   const left = useTimeLeft(group.data?.expiresAt, group.data?.serverTime);
 */
import { useState } from 'react';
import { useNow } from '../orders/api';
import { at, call, client, idempotent, type BodyOf, type ResponseOf } from '../../api/client';
import { useLive } from '../../api/live';

const id = (value: string) => encodeURIComponent(value);

/** A SKU's group terms (GET /products/:id/group-offers). */
export type GroupOffer = ResponseOf<'/products/{id}/group-offers'>['offers'][number];
/** A formed group others can still join, as the product page lists it. */
export type OpenGroup = ResponseOf<'/products/{id}/group-offers'>['openGroups'][number];
/**
 * One group: `seatsLeft` is 0 until the initiator has paid, and once complete or expired;
 * `expiresAt` is the initiator's payment deadline until the group forms, then 24 h after it
 * formed; `serverTime` corrects the device's clock for the countdown; members are real buyers
 * only (RULES.md "Group buy").
 */
export type GroupBuy = ResponseOf<'/group-buys/{id}'>;
export type GroupBuyStatus = GroupBuy['status'];

/** One SKU's bargain terms with R13's rules in full, published before it starts. */
export type BargainOffer = ResponseOf<'/products/{id}/bargain-offers'>['items'][number];
export type BargainRules = BargainOffer['rules'];
/** A bargain: `current` is what an order costs now, `remaining` R14's current − floor, exact fen. */
export type Bargain = ResponseOf<'/bargains/{id}'>;
export type BargainStatus = Bargain['status'];
export type Person = Bargain['owner'];

const byId = (value: string) => at({ id: value });

export const campaignApi = {
  groupOffers: (productId: string) => call(client.GET('/products/{id}/group-offers', byId(productId))),
  openGroup: (input: BodyOf<'/group-buys'>, key: string) => call(client.POST('/group-buys', { body: input, ...idempotent(key) })),
  joinGroup: (groupId: string, input: BodyOf<'/group-buys/{id}/join'>, key: string) =>
    call(client.POST('/group-buys/{id}/join', { ...byId(groupId), body: input, ...idempotent(key) })),
  groupBuy: (groupId: string) => call(client.GET('/group-buys/{id}', byId(groupId))),
  bargainOffers: (productId: string) => call(client.GET('/products/{id}/bargain-offers', byId(productId))),
  startBargain: (skuId: string, key: string) => call(client.POST('/bargains', { body: { skuId }, ...idempotent(key) })),
  bargain: (bargainId: string) => call(client.GET('/bargains/{id}', byId(bargainId))),
  helpBargain: (bargainId: string, key: string) => call(client.POST('/bargains/{id}/help', { ...byId(bargainId), ...idempotent(key) })),
  orderBargain: (bargainId: string, addressId: string, key: string) =>
    call(client.POST('/bargains/{id}/order', { ...byId(bargainId), body: { addressId }, ...idempotent(key) })),
};

export const groupBuyKey = (groupId: string) => ['group-buy', groupId] as const;
export const bargainKey = (bargainId: string) => ['bargain', bargainId] as const;

/** One group, live (`GET /group-buys/:id/events`, event `group`). */
export function useGroupBuy(groupId: string) {
  return useLive(groupBuyKey(groupId), () => campaignApi.groupBuy(groupId), { path: `/group-buys/${id(groupId)}/events`, event: 'group' }, (g) => g?.status === 'forming');
}

/** One bargain, live the same way (`/bargains/:id/events`, or polling until the server has it). */
export function useBargain(bargainId: string) {
  return useLive(bargainKey(bargainId), () => campaignApi.bargain(bargainId), { path: `/bargains/${id(bargainId)}/events`, event: 'bargain' }, (b) => b?.status === 'active');
}

/**
 * Milliseconds until `deadline`, ticking every second; with the server's time at
 * reading, a device whose clock is off still counts down to the server's deadline.
 */
export function useTimeLeft(deadline: string | undefined, serverTime?: string): number {
  const now = useNow();
  const [skew] = useState(() => (serverTime ? new Date(serverTime).getTime() - Date.now() : 0));
  return deadline ? Math.max(0, new Date(deadline).getTime() - (now + skew)) : 0;
}

/** "23:59:08" from milliseconds left (hours, minutes, seconds). */
export function formatHms(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
}

/** The public share pages served by the API server: Open Graph tags for previews and a QR code. */
export const groupShareUrl = (groupId: string) => `${window.location.origin}/g/${encodeURIComponent(groupId)}`;
export const bargainShareUrl = (bargainId: string) => `${window.location.origin}/b/${encodeURIComponent(bargainId)}`;
