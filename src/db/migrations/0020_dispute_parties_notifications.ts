import { sql, type Kysely } from 'kysely';

/**
 * In-app notifications: what each party must do and by when,
 * with an SMS for deadlines sent by a pg-boss job (the job carries only the
 * notification's id; the phone is read from the vault when sending).
 * D7: a dispute may name a service provider, which must answer like the operator;
 * a ruling may charge it compensation, recorded as its debt to the platform.
 * The 12-hour reminder before each 48-hour deadline is sent once (`reminded_at`,
 * `provider_reminded_at`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'text', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz')
    .addColumn('read_at', 'timestamptz')
    // null: in-app only; queued → sending → sent, or no_phone when the user has no verified phone.
    .addColumn('sms_state', 'text', (c) => c.check(sql`sms_state in ('queued', 'sending', 'sent', 'no_phone')`))
    .addColumn('sms_sent_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['user_id', 'id']).execute();
  await sql`create index notifications_unread_idx on notifications (user_id, id) where read_at is null`.execute(db);
  await sql`create index notifications_sms_queued_idx on notifications (created_at) where sms_state in ('queued', 'sending')`.execute(db);

  await db.schema
    .alterTable('disputes')
    .addColumn('service_provider_id', 'text', (c) => c.references('service_providers.id'))
    // The provider answers within 48 h of being named, like the operator.
    .addColumn('provider_deadline', 'timestamptz')
    .addColumn('provider_answer', 'text', (c) => c.check(sql`provider_answer in ('accepted', 'refused')`))
    .addColumn('provider_share', 'bigint', (c) => c.check(sql`provider_share >= 0`))
    .addColumn('provider_compensation', 'bigint', (c) => c.check(sql`provider_compensation >= 0`))
    .addColumn('reminded_at', 'timestamptz')
    .addColumn('provider_reminded_at', 'timestamptz')
    .execute();
  await sql`alter table disputes add constraint disputes_provider_ck check (service_provider_id is not null or (provider_deadline is null and provider_answer is null and provider_share is null))`.execute(db);
  await db.schema.createIndex('disputes_provider_idx').on('disputes').columns(['service_provider_id', 'id']).execute();
  await sql`create index disputes_provider_due_idx on disputes (provider_deadline) where provider_answer is null and provider_deadline is not null`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Agora migrations only go forward');
}
