import { sql, type Kysely } from 'kysely';

/**
 * Chat governance (issue 18 items 4 and 5), on the chat core's tables (0035):
 *
 * - `chat_reports`: a party reports the other side's message; one open report per
 *   reporter and message (the partial unique index makes a double tap or a race one
 *   report, the second a 409). The admin closes it with an outcome.
 * - `conversation_messages.removed_at`: the platform removed the message after a report;
 *   both sides are shown 「该消息已被平台删除」, the row and its original stay as the
 *   record of what was removed (R4), purged with the conversation.
 * - `dispute_chats`: the chat between the buyer and the order's shop attached to a
 *   dispute when it opened, and the last message before the opening; messages sent while
 *   the case is open are evidence too (read by time, not stored twice). A conversation
 *   attached to a dispute is part of the order's record and is kept with it (R4).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('chat_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull().references('conversation_messages.id'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('reporter_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('reporter_side', 'text', (c) => c.notNull().check(sql`reporter_side in ('buyer', 'shop')`))
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`reason in ('harassment', 'fraud', 'spam', 'other')`))
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'resolved')`))
    .addColumn('outcome', 'text', (c) => c.check(sql`outcome in ('dismissed', 'warned', 'removed')`))
    .addColumn('resolution_note', 'text')
    .addColumn('resolved_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('resolved_at', 'timestamptz')
    .addCheckConstraint('chat_reports_resolved_ck', sql`(status = 'open') = (outcome is null and resolved_at is null)`)
    .execute();
  await sql`create unique index chat_reports_open_uq on chat_reports (message_id, reporter_id) where status = 'open'`.execute(db);
  await db.schema.createIndex('chat_reports_queue_idx').on('chat_reports').columns(['status', 'created_at', 'id']).execute();
  await db.schema.createIndex('chat_reports_conversation_idx').on('chat_reports').columns(['conversation_id']).execute();

  await db.schema.alterTable('conversation_messages').addColumn('removed_at', 'timestamptz').execute();

  await db.schema
    .createTable('dispute_chats')
    .addColumn('dispute_id', 'text', (c) => c.primaryKey().references('disputes.id'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('up_to_seq', 'integer', (c) => c.notNull())
    .addColumn('attached_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('dispute_chats_conversation_idx').on('dispute_chats').columns(['conversation_id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Agora migrations only go forward');
}
