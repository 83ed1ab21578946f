/**
 * The social module's part of the user's export (PIPL art. 45): notes (deleted and
 * hidden ones too, with why), comments, likes, collects, follows both ways, reports
 * filed and the feeds shown. Followers appear by id and time only.
 */
import type { Executor } from '../../database.js';
import { camelRows } from '../../lib/export-rows.js';

export const socialExport = {
  async of(ex: Executor, userId: string) {
    const notes = await ex
      .selectFrom('notes')
      .select(['id', 'title', 'body', 'images', 'like_count', 'collect_count', 'comment_count', 'created_at', 'updated_at', 'deleted_at', 'hidden_at', 'hidden_reason'])
      .where('author_id', '=', userId)
      .orderBy('created_at')
      .execute();
    const comments = await ex.selectFrom('note_comments').select(['id', 'note_id', 'parent_id', 'body', 'created_at']).where('author_id', '=', userId).orderBy('created_at').execute();
    const likes = await ex.selectFrom('note_likes').select(['id', 'note_id', 'at']).where('user_id', '=', userId).orderBy('at').execute();
    const collects = await ex.selectFrom('note_collects').select(['id', 'note_id', 'at']).where('user_id', '=', userId).orderBy('at').execute();
    const following = await ex.selectFrom('follows').select(['id', 'followee_id', 'at']).where('follower_id', '=', userId).orderBy('at').execute();
    const followers = await ex.selectFrom('follows').select(['id', 'follower_id', 'at']).where('followee_id', '=', userId).orderBy('at').execute();
    const reports = await ex.selectFrom('note_reports').select(['id', 'note_id', 'reason', 'created_at', 'resolved_at', 'resolution']).where('reporter_id', '=', userId).orderBy('created_at').execute();
    const feeds = await ex.selectFrom('feed_snapshots').select(['id', 'personalised', 'note_ids', 'created_at']).where('viewer_id', '=', userId).orderBy('created_at').execute();
    return {
      notes: camelRows(notes),
      comments: camelRows(comments),
      likes: camelRows(likes),
      collects: camelRows(collects),
      following: camelRows(following),
      followers: camelRows(followers),
      reports: camelRows(reports),
      feedsShown: camelRows(feeds),
    };
  },
};
