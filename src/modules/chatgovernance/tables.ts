import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type ChatReportReason = 'harassment' | 'fraud' | 'spam' | 'other';
export type ChatReportStatus = 'open' | 'resolved';
export type ChatReportOutcome = 'dismissed' | 'warned' | 'removed';

export interface ChatReportsTable {
  id: string;
  message_id: string;
  conversation_id: string;
  reporter_id: string;
  /** The reporter's side of the conversation: the buyer, or a member of the shop. */
  reporter_side: 'buyer' | 'shop';
  reason: ChatReportReason;
  note: Nullable<string>;
  status: Defaulted<ChatReportStatus>;
  outcome: Nullable<ChatReportOutcome>;
  resolution_note: Nullable<string>;
  resolved_by: Nullable<string>;
  created_at: Timestamp;
  resolved_at: Nullable<Date>;
}

/** The chat attached to a dispute when it opened (0037). */
export interface DisputeChatsTable {
  dispute_id: string;
  conversation_id: string;
  /** The last message before the opening (0: none yet). */
  up_to_seq: number;
  attached_at: Timestamp;
}

export interface ChatGovernanceTables {
  chat_reports: ChatReportsTable;
  dispute_chats: DisputeChatsTable;
}
