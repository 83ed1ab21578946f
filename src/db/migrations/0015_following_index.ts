import { sql, type Kysely } from 'kysely';

/**
 * The following feed at scale (measured by `npm run bench -- --only=feed`):
 * the ids of each author's visible notes, newest first, answered from the index alone,
 * so a feed reads the newest page of each followee and then only the notes it shows
 * (src/modules/social/notes-repo.ts `following`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('notes_visible_author_idx')
    .on('notes')
    .columns(['author_id', 'id'])
    .where(sql.ref('deleted_at'), 'is', null)
    .where(sql.ref('hidden_at'), 'is', null)
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Agora migrations only go forward');
}
