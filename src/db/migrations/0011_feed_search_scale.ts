import { sql, type Kysely } from 'kysely';

/**
 * Feeds and search at scale (issue 5 item 14, measured by `npm run bench -- --only=feed`).
 *
 * - The ids of each author's visible notes, newest first, answered from the index
 *   alone, so the following feed reads the newest page of each followee and then only
 *   the notes it shows (src/modules/social/notes-repo.ts `following`).
 * - pg_trgm's `<%` (word similarity, src/db/search.ts) is declared as costly as it is.
 *   At cost 1 the planner priced a scan computing it for every one of 10k products
 *   below the GIN bitmap scans: ~110 ms a search instead of ~12. Only an owner of the
 *   extension's functions may say so; a role that is not keeps the old plans (noticed).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('notes_visible_author_idx')
    .on('notes')
    .columns(['author_id', 'id'])
    .where(sql.ref('deleted_at'), 'is', null)
    .where(sql.ref('hidden_at'), 'is', null)
    .execute();
  await sql`do $$ begin
      alter function word_similarity_op(text, text) cost 100;
    exception when insufficient_privilege then
      raise notice 'word_similarity_op cost unchanged: not an owner of pg_trgm''s functions';
    end $$`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Agora migrations only go forward');
}
