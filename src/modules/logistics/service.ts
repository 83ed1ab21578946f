/**
 * Logistics (issue 17 items 5, 6): an approved logistics provider's webhook
 * credentials, the parcels orders ship in, and the carrier events they report.
 *
 * - Credentials: issued by an admin (audited), the secret shown once and kept sealed
 *   with the data keys (purpose `logistics_secret`; rotation.ts re-seals it with them).
 *   A new pair ends the older ones 24 h later, so a provider can switch without losing events.
 * - Parcels: one per shipment; a provider's tracking number is unique among its parcels
 *   not yet delivered (TRACKING_NUMBER_IN_USE).
 * - Events: stored once per provider event id (a replay stores nothing); the parcel's
 *   status is recomputed from all of them sorted by `at`, since carriers report out of
 *   order: the latest kind, except that `delivered`, once reported, stays.
 * The order-side consequences (automatic receipt, notifications, live updates) are the
 * track-parcel workflow's.
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../database.js';
import type { Clock } from '../../lib/clock.js';
import { HOUR } from '../../lib/clock.js';
import { notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { randomBytesPooled } from '../../lib/random.js';
import { checkWebhookSignature, malformedSignature, MAX_WEBHOOK_AGE_S } from '../../lib/webhook-signature.js';
import type { AuditService } from '../audit/index.js';
import type { OperatorsService } from '../operators/index.js';
import type { PrivacyService } from '../privacy/index.js';
import { logisticsErrors as errors } from './errors.js';
import { logisticsRepo, type ParcelEventRow, type ParcelRow } from './repo.js';
import type { ParcelStatus, TrackingKind } from './tables.js';

/** The sealer's purpose of a provider's webhook secret. */
export const LOGISTICS_SECRET_PURPOSE = 'logistics_secret';
/** An older pair keeps verifying this long after a newer one is issued. */
export const CREDENTIAL_GRACE_MS = 24 * HOUR;

export interface CarrierEvent {
  eventId: string;
  trackingNumber: string;
  kind: TrackingKind;
  at: string;
  place?: string | undefined;
  note?: string | undefined;
}

/** A parcel's state before and after one event: what the workflow acts on. */
export interface RecordedEvent {
  parcel: ParcelRow;
  duplicate: boolean;
  before: { status: ParcelStatus; deliveredAt: Date | null };
  after: { status: ParcelStatus; deliveredAt: Date | null };
}

/** The most events a tracking view shows (the latest ones): a real route has a dozen. */
const MAX_SHOWN_EVENTS = 200;

/** Status and delivery from the timeline's first delivery and latest event (oldest first by `at`). */
export function parcelState(events: readonly Pick<ParcelEventRow, 'kind' | 'at'>[]): { status: ParcelStatus; deliveredAt: Date | null } {
  if (events.length === 0) return { status: 'awaiting_pickup', deliveredAt: null };
  const delivered = events.find((e) => e.kind === 'delivered');
  // Events after delivery are kept (an exception reported late, a return) but never un-deliver.
  if (delivered) return { status: 'delivered', deliveredAt: delivered.at };
  return { status: events[events.length - 1]!.kind, deliveredAt: null };
}

