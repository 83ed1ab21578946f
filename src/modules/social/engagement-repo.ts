import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor } from '../../database.js';
import type { NoteCommentsTable } from './tables.js';

export type Reaction = 'like' | 'collect';
const TABLE = { like: 'note_likes', collect: 'note_collects' } as const;
const COUNTER = { like: 'like_count', collect: 'collect_count' } as const;
export type CommentRow = Selectable<NoteCommentsTable>;

export const engagementRepo = {
  /** Adds the reaction unless the user already has it; true when a row was added. */
  async addReaction(ex: Executor, kind: Reaction, row: { id: string; note_id: string; user_id: string; at: Date }): Promise<boolean> {
    const inserted = await ex
      .insertInto(TABLE[kind])
      .values(row)
      .onConflict((oc) => oc.columns(['note_id', 'user_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  },
  async removeReaction(ex: Executor, kind: Reaction, noteId: string, userId: string): Promise<boolean> {
    const result = await ex.deleteFrom(TABLE[kind]).where('note_id', '=', noteId).where('user_id', '=', userId).executeTakeFirst();
    return result.numDeletedRows > 0n;
  },
  /** Moves a note's counter by `by` and returns the new value (the row lock serialises concurrent moves). */
  async bump(ex: Executor, noteId: string, counter: 'like_count' | 'collect_count' | 'comment_count', by: number): Promise<number> {
    const row = await ex
      .updateTable('notes')
      .set((eb) => ({ [counter]: eb(counter, '+', by) }))
      .where('id', '=', noteId)
      .returning(counter)
      .executeTakeFirstOrThrow();
    return (row as Record<string, number>)[counter]!;
  },
  counterOf: (kind: Reaction) => COUNTER[kind],

  /** The notes among `noteIds` this user reacted to. */
  /** A user's collects, newest first: `id` is the collect's, for the cursor. */
  collectsOf(ex: Executor, userId: string, limit: number, before: string | undefined) {
    let query = ex
      .selectFrom('note_collects')
      .innerJoin('notes', 'notes.id', 'note_collects.note_id')
      .select(['note_collects.id', 'note_collects.note_id'])
      .where('note_collects.user_id', '=', userId)
      .where('notes.deleted_at', 'is', null)
      .where('notes.hidden_at', 'is', null);
    if (before) query = query.where('note_collects.id', '<', before);
    return query.orderBy('note_collects.id', 'desc').limit(limit).execute();
  },
  async likesReceived(ex: Executor, authorId: string): Promise<number> {
    const row = await ex
      .selectFrom('notes')
      .select(sql<number>`coalesce(sum(like_count + collect_count), 0)::int`.as('n'))
      .where('author_id', '=', authorId)
      .where('deleted_at', 'is', null)
      .executeTakeFirstOrThrow();
    return row.n;
  },

  async insertComment(ex: Executor, row: Insertable<NoteCommentsTable>): Promise<void> {
    await ex.insertInto('note_comments').values(row).execute();
  },
  findComment(ex: Executor, noteId: string, id: string): Promise<CommentRow | undefined> {
    return ex.selectFrom('note_comments').selectAll().where('id', '=', id).where('note_id', '=', noteId).executeTakeFirst();
  },
  /** Top-level comments, oldest first (a conversation reads top down). */
  topComments(ex: Executor, noteId: string, limit: number, after: string | undefined): Promise<CommentRow[]> {
    let query = ex.selectFrom('note_comments').selectAll().where('note_id', '=', noteId).where('parent_id', 'is', null);
    if (after) query = query.where('id', '>', after);
    return query.orderBy('id').limit(limit).execute();
  },
  repliesTo(ex: Executor, parentIds: readonly string[]): Promise<CommentRow[]> {
    if (parentIds.length === 0) return Promise.resolve([]);
    return ex.selectFrom('note_comments').selectAll().where('parent_id', 'in', parentIds).orderBy('parent_id').orderBy('id').execute();
  },

  async follow(ex: Executor, row: { id: string; follower_id: string; followee_id: string; at: Date }): Promise<void> {
    await ex
      .insertInto('follows')
      .values(row)
      .onConflict((oc) => oc.columns(['follower_id', 'followee_id']).doNothing())
      .execute();
  },
  async unfollow(ex: Executor, followerId: string, followeeId: string): Promise<void> {
    await ex.deleteFrom('follows').where('follower_id', '=', followerId).where('followee_id', '=', followeeId).execute();
  },
  async follows(ex: Executor, followerId: string, followeeId: string): Promise<boolean> {
    return (await ex.selectFrom('follows').select('id').where('follower_id', '=', followerId).where('followee_id', '=', followeeId).executeTakeFirst()) !== undefined;
  },
  async followCounts(ex: Executor, userId: string): Promise<{ followers: number; following: number }> {
    const row = await ex
      .selectNoFrom((eb) => [
        eb.selectFrom('follows').select(sql<number>`count(*)::int`.as('n')).where('followee_id', '=', userId).as('followers'),
        eb.selectFrom('follows').select(sql<number>`count(*)::int`.as('n')).where('follower_id', '=', userId).as('following'),
      ])
      .executeTakeFirstOrThrow();
    return { followers: Number(row.followers), following: Number(row.following) };
  },
  /** Who follows this user, newest first. */
  followersOf(ex: Executor, userId: string, limit: number, before: string | undefined) {
    let query = ex.selectFrom('follows').select(['id', 'follower_id', 'at']).where('followee_id', '=', userId);
    if (before) query = query.where('id', '<', before);
    return query.orderBy('id', 'desc').limit(limit).execute();
  },
};
