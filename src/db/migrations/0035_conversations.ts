import { sql, type Kysely } from 'kysely';

/**
 * Conversations (客服 chat; issue 18): one conversation per buyer and shop, its
 * messages with a per-conversation sequence number (the SSE `id:`, so a resumed
 * stream gets exactly what it missed), the shop's quick replies, the shop's first
 * response times kept per day (the storefront average never scans messages), open
 * streams' presence (whether the other side needs an in-app notice), and shop
 * roles: `operator_members`, backfilled with every owner and kept so by a trigger.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('operator_members')
    .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('owner', 'staff')`))
    .addColumn('added_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('operator_members_pk', ['operator_id', 'user_id'])
    .execute();
  await db.schema.createIndex('operator_members_user_idx').on('operator_members').columns(['user_id']).execute();
  await sql`insert into operator_members (operator_id, user_id, role, added_by, created_at)
            select id, owner_id, 'owner', owner_id, created_at from operators`.execute(db);
  // Every path that creates an operator gets its owner row, whichever module inserts it.
  await sql`
    create function operator_members_owner() returns trigger language plpgsql as $$
    begin
      insert into operator_members (operator_id, user_id, role, added_by, created_at)
      values (new.id, new.owner_id, 'owner', new.owner_id, now())
      on conflict (operator_id, user_id) do update set role = 'owner';
      return new;
    end
    $$`.execute(db);
  await sql`create trigger operator_members_owner_row after insert on operators for each row execute function operator_members_owner()`.execute(db);

  await db.schema
    .createTable('conversations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('buyer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    // The last message: its seq (messages are numbered 1, 2, … per conversation), side and time.
    .addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_from', 'text', (c) => c.check(sql`last_from in ('buyer', 'shop')`))
    .addColumn('last_message_at', 'timestamptz')
    // Read receipts: the highest seq each side has read.
    .addColumn('buyer_read_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('shop_read_seq', 'integer', (c) => c.notNull().defaultTo(0))
    // Messages of the other side not yet read, kept with the receipts.
    .addColumn('buyer_unread', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('shop_unread', 'integer', (c) => c.notNull().defaultTo(0))
    // The buyer's first message the shop has not answered yet (null: nobody waits).
    .addColumn('waiting_since', 'timestamptz')
    // Coalesced in-app notices: one per side until that side reads.
    .addColumn('buyer_notified', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('shop_notified', 'boolean', (c) => c.notNull().defaultTo(false))
    // The 10-minute SMS about an order (never marketing): due time, and sent in this unread stretch.
    .addColumn('sms_due_at', 'timestamptz')
    .addColumn('sms_sent', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await sql`create unique index conversations_pair_uq on conversations (buyer_id, operator_id)`.execute(db);
  await db.schema.createIndex('conversations_buyer_idx').on('conversations').columns(['buyer_id', 'last_message_at', 'id']).execute();
  await db.schema.createIndex('conversations_operator_idx').on('conversations').columns(['operator_id', 'last_message_at', 'id']).execute();
  await sql`create index conversations_waiting_idx on conversations (operator_id, waiting_since, id) where waiting_since is not null`.execute(db);
  await sql`create index conversations_sms_due_idx on conversations (sms_due_at) where sms_due_at is not null`.execute(db);

  await db.schema
    .createTable('conversation_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('sender_id', 'text', (c) => c.references('users.id'))
    .addColumn('from_side', 'text', (c) => c.notNull().check(sql`from_side in ('buyer', 'shop')`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('text', 'image', 'product', 'order')`))
    // Shown text, masked (phones, WeChat, QQ, links); the original sealed in the vault when it differs.
    .addColumn('body', 'text')
    .addColumn('masked', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('original_record_id', 'text')
    .addColumn('image', 'text')
    .addColumn('product_id', 'text', (c) => c.references('products.id'))
    .addColumn('order_id', 'text', (c) => c.references('orders.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create unique index conversation_messages_seq_uq on conversation_messages (conversation_id, seq)`.execute(db);
  await sql`create index conversation_messages_order_idx on conversation_messages (conversation_id, order_id) where order_id is not null`.execute(db);

  await db.schema
    .createTable('quick_replies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('quick_replies_operator_idx').on('quick_replies').columns(['operator_id', 'id']).execute();

  // First response time per day and shop: the storefront sums at most 30 rows.
  await db.schema
    .createTable('operator_response_days')
    .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id'))
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('total_ms', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('turns', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('operator_response_days_pk', ['operator_id', 'day'])
    .execute();

  // Open streams (any process), refreshed with each heartbeat; stale rows mean nobody is watching.
  await db.schema
    .createTable('conversation_presence')
    .addColumn('stream_id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text')
    .addColumn('operator_id', 'text')
    .addColumn('seen_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('conversation_presence_conversation_idx').on('conversation_presence').columns(['conversation_id', 'user_id']).execute();
  await db.schema.createIndex('conversation_presence_operator_idx').on('conversation_presence').columns(['operator_id', 'user_id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Agora migrations only go forward');
}
