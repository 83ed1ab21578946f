import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/**
 * As stored: an `active` row past `expires_at` is expired all the same (the service
 * reads it so); starting a new bargain on the SKU marks such rows `expired`.
 */
export type StoredBargainStatus = 'active' | 'ordered' | 'expired';

export interface BargainsTable {
  id: string;
  owner_id: string;
  sku_id: string;
  product_id: string;
  /** What the bargain is for, as it was when it started (the share page shows it). */
  title: string;
  sku_name: string;
  image: string;
  /** The terms as published when it started (R14: it runs exactly as published). */
  price: number;
  floor: number;
  max_helpers: number;
  current: number;
  helpers: number;
  status: StoredBargainStatus;
  order_id: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface BargainHelpsTable {
  id: string;
  bargain_id: string;
  helper_id: string;
  cut: number;
  at: Timestamp;
}

/** Helps per helper per Beijing day: one counter row, so the daily limit holds under concurrency. */
export interface BargainHelpDaysTable {
  helper_id: string;
  day: string;
  helps: number;
}

export interface BargainTables {
  bargains: BargainsTable;
  bargain_helps: BargainHelpsTable;
  bargain_help_days: BargainHelpDaysTable;
}