export function createLogisticsService(deps: { db: Kysely<DB>; operators: OperatorsService; privacy: PrivacyService; audit: AuditService; clock: Clock }) {
  const { db, operators, privacy, audit, clock } = deps;

  const eligibleProvider = async (ex: Executor, providerId: string) => {
    const provider = await operators.serviceProvider(ex, providerId);
    return provider && provider.approved && provider.service === 'logistics' ? provider : undefined;
  };

  /** A new pair for the provider; older pairs end after the grace period. */
  async function issue(ex: Executor, providerId: string, createdBy: string | null, pair: { keyId: string; secret: string } = newPair()) {
    const now = clock.now();
    await logisticsRepo.insertCredential(ex, { key_id: pair.keyId, provider_id: providerId, secret_sealed: privacy.sealSecret(LOGISTICS_SECRET_PURPOSE, pair.secret), created_by: createdBy, created_at: now, expires_at: null });
    await logisticsRepo.expireCredentials(ex, providerId, new Date(now.getTime() + CREDENTIAL_GRACE_MS), pair.keyId);
    return { keyId: pair.keyId, secret: pair.secret, createdAt: now.toISOString() };
  }

  return {
    issue,

    /** POST /admin/service-providers/:id/credentials: audited; the secret is in the answer only. */
    async issueCredentials(adminId: string, providerId: string) {
      return db.transaction().execute(async (tx) => {
        const provider = await operators.serviceProvider(tx, providerId);
        if (!provider) throw notFound('service provider');
        if (!(await eligibleProvider(tx, providerId))) throw errors.notLogisticsProvider();
        const issued = await issue(tx, providerId, adminId);
        await audit.record(tx, { actorId: adminId, action: 'service_provider.credentials_issue', targetType: 'service_provider', targetId: providerId, detail: { keyId: issued.keyId } });
        return issued;
      });
    },

    /** Key ids and dates, never a secret. */
    async listCredentials(providerId: string) {
      if (!(await operators.serviceProvider(db, providerId))) throw notFound('service provider');
      const now = clock.now();
      const rows = await logisticsRepo.credentialsOf(db, providerId);
      return {
        items: rows.map((r) => ({ keyId: r.key_id, createdAt: r.created_at.toISOString(), expiresAt: r.expires_at ? r.expires_at.toISOString() : null, active: !r.expires_at || r.expires_at > now })),
      };
    },

    /** The carriers a shop may pick: approved logistics providers with working credentials. */
    carriers: async () => ({ items: await logisticsRepo.carriers(db, clock.now()) }),

    /** The carrier for a shipment, or UNKNOWN_CARRIER (unknown, unapproved, not logistics, no credentials). */
    async carrier(ex: Executor, providerId: string): Promise<{ id: string; name: string }> {
      const found = (await logisticsRepo.carriers(ex, clock.now())).find((c) => c.id === providerId);
      if (!found) throw errors.unknownCarrier();
      return found;
    },

    /** The shipment's parcel, in the shipping transaction; a provider's number already on its way → TRACKING_NUMBER_IN_USE. */
    async addParcel(ex: Executor, input: { orderId: string; providerId: string | null; carrier: string; trackingNumber: string }): Promise<ParcelRow> {
      const row: ParcelRow = {
        id: newId(clock.now().getTime()),
        order_id: input.orderId,
        provider_id: input.providerId,
        carrier: input.carrier,
        tracking_number: input.trackingNumber,
        status: input.providerId ? 'awaiting_pickup' : 'untracked',
        delivered_at: null,
        created_at: clock.now(),
      };
      if (input.providerId && (await logisticsRepo.parcelByNumber(ex, input.providerId, input.trackingNumber))?.delivered_at === null) throw errors.trackingNumberInUse();
      try {
        await logisticsRepo.insertParcel(ex, row);
      } catch (error) {
        // Two shops shipping the same number at once: the partial unique index decides.
        if ((error as { code?: string }).code === '23505') throw errors.trackingNumberInUse();
        throw error;
      }
      return row;
    },

    /**
     * Which provider signed this webhook: the key must exist and still verify (not past
     * its grace), the timestamp be within 5 minutes, the HMAC match. Unknown key, ended
     * key and wrong signature answer alike (BAD_SIGNATURE); only a stale timestamp differs.
     */
    async verifyWebhook(headers: { keyId: string | undefined; timestamp: string | undefined; signature: string | undefined }, rawBody: string): Promise<string> {
      const malformed = malformedSignature(headers.timestamp, headers.signature);
      if (malformed) throw errors.badSignature(malformed.message);
      const keyId = headers.keyId;
      const credential = keyId && keyId.length <= 64 ? await logisticsRepo.findCredential(db, keyId) : undefined;
      const now = clock.now();
      if (!credential || (credential.expires_at && credential.expires_at <= now)) throw errors.badSignature('unknown or revoked key');
      const secret = privacy.openSecret(LOGISTICS_SECRET_PURPOSE, credential.secret_sealed);
      const problem = checkWebhookSignature(secret, headers.timestamp, rawBody, headers.signature, now);
      if (problem?.kind === 'stale') throw errors.staleTimestamp();
      if (problem) throw errors.badSignature(problem.message);
      return credential.provider_id;
    },

    /** Store one carrier event on its parcel (locked) and recompute the parcel; a tracking number not shipped with this provider → 404. */
    async recordEvent(ex: Executor, providerId: string, event: CarrierEvent): Promise<RecordedEvent> {
      if (new Date(event.at).getTime() > clock.now().getTime() + MAX_WEBHOOK_AGE_S * 1000) throw errors.eventInFuture();
      const parcel = await logisticsRepo.parcelByNumberForUpdate(ex, providerId, event.trackingNumber);
      if (!parcel) throw notFound('parcel with this tracking number');
      const before = { status: parcel.status, deliveredAt: parcel.delivered_at };
      const inserted = await logisticsRepo.insertEvent(ex, {
        id: newId(clock.now().getTime()),
        parcel_id: parcel.id,
        provider_id: providerId,
        event_id: event.eventId,
        kind: event.kind,
        at: new Date(event.at),
        place: event.place ?? null,
        note: event.note ?? null,
        received_at: clock.now(),
      });
      if (!inserted) return { parcel, duplicate: true, before, after: before };
      const after = parcelState(await logisticsRepo.stateEvents(ex, parcel.id));
      if (after.status !== before.status || after.deliveredAt?.getTime() !== before.deliveredAt?.getTime()) await logisticsRepo.updateParcel(ex, parcel.id, { status: after.status, delivered_at: after.deliveredAt });
      return { parcel: { ...parcel, status: after.status, delivered_at: after.deliveredAt }, duplicate: false, before, after };
    },

    /** The order's latest parcel and its timeline; undefined before it ships. */
    async parcelOf(ex: Executor, orderId: string): Promise<{ parcel: ParcelRow; events: ParcelEventRow[] } | undefined> {
      const parcel = await logisticsRepo.parcelOfOrder(ex, orderId);
      return parcel && { parcel, events: await logisticsRepo.eventsOf(ex, parcel.id, MAX_SHOWN_EVENTS) };
    },

    /** R4 purge (workflows/purge-erased-records.ts): the parcels of these orders and their events go (a tracking number leads a carrier to a recipient). */
    forgetParcels: (ex: Executor, orderIds: readonly string[]) => logisticsRepo.deleteParcels(ex, orderIds),

    /** Whether a key pair with this id exists (the sandbox carrier's at start). */
    hasCredential: async (ex: Executor, keyId: string) => (await logisticsRepo.findCredential(ex, keyId)) !== undefined,

    /** For the sandbox carrier: its parcel with this number (unlocked). */
    parcelByNumber: (providerId: string, trackingNumber: string) => logisticsRepo.parcelByNumber(db, providerId, trackingNumber),
  };
}

function newPair(): { keyId: string; secret: string } {
  return { keyId: `lk_${randomBytesPooled(12).toString('hex')}`, secret: randomBytesPooled(32).toString('base64url') };
}

export type LogisticsService = ReturnType<typeof createLogisticsService>;
