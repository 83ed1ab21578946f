import { sql, type Kysely } from 'kysely';

/**
 * The privacy centre:
 * - the sensitive-information consent, asked for on its own (PIPL art. 29);
 * - who read personal data, as a role and (for an operator) which shop, so the
 *   subject's access log can say it without naming staff (PIPL art. 45);
 * - marketing messages and their per-recipient deliveries, each decided at send time
 *   against the consent then in force (D3, R15).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table consents drop constraint consents_purpose_check`.execute(db);
  await sql`alter table consents add constraint consents_purpose_check
    check (purpose in ('marketing', 'share_with_operator_marketing', 'personalised_feed', 'sensitive_identity'))`.execute(db);

  await db.schema
    .alterTable('personal_data_access_log')
    .addColumn('actor_role', 'text', (c) => c.check(sql`actor_role in ('operator', 'admin', 'service_provider', 'regulator', 'user')`))
    .addColumn('actor_operator_id', 'text')
    .execute();
  // Rows written before this migration came from two doors: an operator reading where to
  // ship ("ship order <id>") and admins reviewing or supporting.
  await sql`update personal_data_access_log l
    set actor_role = 'operator', actor_operator_id = o.operator_id
    from orders o where l.purpose = 'ship order ' || o.id`.execute(db);
  await sql`update personal_data_access_log set actor_role = 'admin' where actor_role is null`.execute(db);
  await sql`alter table personal_data_access_log alter column actor_role set not null`.execute(db);
  await sql`alter table personal_data_access_log add constraint personal_data_access_log_operator_ck
    check ((actor_role = 'operator') = (actor_operator_id is not null))`.execute(db);

  await db.schema
    .createTable('marketing_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // null: the platform's own message; otherwise the shop that sent it to its past buyers.
    .addColumn('operator_id', 'text', (c) => c.references('operators.id'))
    .addColumn('sent_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('recipients', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('marketing_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull().references('marketing_messages.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    // queued → sending → sent; or withheld when the consent was gone at send time.
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('queued', 'sending', 'sent', 'withheld')`))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('marketing_deliveries_uq', ['message_id', 'user_id'])
    .execute();
  await db.schema.createIndex('marketing_deliveries_user_idx').on('marketing_deliveries').columns(['user_id', 'id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Agora migrations only go forward');
}
