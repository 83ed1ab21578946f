import { sql, type Kysely } from 'kysely';

/**
 * The R4 purge (PIPL art. 47, E-Commerce Law art. 31) must empty an erased buyer's
 * after-sales timeline three years after the order closed (aftersales/retention.ts),
 * but 0033 made `after_sale_events` refuse every update. The timeline stays
 * append-only for everything else: the one update let through is the purge's own —
 * the same event (id, request, type, actor, time), its note and photos emptied, and
 * its detail only losing keys (the courier and tracking number). Deletes are still
 * refused.
 *
 * `dispute_events` (0019) had the same trigger and nothing relaxed it, so the purge's
 * `disputes/retention.ts` update failed for any erased buyer with a dispute — and with
 * it the whole purge run. It gets the same one exception: the event kept, its message
 * and evidence emptied, its detail only losing keys.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function after_sale_events_immutable() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE'
        and new.id = old.id and new.after_sale_id = old.after_sale_id and new.type = old.type
        and new.actor = old.actor and new.actor_id is not distinct from old.actor_id and new.at = old.at
        and new.body is null and new.images = '[]'::jsonb and new.detail <@ old.detail then
        return new;
      end if;
      raise exception 'after-sales timelines are append-only (% refused)', tg_op using errcode = 'P0001';
    end
    $$`.execute(db);
  await sql`
    create or replace function dispute_events_immutable() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE'
        and new.id = old.id and new.dispute_id = old.dispute_id and new.type = old.type
        and new.actor_id is not distinct from old.actor_id and new.at = old.at
        and new.body is null and new.evidence = '[]'::jsonb and new.detail <@ old.detail then
        return new;
      end if;
      raise exception 'dispute timelines are append-only (% refused)', tg_op using errcode = 'P0001';
    end
    $$`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Agora migrations only go forward');
}
