import type { ColumnType } from 'kysely';

export interface AuditLogTable {
  id: ColumnType<string, string, never>;
  actor_id: string;
  /** The role the actor acted in: `admin` or `regulator`. */
  actor_role: ColumnType<string, string | undefined, never>;
  action: string;
  target_type: string;
  target_id: string;
  detail: ColumnType<Record<string, unknown>, string, string>;
  at: ColumnType<Date, Date | string | undefined, never>;
}

export interface AuditTables {
  audit_log: AuditLogTable;
}
