/**
 * The sandbox carrier 「安格拉沙箱快递」, in sandbox mode only (never in production:
 * `/sandbox/*` is then 404). It stands for a real logistics provider and speaks to
 * Agora the way one does: signed webhooks over real HTTP to `/logistics/webhook`,
 * with credentials only it knows (derived from the lookup key, sealed in the database
 * like any provider's).
 *
 * - At start it makes sure it exists: its owner, the approved provider, its key pair.
 * - A parcel shipped with it gets a route planned from the parcel alone (so any process
 *   replays the same one): picked up 1 h after shipping in the shop's city (a stand-in
 *   city per shop: the shop's address is personal data the sandbox is not given), 2–3 transit
 *   cities, out for delivery, delivered about 2 days after shipping — each event a
 *   pg-boss job with `startAfter`, SANDBOX_CARRIER_SPEED times faster than life.
 * - `POST /sandbox/parcels/:trackingNumber/deliver` plays every remaining event now
 *   (tests, demos); `…/exception` reports a problem with the parcel.
 * Event ids are fixed per parcel and step, so a job and `deliver` never store one twice.
 */
import { createHash } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../database.js';
import { HOUR, type Clock } from '../../lib/clock.js';
import { AppError, notFound } from '../../lib/errors.js';
import { signWebhook } from '../../lib/webhook-signature.js';
import { problems } from '../../http/schemas.js';
import type { PrivacyService } from '../privacy/index.js';
import type { ParcelRow } from './repo.js';
import { LOGISTICS_HEADERS, LOGISTICS_WEBHOOK_PATH } from './routes.js';
import { sandboxRepo } from './sandbox-repo.js';
import { SandboxPlayed, TrackingNumberParams } from './schema.js';
import type { CarrierEvent, LogisticsService } from './service.js';
import type { TrackingKind } from './tables.js';

export const SANDBOX_CARRIER = Object.freeze({ providerId: 'sandbox-carrier', ownerId: 'sandbox-carrier-owner', keyId: 'lk_sandbox', name: '安格拉沙箱快递' });
/** One job per planned event: `{ trackingNumber, step }`. */
export const SANDBOX_CARRIER_QUEUE = 'sandbox.carrier-event';

const CITIES = ['上海市', '杭州市', '南京市', '苏州市', '广州市', '深圳市', '武汉市', '成都市', '北京市', '天津市', '西安市', '长沙市', '郑州市', '合肥市', '厦门市', '重庆市'];

interface PlannedEvent {
  step: number;
  kind: TrackingKind;
  /** Hours after shipping, at speed 1. */
  hours: number;
  place: string;
  note: string;
}

const pick = (seed: string, list: readonly string[], salt: string) => list[createHash('sha256').update(`${salt}:${seed}`).digest().readUInt32BE(0) % list.length]!;

/**
 * The route of one parcel, from its order's shop (the origin) and the parcel itself:
 * pickup, 2–3 cities in transit, out for delivery, delivered after ~48 h.
 */
export function sandboxRoute(parcel: Pick<ParcelRow, 'id' | 'order_id'>, originCity: string): PlannedEvent[] {
  const destination = pick(parcel.order_id, CITIES.filter((c) => c !== originCity), 'to');
  const hubs = CITIES.filter((c) => c !== originCity && c !== destination);
  const transits = Number.parseInt(createHash('sha256').update(parcel.id).digest('hex').slice(0, 2), 16) % 2 === 0 ? 2 : 3;
  const middle = Array.from({ length: transits - 1 }, (_, i) => pick(parcel.id, hubs, `hub${i}`));
  const plan: Omit<PlannedEvent, 'step'>[] = [
    { kind: 'picked_up', hours: 1, place: originCity, note: '快递员已揽收' },
    { kind: 'in_transit', hours: 6, place: `${originCity}转运中心`, note: '已发出' },
    ...middle.map((city, i) => ({ kind: 'in_transit' as const, hours: 16 + i * 8, place: `${city}转运中心`, note: '运输中' })),
    { kind: 'in_transit', hours: 36, place: `${destination}转运中心`, note: '已到达' },
    { kind: 'out_for_delivery', hours: 44, place: destination, note: '快递员正在派送' },
    { kind: 'delivered', hours: 48, place: destination, note: '已签收' },
  ];
  return plan.map((e, step) => ({ ...e, step }));
}

/** The shop's city as the sandbox carrier knows it: a stand-in picked per shop (its real address is personal data it is never given). */
export const sandboxShopCity = (operatorId: string) => pick(operatorId, CITIES, 'from');

export interface SandboxCarrierDeps {
  db: Kysely<DB>;
  logistics: LogisticsService;
  privacy: PrivacyService;
  clock: Clock;
  speed: number;
  selfUrl: () => string;
  /** The shop's city, for the route's origin (a stand-in picked per shop). */
  originOf: (ex: Executor, orderId: string) => Promise<string>;
  /** Put one step on the queue (pg-boss `startAfter`), in the shipping transaction; absent without a worker. */
  enqueue?: ((ex: Executor, data: { trackingNumber: string; step: number }, startAfter: Date) => Promise<void>) | undefined;
}

