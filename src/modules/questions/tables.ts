import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Counter = ColumnType<number, number | undefined, number>;
type Flag = ColumnType<boolean, boolean | undefined, boolean>;

export const REPORT_TARGETS = ['question', 'answer'] as const;
export type ReportTarget = (typeof REPORT_TARGETS)[number];

/** A shopper's question about a product (migration 0036). */
export interface QuestionsTable {
  id: string;
  product_id: string;
  /** The product's shop when asked: its owner answers as the shop. */
  operator_id: string;
  asker_id: string;
  text: string;
  anonymous: Flag;
  /** Visible answers. */
  answer_count: Counter;
  /** Σ useful votes of its visible answers ("most useful first"). */
  useful_count: Counter;
  /** When recent buyers were invited to answer (null: still to do, the job/sweep's queue). */
  invited_at: Nullable<Date>;
  /** R11: set only by the platform. */
  hidden_at: Nullable<Date>;
  hidden_reason: Nullable<string>;
  /** The asker erased the account choosing removal. */
  deleted_at: Nullable<Date>;
  created_at: Timestamp;
}

export interface QuestionAnswersTable {
  id: string;
  question_id: string;
  product_id: string;
  author_id: string;
  /** Written by the product's shop (owner or staff), shown as the shop. */
  by_shop: boolean;
  /** R11: the author received an order item of this product. */
  verified_purchase: boolean;
  /** The SKU bought, for a buyer's answer. */
  sku_name: Nullable<string>;
  text: string;
  useful_count: Counter;
  hidden_at: Nullable<Date>;
  hidden_reason: Nullable<string>;
  deleted_at: Nullable<Date>;
  created_at: Timestamp;
}

export interface QuestionAnswerUsefulTable {
  answer_id: string;
  user_id: string;
  at: Timestamp;
}

export interface QuestionInvitationsTable {
  question_id: string;
  user_id: string;
  at: Timestamp;
}

export interface QuestionReportsTable {
  id: string;
  target_type: ReportTarget;
  target_id: string;
  question_id: string;
  reporter_id: string;
  reason: string;
  resolved_at: Nullable<Date>;
  created_at: Timestamp;
}

export interface ProductQuestionCountsTable {
  product_id: string;
  total: Counter;
}

export interface QuestionsTables {
  questions: QuestionsTable;
  question_answers: QuestionAnswersTable;
  question_answer_useful: QuestionAnswerUsefulTable;
  question_invitations: QuestionInvitationsTable;
  question_reports: QuestionReportsTable;
  product_question_counts: ProductQuestionCountsTable;
}
