import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Counter = ColumnType<number, number | undefined, number>;

/** Why a shop asks the platform to hide a review (R11: only the platform hides). */
export const APPEAL_REASONS = ['abusive', 'advertising', 'privacy', 'irrelevant', 'fraud'] as const;
export type AppealReason = (typeof APPEAL_REASONS)[number];
export type AppealStatus = 'open' | 'upheld' | 'rejected';

/** A buyer's review of one order item (migration 0031). */
export interface ReviewsTable {
  id: string;
  order_id: string;
  /** Unique: one review per order item. */
  order_item_id: string;
  product_id: string;
  sku_id: string;
  /** The SKU's name as bought (order_items.sku_name). */
  sku_name: string;
  /** The product's title as bought (order_items.title), for the shop's list. */
  product_title: string;
  operator_id: string;
  buyer_id: string;
  rating: number;
  service_rating: number;
  delivery_rating: number;
  text: ColumnType<string, string | undefined, string>;
  images: ColumnType<string[], string, string>;
  has_photos: ColumnType<boolean, boolean | undefined, boolean>;
  anonymous: ColumnType<boolean, boolean | undefined, boolean>;
  /** Taobao's 默认好评: written by the timer 15 days after receipt. */
  is_default: ColumnType<boolean, boolean | undefined, boolean>;
  helpful_count: Counter;
  follow_up_text: Nullable<string>;
  follow_up_images: ColumnType<string[] | null, string | null | undefined, string | null>;
  followed_up_at: Nullable<Date>;
  reply_text: Nullable<string>;
  replied_at: Nullable<Date>;
  /** R11: set only by the platform (an upheld appeal). */
  hidden_at: Nullable<Date>;
  hidden_reason: Nullable<string>;
  /** The author erased the account choosing removal. */
  deleted_at: Nullable<Date>;
  created_at: Timestamp;
}

export interface ReviewHelpfulTable {
  review_id: string;
  user_id: string;
  at: Timestamp;
}

export interface ReviewAppealsTable {
  id: string;
  review_id: string;
  operator_id: string;
  reason: AppealReason;
  detail: string;
  status: AppealStatus;
  decided_by: Nullable<string>;
  decision_reason: Nullable<string>;
  decided_at: Nullable<Date>;
  created_at: Timestamp;
}

/** A product's visible reviews, aggregated in each review's transaction. */
export interface ProductRatingsTable {
  product_id: string;
  count: Counter;
  sum: Counter;
  c1: Counter;
  c2: Counter;
  c3: Counter;
  c4: Counter;
  c5: Counter;
  with_photos: Counter;
}

/** A shop's detailed seller ratings (DSR), one row per UTC day with reviews. */
export interface OperatorScoreDaysTable {
  operator_id: string;
  /** 'YYYY-MM-DD' (UTC) of the reviews counted here. */
  day: string;
  n: Counter;
  item_sum: Counter;
  service_sum: Counter;
  delivery_sum: Counter;
}

/** A received order item not yet reviewed: on `due_at` (receipt + 15 days) it gets the default review. */
export interface ReviewDueTable {
  order_item_id: string;
  order_id: string;
  buyer_id: string;
  due_at: Timestamp;
}

export interface ReviewsTables {
  review_due: ReviewDueTable;
  reviews: ReviewsTable;
  review_helpful: ReviewHelpfulTable;
  review_appeals: ReviewAppealsTable;
  product_ratings: ProductRatingsTable;
  operator_score_days: OperatorScoreDaysTable;
}