export function createSandboxCarrier(deps: SandboxCarrierDeps) {
  const { logistics, clock } = deps;
  const secret = () => deps.privacy.pepper('sandbox_carrier', SANDBOX_CARRIER.keyId);
  const plannedAt = (parcel: ParcelRow, event: PlannedEvent) => new Date(parcel.created_at.getTime() + (event.hours * HOUR) / deps.speed);

  async function send(event: CarrierEvent): Promise<void> {
    const body = JSON.stringify(event);
    const timestamp = String(Math.floor(clock.now().getTime() / 1000));
    const response = await fetch(`${deps.selfUrl()}${LOGISTICS_WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [LOGISTICS_HEADERS.keyId]: SANDBOX_CARRIER.keyId, [LOGISTICS_HEADERS.timestamp]: timestamp, [LOGISTICS_HEADERS.signature]: signWebhook(secret(), timestamp, body) },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new AppError('upstream_failed', 'CARRIER_WEBHOOK_FAILED', `Agora refused the sandbox carrier's webhook (${response.status})`);
  }

  async function parcelAndRoute(trackingNumber: string) {
    const parcel = await logistics.parcelByNumber(SANDBOX_CARRIER.providerId, trackingNumber);
    if (!parcel) throw notFound('sandbox parcel');
    return { parcel, route: sandboxRoute(parcel, await deps.originOf(deps.db, parcel.order_id)) };
  }

  const asEvent = (parcel: ParcelRow, e: PlannedEvent, at: Date): CarrierEvent => ({ eventId: `sandbox-${parcel.id}-${e.step}`, trackingNumber: parcel.tracking_number, kind: e.kind, at: at.toISOString(), place: e.place, note: e.note });

  return {
    /** At start: the carrier, its owner and its key pair exist (every process, every start). */
    async ensure(): Promise<void> {
      await deps.db.transaction().execute(async (tx) => {
        await sandboxRepo.ensureProvider(tx, SANDBOX_CARRIER, clock.now());
        if (!(await logistics.hasCredential(tx, SANDBOX_CARRIER.keyId))) await logistics.issue(tx, SANDBOX_CARRIER.providerId, null, { keyId: SANDBOX_CARRIER.keyId, secret: secret() });
      });
    },

    /** A parcel was shipped with the sandbox carrier: queue its route (ship-order.ts calls this in its transaction). */
    async shipped(ex: Executor, parcel: ParcelRow): Promise<void> {
      if (parcel.provider_id !== SANDBOX_CARRIER.providerId || !deps.enqueue) return;
      for (const e of sandboxRoute(parcel, await deps.originOf(ex, parcel.order_id))) {
        await deps.enqueue(ex, { trackingNumber: parcel.tracking_number, step: e.step }, plannedAt(parcel, e));
      }
    },

    /** One queued step, when its time has come. */
    async play(trackingNumber: string, step: number): Promise<void> {
      const { parcel, route } = await parcelAndRoute(trackingNumber);
      const e = route.find((r) => r.step === step);
      if (e) await send(asEvent(parcel, e, plannedAt(parcel, e)));
    },

    /** Every step not played yet, now, in order (steps already stored are acknowledged as repeats). */
    async deliver(trackingNumber: string): Promise<number> {
      const { parcel, route } = await parcelAndRoute(trackingNumber);
      const now = clock.now();
      for (const e of route) await send(asEvent(parcel, e, new Date(Math.min(plannedAt(parcel, e).getTime(), now.getTime()))));
      return route.length;
    },

    /** The carrier reports a problem with the parcel now. */
    async exception(trackingNumber: string): Promise<number> {
      const { parcel } = await parcelAndRoute(trackingNumber);
      const now = clock.now();
      await send({ eventId: `sandbox-${parcel.id}-exception-${now.getTime()}`, trackingNumber, kind: 'exception', at: now.toISOString(), note: '包裹异常，正在核实' });
      return 1;
    },
  };
}

export type SandboxCarrier = ReturnType<typeof createSandboxCarrier>;

export function registerSandboxCarrier(untyped: FastifyInstance, deps: { carrier: SandboxCarrier }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['sandbox'];
  app.post(
    '/sandbox/parcels/:trackingNumber/deliver',
    { schema: { tags, summary: 'The sandbox carrier plays every remaining event of its parcel now, up to delivered (signed webhooks inside)', params: TrackingNumberParams, response: { 200: SandboxPlayed, ...problems } } },
    async (request) => ({ sent: await deps.carrier.deliver(request.params.trackingNumber) }),
  );
  app.post(
    '/sandbox/parcels/:trackingNumber/exception',
    { schema: { tags, summary: 'The sandbox carrier reports a problem with its parcel now (a signed webhook inside)', params: TrackingNumberParams, response: { 200: SandboxPlayed, ...problems } } },
    async (request) => ({ sent: await deps.carrier.exception(request.params.trackingNumber) }),
  );
}
