import { sql, type Kysely } from 'kysely';

/**
 * Disputes (D5–D7, RULES.md "Disputes"): one case per complaint with its
 * claim, state and current deadline; an append-only timeline of every transition,
 * message and piece of evidence (refused UPDATE/DELETE, like the ledger's transfers).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('disputes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('buyer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id'))
    .addColumn('category', 'text', (c) =>
      c.notNull().check(sql`category in ('not_received', 'not_as_described', 'quality', 'personal_injury', 'forced_sale', 'privacy')`),
    )
    .addColumn('paid', 'bigint', (c) => c.notNull().check(sql`paid > 0`))
    .addColumn('claim_refund', 'bigint', (c) => c.notNull().check(sql`claim_refund >= 0 and claim_refund <= paid`))
    .addColumn('claim_compensation', 'bigint', (c) => c.notNull().check(sql`claim_compensation >= 0`))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('evidence', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'responded', 'arbitration', 'resolved', 'withdrawn', 'closed')`))
    .addColumn('deadline', 'timestamptz')
    .addColumn('overdue', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('refund', 'bigint', (c) => c.check(sql`refund >= 0`))
    .addColumn('compensation', 'bigint', (c) => c.check(sql`compensation >= 0`))
    .addColumn('ruling_reason', 'text')
    .addColumn('resolved_by', 'text', (c) => c.check(sql`resolved_by in ('operator', 'platform')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz')
    .addCheckConstraint('disputes_outcome_ck', sql`(status = 'resolved') = (refund is not null and compensation is not null and resolved_by is not null)`)
    .execute();
  // One open dispute per order; the service checks first under the order's lock.
  await sql`create unique index disputes_open_order_uq on disputes (order_id) where status in ('open', 'responded', 'arbitration')`.execute(db);
  await db.schema.createIndex('disputes_due_idx').on('disputes').columns(['status', 'deadline']).execute();
  await db.schema.createIndex('disputes_buyer_idx').on('disputes').columns(['buyer_id', 'id']).execute();
  await db.schema.createIndex('disputes_operator_idx').on('disputes').columns(['operator_id', 'id']).execute();

  await db.schema
    .createTable('dispute_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dispute_id', 'text', (c) => c.notNull().references('disputes.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('body', 'text')
    .addColumn('evidence', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('detail', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('dispute_events_dispute_idx').on('dispute_events').columns(['dispute_id', 'id']).execute();

  // R16: the parties get the record of their case; it is never rewritten.
  await sql`
    create function dispute_events_immutable() returns trigger language plpgsql as $$
    begin
      raise exception 'dispute timelines are append-only (% refused)', tg_op using errcode = 'P0001';
    end
    $$`.execute(db);
  await sql`create trigger dispute_events_no_update before update or delete on dispute_events for each row execute function dispute_events_immutable()`.execute(db);
  await sql`create trigger dispute_events_no_truncate before truncate on dispute_events for each statement execute function dispute_events_immutable()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Agora migrations only go forward');
}
