import { sql, type Kysely } from 'kysely';

/**
 * Feeds and search at 1M notes (`npm run bench -- --only=feed`).
 *
 * - `discover_candidates`: beside each common discover snapshot, the notes a
 *   personalised ranking can draw from, with their score, author and hashtags
 *   (src/modules/social/feed-repo.ts), so personalising sorts a few thousand rows
 *   instead of ranking notes, likes and hashtags again per viewer. They go with
 *   their snapshot.
 * - The search tables' `fuzzy` trigram text goes: unused since typos are corrected
 *   against the vocabulary (0018), and a fifth of every document row that search
 *   reads past.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('discover_candidates')
    .addColumn('snapshot_id', 'text', (c) => c.notNull().references('feed_snapshots.id'))
    .addColumn('note_id', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('score', 'float8', (c) => c.notNull())
    .addColumn('hashtags', sql`text[]`, (c) => c.notNull())
    .addPrimaryKeyConstraint('discover_candidates_pk', ['snapshot_id', 'note_id'])
    .execute();
  await db.schema.alterTable('product_search').dropColumn('fuzzy').execute();
  await db.schema.alterTable('note_search').dropColumn('fuzzy').execute();
}

export async function down(): Promise<void> {
  throw new Error('Agora migrations only go forward');
}
