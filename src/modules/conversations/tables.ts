import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type ConversationSide = 'buyer' | 'shop';
export type MessageKind = 'text' | 'image' | 'product' | 'order';

export interface ConversationsTable {
  id: string;
  buyer_id: string;
  operator_id: string;
  created_at: Timestamp;
  /** Messages are numbered 1, 2, … per conversation: the SSE `id:` of each. */
  last_seq: Defaulted<number>;
  last_from: Nullable<ConversationSide>;
  last_message_at: Nullable<Date>;
  buyer_read_seq: Defaulted<number>;
  shop_read_seq: Defaulted<number>;
  /** The shop's messages the buyer has not read. */
  buyer_unread: Defaulted<number>;
  /** The buyer's messages the shop has not read. */
  shop_unread: Defaulted<number>;
  /** The buyer's first unanswered message (inbox order, first response time). */
  waiting_since: Nullable<Date>;
  buyer_notified: Defaulted<boolean>;
  shop_notified: Defaulted<boolean>;
  sms_due_at: Nullable<Date>;
  sms_sent: Defaulted<boolean>;
}

export interface ConversationMessagesTable {
  id: string;
  conversation_id: string;
  seq: number;
  sender_id: Nullable<string>;
  from_side: ConversationSide;
  kind: MessageKind;
  /** The text as shown: masked (masking.ts). */
  body: Nullable<string>;
  masked: Defaulted<boolean>;
  /** The vault record of the unmasked text, only when masking changed it (disputes read it). */
  original_record_id: Nullable<string>;
  image: Nullable<string>;
  product_id: Nullable<string>;
  order_id: Nullable<string>;
  created_at: Timestamp;
}

export interface QuickRepliesTable {
  id: string;
  operator_id: string;
  body: string;
  created_by: Nullable<string>;
  created_at: Timestamp;
}

export interface OperatorResponseDaysTable {
  operator_id: string;
  day: ColumnType<string, string, string>;
  total_ms: Defaulted<number>;
  turns: Defaulted<number>;
}

export interface ConversationPresenceTable {
  stream_id: string;
  user_id: string;
  conversation_id: Nullable<string>;
  operator_id: Nullable<string>;
  seen_at: Timestamp;
}

export interface ConversationsTables {
  conversations: ConversationsTable;
  conversation_messages: ConversationMessagesTable;
  quick_replies: QuickRepliesTable;
  operator_response_days: OperatorResponseDaysTable;
  conversation_presence: ConversationPresenceTable;
}
