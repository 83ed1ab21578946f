import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type GroupBuyStatus = 'forming' | 'complete' | 'expired';

export interface GroupBuysTable {
  id: string;
  sku_id: string;
  product_id: string;
  /** The buyer who opened it (its first order's buyer). */
  initiator_id: string;
  /** The SKU's group terms when the group was opened, fen and members. */
  group_price: number;
  group_size: number;
  status: GroupBuyStatus;
  created_at: Timestamp;
  /** When its first member paid: it shows on the product page from then on. */
  formed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The initiator's payment deadline until it forms; then 24 h after forming. */
  expires_at: Timestamp;
  completed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  expired_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Expired, and every member refunded or dropped. */
  settled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface GroupBuyTables {
  group_buys: GroupBuysTable;
}
