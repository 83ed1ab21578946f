import { sql, type Kysely } from 'kysely';

/**
 * Oversight: the admin audit log says which role acted (an admin
 * or a regulator), can be filtered by who, what and when, and is append-only like
 * the dispute timeline (0019): a trigger refuses UPDATE, DELETE and TRUNCATE, so
 * not even a platform operator with SQL access can quietly rewrite who looked at what.
 * Rows written before this migration were all admin actions (only admins could act).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('actor_role', 'text', (c) => c.notNull().defaultTo('admin')).execute();
  await db.schema.createIndex('audit_log_actor_idx').on('audit_log').columns(['actor_id', 'id']).execute();
  await db.schema.createIndex('audit_log_action_idx').on('audit_log').columns(['action', 'id']).execute();
  await db.schema.createIndex('audit_log_target_idx').on('audit_log').columns(['target_type', 'target_id', 'id']).execute();
  await sql`
    create function audit_log_immutable() returns trigger language plpgsql as $$
    begin
      raise exception 'the audit log is append-only (% refused)', tg_op using errcode = 'P0001';
    end
    $$`.execute(db);
  await sql`create trigger audit_log_no_update before update or delete on audit_log for each row execute function audit_log_immutable()`.execute(db);
  await sql`create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_immutable()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Agora migrations only go forward');
}
