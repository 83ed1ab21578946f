import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** A marketing message: the platform's own (operator_id null) or a shop's to its past buyers. */
export interface MarketingMessagesTable {
  id: string;
  operator_id: string | null;
  sent_by: string;
  title: string;
  body: string;
  recipients: number;
  created_at: Timestamp;
}

export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'withheld';

/** One recipient of one message; decided at send time against the consent then in force. */
export interface MarketingDeliveriesTable {
  id: string;
  message_id: string;
  user_id: string;
  status: DeliveryStatus;
  decided_at: Timestamp | null;
  created_at: Timestamp;
}

export interface MarketingTables {
  marketing_messages: MarketingMessagesTable;
  marketing_deliveries: MarketingDeliveriesTable;
}
