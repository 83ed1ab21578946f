/**
 * The feeds (API.md `GET /feed`). `following`: notes of the people one follows,
 * newest first, paged by note id (new notes sort above the cursor, so paging on
 * never repeats or skips one). `discover`: ranked by engagement with time decay
 * (feed-repo.ts); the ranking is frozen into a snapshot on the first page and the
 * cursor walks the snapshot, so likes and new notes arriving meanwhile cannot
 * reorder what is left. The common (non-personalised) snapshot is shared by all
 * viewers while it is recent and no newer note exists (COMMON_REUSE_MS). R6: personalised only with the `personalised_feed` consent,
 * and `personalised=false` always gives the same ranking everyone gets.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/index.js';
import { DAY, MINUTE, type Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { nextCursor } from '../../lib/paging.js';
import type { ConsentsService } from '../privacy/index.js';
import { socialErrors as errors } from './errors.js';
import { feedRepo } from './feed-repo.js';
import { notesRepo } from './notes-repo.js';
import type { NoteView, NoteViews } from './view.js';

/** How long a discover cursor stays good. */
export const SNAPSHOT_TTL_MS = DAY;
/**
 * The common ranking is shared by every viewer for up to a minute while no new note
 * arrives: a first page is then a lookup, not a ranking and a write. New likes show
 * within the minute; a new note at once.
 */
export const COMMON_REUSE_MS = MINUTE;

export interface FeedQuery {
  tab: 'following' | 'discover';
  /** Discover only: false asks for the non-personalised ranking (R6). */
  personalised?: boolean | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface FeedPage {
  items: NoteView[];
  nextCursor: string | null;
  /** Whether this ranking used what Agora knows of the viewer. */
  personalised: boolean;
}

export function createFeedService(deps: { db: Kysely<DB>; views: NoteViews; consents: ConsentsService; clock: Clock }) {
  const { db, views, consents, clock } = deps;

  async function following(viewerId: string | undefined, query: FeedQuery): Promise<FeedPage> {
    if (!viewerId) throw errors.followingNeedsSignIn();
    const rows = await notesRepo.following(db, { followerId: viewerId, limit: query.limit, before: query.cursor });
    return { items: await views.assemble(db, rows, viewerId), nextCursor: nextCursor(rows, query.limit), personalised: false };
  }

  /** A cursor is `<snapshot id>.<offset>`, good for a day; a personalised one only for its viewer. */
  async function openSnapshot(viewerId: string | undefined, cursor: string) {
    const match = /^([0-9a-f-]{36})\.(\d{1,4})$/.exec(cursor);
    const snapshot = match ? await feedRepo.findSnapshot(db, match[1]!) : undefined;
    const mine = snapshot !== undefined && (!snapshot.personalised || snapshot.viewer_id === viewerId);
    if (!snapshot || !mine || snapshot.created_at.getTime() + SNAPSHOT_TTL_MS < clock.now().getTime()) throw errors.badCursor();
    return { snapshot, offset: Number(match![2]) };
  }

  /** A fresh ranking, frozen; the common one is reused while recent and no note is newer. */
  async function firstSnapshot(viewerId: string | undefined, personalised: boolean) {
    const now = clock.now();
    const newest = await feedRepo.newestNoteId(db);
    if (!personalised) {
      const recent = await feedRepo.latestCommonSnapshot(db, new Date(now.getTime() - COMMON_REUSE_MS));
      if (recent && recent.newest_note_id === newest) return recent;
    }
    const snapshot = {
      id: newId(now.getTime()),
      viewer_id: personalised ? viewerId! : null,
      personalised,
      note_ids: await feedRepo.rankDiscover(db, now, personalised ? viewerId : undefined),
      newest_note_id: newest,
      created_at: now,
    };
    await feedRepo.deleteSnapshotsBefore(db, new Date(now.getTime() - SNAPSHOT_TTL_MS));
    await feedRepo.insertSnapshot(db, snapshot);
    return snapshot;
  }

  async function discover(viewerId: string | undefined, query: FeedQuery): Promise<FeedPage> {
    let snapshot;
    let offset = 0;
    if (query.cursor) {
      ({ snapshot, offset } = await openSnapshot(viewerId, query.cursor));
    } else {
      const personalised = viewerId !== undefined && query.personalised !== false && (await consents.granted(db, viewerId, 'personalised_feed'));
      snapshot = await firstSnapshot(viewerId, personalised);
    }
    const ids = snapshot.note_ids.slice(offset, offset + query.limit);
    const end = offset + ids.length;
    return {
      // Notes deleted or hidden since the snapshot drop out; nothing else moves.
      items: await views.assemble(db, await notesRepo.visibleNotes(db, ids), viewerId),
      nextCursor: end < snapshot.note_ids.length ? `${snapshot.id}.${end}` : null,
      personalised: snapshot.personalised,
    };
  }

  return {
    page: (viewerId: string | undefined, query: FeedQuery): Promise<FeedPage> => (query.tab === 'following' ? following(viewerId, query) : discover(viewerId, query)),
  };
}

export type FeedService = ReturnType<typeof createFeedService>;
