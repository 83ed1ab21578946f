import { sql, type Kysely } from 'kysely';

/**
 * The Idempotency-Key of the request that caused an order event, kept beside the
 * event (not in its detail, which the timeline shows): a request retried after its
 * answer was lost finds its own event and answers as the first run did. One key
 * acts on an order once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('order_events').addColumn('request_key', 'text').execute();
  await sql`update order_events set request_key = detail->>'requestKey', detail = detail - 'requestKey' where detail ? 'requestKey'`.execute(db);
  await db.schema.createIndex('order_events_request_key_uq').on('order_events').columns(['order_id', 'request_key']).unique().where(sql.ref('request_key'), 'is not', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('order_events_request_key_uq').execute();
  await db.schema.alterTable('order_events').dropColumn('request_key').execute();
}
