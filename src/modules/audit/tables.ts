import type { ColumnType } from 'kysely';

export interface AuditLogTable {
  id: string;
  actor_id: string;
  action: string;
  target_type: string;
  target_id: string;
  detail: ColumnType<Record<string, unknown>, string, string>;
  at: ColumnType<Date, Date | string | undefined, never>;
}

export interface AuditTables {
  audit_log: AuditLogTable;
}
