import { sql } from 'kysely';
import type { Executor } from '../../database.js';

/** SQL for erasing a user's social traces (social/erasure.ts). */
export const socialErasureRepo = {
  /** The author's notes emptied and marked deleted; returns their ids. */
  async emptyNotesOf(ex: Executor, authorId: string, at: Date): Promise<string[]> {
    const rows = await ex
      .updateTable('notes')
      .set({ title: '', body: '', images: '[]', deleted_at: sql<Date>`coalesce(deleted_at, ${at})`, updated_at: at })
      .where('author_id', '=', authorId)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  },

  async dropSearchAndHashtags(ex: Executor, noteIds: readonly string[]): Promise<void> {
    if (noteIds.length === 0) return;
    await ex.deleteFrom('note_search').where('note_id', 'in', noteIds).execute();
    await ex.deleteFrom('note_hashtags').where('note_id', 'in', noteIds).execute();
  },

  /** Deletes the user's likes or collects; returns how many went from each note. */
  async deleteReactions(ex: Executor, table: 'note_likes' | 'note_collects', userId: string): Promise<Map<string, number>> {
    const rows = await ex.deleteFrom(table).where('user_id', '=', userId).returning('note_id').execute();
    return countBy(rows.map((r) => r.note_id));
  },

  /** Deletes the user's comments (others' replies to them become top-level); returns how many went from each note. */
  async deleteComments(ex: Executor, authorId: string): Promise<Map<string, number>> {
    const own = ex.selectFrom('note_comments').select('id').where('author_id', '=', authorId);
    await ex.updateTable('note_comments').set({ parent_id: null }).where('parent_id', 'in', own).where('author_id', '<>', authorId).execute();
    const rows = await ex.deleteFrom('note_comments').where('author_id', '=', authorId).returning('note_id').execute();
    return countBy(rows.map((r) => r.note_id));
  },

  async lowerCounter(ex: Executor, counter: 'like_count' | 'collect_count' | 'comment_count', noteId: string, by: number): Promise<void> {
    await ex
      .updateTable('notes')
      .set((eb) => ({ [counter]: sql<number>`greatest(0, ${eb.ref(counter)} - ${by})` }))
      .where('id', '=', noteId)
      .execute();
  },

  async deleteFollows(ex: Executor, userId: string): Promise<void> {
    await ex.deleteFrom('follows').where((eb) => eb.or([eb('follower_id', '=', userId), eb('followee_id', '=', userId)])).execute();
  },

  async deleteFeedSnapshots(ex: Executor, viewerId: string): Promise<void> {
    await ex.deleteFrom('feed_snapshots').where('viewer_id', '=', viewerId).execute();
  },
};

function countBy(ids: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}
