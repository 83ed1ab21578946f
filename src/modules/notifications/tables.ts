import type { ColumnType } from 'kysely';

/** What the sandbox SMS gateway received: the stand-in for a carrier's delivery. */
export interface SandboxSmsTable {
  id: string;
  phone_hash: string;
  phone_sealed: string;
  body: string;
  received_at: ColumnType<Date, Date | string | undefined, never>;
}

/** null: in-app only; queued → sending → sent, or no_phone when the user has no verified phone. */
export type SmsState = 'queued' | 'sending' | 'sent' | 'no_phone';

/**
 * Every kind of notification, stable so the web translates each one (and its typecheck
 * requires words for every kind). A new kind is added here first.
 */
export const NOTIFICATION_KINDS = [
  'dispute.answer_due',
  'dispute.awaiting_answer',
  'dispute.answer_reminder',
  'dispute.escalate_due',
  'dispute.provider_answered',
  'dispute.ruling_due',
  'dispute.outcome',
  'dispute.party_added',
  'review.hidden',
  'review.appeal_decided',
  'after_sale.requested',
  'after_sale.approved',
  'after_sale.refused',
  'after_sale.return_shipped',
  'after_sale.return_received',
  'after_sale.refunded',
  'after_sale.exchange_shipped',
  'after_sale.withdrawn',
  'after_sale.closed',
  'after_sale.escalated',
  'parcel.delivered',
  'parcel.exception',
  'conversation.message',
  'conversation.order_reply',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What a user is told in the app: what is due from them and by when. */
export interface NotificationsTable {
  id: string;
  user_id: string;
  /** Stable, for the web to translate (`dispute.answer_due`…); title and body are the zh-CN text. */
  kind: string;
  title: string;
  body: string;
  /** Where in the app the thing to do is, e.g. `/disputes/01J…`. */
  link: string;
  due_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  read_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  sms_state: ColumnType<SmsState | null, SmsState | null | undefined, SmsState | null>;
  sms_sent_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: ColumnType<Date, Date, never>;
}

export interface NotificationsTables {
  sandbox_sms: SandboxSmsTable;
  notifications: NotificationsTable;
}
