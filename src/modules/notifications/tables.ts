import type { ColumnType } from 'kysely';

/** What the sandbox SMS gateway received: the stand-in for a carrier's delivery. */
export interface SandboxSmsTable {
  id: string;
  phone_hash: string;
  phone_sealed: string;
  body: string;
  received_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface NotificationsTables {
  sandbox_sms: SandboxSmsTable;
}
