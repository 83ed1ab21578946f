import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** What a carrier reports of a parcel (the webhook's `kind`). */
export const TRACKING_KINDS = ['picked_up', 'in_transit', 'out_for_delivery', 'delivered', 'exception'] as const;
export type TrackingKind = (typeof TRACKING_KINDS)[number];

/**
 * Where a parcel is: `untracked` (a free-text carrier, "other": no events ever),
 * `awaiting_pickup` (a tracked carrier has not reported yet), then the latest event's
 * kind by `at`; `delivered` stays once reported (later events are kept, never un-deliver).
 */
export const PARCEL_STATUSES = ['untracked', 'awaiting_pickup', ...TRACKING_KINDS] as const;
export type ParcelStatus = (typeof PARCEL_STATUSES)[number];

/** A logistics provider's webhook key pair; the secret sealed (purpose `logistics_secret`). */
export interface LogisticsCredentialsTable {
  key_id: string;
  provider_id: string;
  secret_sealed: string;
  /** The admin who issued it; null for the sandbox carrier's own. */
  created_by: string | null;
  created_at: Timestamp;
  /** Set when a newer pair is issued: the old one verifies until then (24 h of grace). */
  expires_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface ParcelsTable {
  id: string;
  order_id: string;
  /** The approved logistics provider carrying it; null for "other" (free-text carrier, no events). */
  provider_id: string | null;
  carrier: string;
  tracking_number: string;
  status: ParcelStatus;
  /** The first `delivered` event's `at`. */
  delivered_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: Timestamp;
}

export interface ParcelEventsTable {
  id: string;
  parcel_id: string;
  provider_id: string;
  /** The provider's own id of the event: a replay of it stores nothing. */
  event_id: string;
  kind: TrackingKind;
  /** When it happened at the carrier (events may arrive out of order). */
  at: Timestamp;
  place: string | null;
  note: string | null;
  received_at: Timestamp;
}

export interface LogisticsTables {
  logistics_credentials: LogisticsCredentialsTable;
  parcels: ParcelsTable;
  parcel_events: ParcelEventsTable;
}
