import { sql, type Insertable } from 'kysely';
import type { Executor } from '../../db/index.js';
import type { FeedSnapshotsTable } from './tables.js';

/** Discover ranks the newest this many notes; older ones are reached through profiles and search. */
export const DISCOVER_CANDIDATES = 5000;
/** A snapshot holds at most this many ranked notes (50 pages of 20). */
export const SNAPSHOT_SIZE = 1000;

export const feedRepo = {
  /**
   * The discover ranking as of `asOf`: engagement with time decay, like Hacker News's
   *
   *   score = (1 + likes + 2·collects + 3·comments) × boost / (ageHours + 2)^1.5
   *
   * Collects and comments cost the reader more than a like, so they weigh more; the
   * +2 hours keeps a brand-new note from dividing by almost nothing; gravity 1.5
   * halves a note's pull in roughly its first day. `boost` is 1 unless the ranking is
   * personalised (R6: only with the `personalised_feed` consent): ×2 for an author
   * the viewer follows, ×1.5 for a note sharing a hashtag with notes the viewer
   * liked or collected. Ties go to the newer note. The age is a float8: `extract`
   * answers numeric, and numeric `power` over 5,000 candidates took ~100 ms (float8: ~4).
   */
  async rankDiscover(ex: Executor, asOf: Date, viewerId: string | undefined): Promise<string[]> {
    // The viewer's followees and liked/collected hashtags are looked up once, and only
    // the candidates' own hashtags (joined from `c`) are matched against them: a
    // correlated `exists` was planned as a hash join over every note's hashtags, ~1 s
    // at 1M notes; this is ~30 ms.
    const boost = viewerId
      ? sql`(case when c.author_id in (select followee_id from follows where follower_id = ${viewerId}) then 2.0 else 1.0 end)
          * (case when c.id in (
              select h.note_id from c as own join note_hashtags h on h.note_id = own.id
              where h.tag in (
                select h2.tag from note_hashtags h2 join note_likes l on l.note_id = h2.note_id where l.user_id = ${viewerId}
                union
                select h3.tag from note_hashtags h3 join note_collects k on k.note_id = h3.note_id where k.user_id = ${viewerId}
              )) then 1.5 else 1.0 end)`
      : sql`1.0`;
    const { rows } = await sql<{ id: string }>`
      with c as (
        select id, author_id, like_count, collect_count, comment_count, created_at
        from notes
        where deleted_at is null and hidden_at is null and created_at <= ${asOf}
        order by id desc
        limit ${DISCOVER_CANDIDATES}
      )
      select c.id from c
      order by (1 + c.like_count + 2 * c.collect_count + 3 * c.comment_count) * ${boost}
               / power(greatest(extract(epoch from (${asOf}::timestamptz - c.created_at))::float8 / 3600.0, 0) + 2, 1.5) desc,
               c.id desc
      limit ${SNAPSHOT_SIZE}`.execute(ex);
    return rows.map((r) => r.id);
  },

  async insertSnapshot(ex: Executor, row: Insertable<FeedSnapshotsTable>): Promise<void> {
    await ex.insertInto('feed_snapshots').values(row).execute();
  },
  /** The latest common (non-personalised) snapshot made at or after `since`. */
  latestCommonSnapshot(ex: Executor, since: Date) {
    return ex.selectFrom('feed_snapshots').selectAll().where('personalised', '=', false).where('created_at', '>=', since).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  },
  async newestNoteId(ex: Executor): Promise<string | null> {
    const row = await ex.selectFrom('notes').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row?.id ?? null;
  },
  findSnapshot(ex: Executor, id: string) {
    return ex.selectFrom('feed_snapshots').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async deleteSnapshotsBefore(ex: Executor, before: Date): Promise<void> {
    await ex.deleteFrom('feed_snapshots').where('created_at', '<', before).execute();
  },
};
