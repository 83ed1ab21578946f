import { sql, type Kysely } from 'kysely';

/**
 * Stored answers of concurrent idempotent requests go in rounds (src/modules/idempotency/service.ts).
 * A round must give up quickly when one of its rows is held by a lock, so that one
 * stuck answer never stalls the others; `lock_timeout` can only be set for a
 * transaction, which would cost a round four statements instead of one. This function
 * sets it for its own statement and stores the round: one round trip.
 *
 * `answers` is a JSON array of {scope, key, status_code, response_body, content_type}.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function store_idempotent_answers(answers jsonb, lock_wait text) returns void
    language plpgsql as $$
    begin
      perform set_config('lock_timeout', lock_wait, true);
      update idempotency_keys as k
        set state = 'done', status_code = v.status_code, response_body = v.response_body, content_type = v.content_type
        from jsonb_to_recordset(answers) as v(scope text, key text, status_code integer, response_body text, content_type text)
        where k.scope = v.scope and k.key = v.key;
    end $$`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Agora migrations only go forward');
}
