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
import { LRUCache } from 'lru-cache';
import type { DB } from '../../database.js';
import { DAY, HOUR, MINUTE, type Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { nextCursor } from '../../lib/paging.js';
import type { ConsentsService } from '../privacy/index.js';
import { socialErrors as errors } from './errors.js';
import { feedRepo, SNAPSHOT_SIZE, type SnapshotPage } from './feed-repo.js';
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
/**
 * How long this process answers first pages from the common snapshot it last looked
 * up, instead of asking the database whether a newer note exists: a note posted through
 * this process shows at once, one posted through another within this.
 */
export const COMMON_CHECK_MS = 1000;

/**
 * A signed-in author's own notes younger than this (as of the snapshot) lead their own
 * discover feed: a note just posted scores ~0 engagement and would otherwise sink below
 * older, liked ones, and the author would think it was lost (issue 16). The newest
 * OWN_PINNED_MAX are pinned; later pages of the same snapshot leave out every own note
 * of that window, so paging on never shows a note twice.
 */
export const OWN_PINNED_MS = HOUR;
export const OWN_PINNED_MAX = 5;

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

  /** Pages of common snapshots, which never change once written: kept while read (personalised ones are not kept). */
  const commonPages = new LRUCache<string, SnapshotPage>({ max: 2_000 });
  async function snapshotPage(id: string, offset: number, limit: number): Promise<SnapshotPage | undefined> {
    const key = `${id}.${offset}.${limit}`;
    const kept = commonPages.get(key);
    if (kept) return kept;
    const page = await feedRepo.snapshotPage(db, id, offset, limit);
    if (page && !page.personalised) commonPages.set(key, page);
    return page;
  }

  /** A cursor is `<snapshot id>.<offset>`, good for a day; a personalised one only for its viewer. */
  async function snapshotAt(viewerId: string | undefined, cursor: string, limit: number): Promise<SnapshotPage> {
    const match = /^([0-9a-f-]{36})\.(\d{1,4})$/.exec(cursor);
    const page = match ? await snapshotPage(match[1]!, Number(match[2]), limit) : undefined;
    const mine = page !== undefined && (!page.personalised || page.viewer_id === viewerId);
    if (!page || !mine || page.created_at.getTime() + SNAPSHOT_TTL_MS < clock.now().getTime()) throw errors.badCursor();
    return page;
  }

  /**
   * One common ranking at a time in this process: when the shared one goes stale,
   * the requests arriving meanwhile wait for it instead of each ranking again.
   */
  let ranking: Promise<{ id: string }> | undefined;

  /** The first page of the common snapshot as last looked up, per page size, for COMMON_CHECK_MS. */
  const lastCommon = new Map<number, { at: number; page: Promise<SnapshotPage & { newest: string | null }> }>();

  function commonSnapshot(limit: number): Promise<SnapshotPage & { newest: string | null }> {
    const now = clock.now().getTime();
    const last = lastCommon.get(limit);
    if (last && now - last.at < COMMON_CHECK_MS) return last.page;
    const page = lookUpCommon(limit);
    lastCommon.set(limit, { at: now, page });
    // A failed lookup is not kept.
    page.catch(() => lastCommon.get(limit)?.page === page && lastCommon.delete(limit));
    return page;
  }

  /** The common snapshot's first page: the recent one while no note is newer, else a fresh ranking. */
  async function lookUpCommon(limit: number): Promise<SnapshotPage & { newest: string | null }> {
    const now = clock.now();
    const { newest, snapshot } = await feedRepo.latestCommon(db, new Date(now.getTime() - COMMON_REUSE_MS), limit);
    if (snapshot && snapshot.newest_note_id === newest) return { ...snapshot, newest };
    if (ranking) {
      const { id } = await ranking;
      const page = await feedRepo.snapshotPage(db, id, 0, limit);
      if (page) return { ...page, newest };
    }
    const fresh = (async () => {
      await feedRepo.deleteSnapshotsBefore(db, new Date(now.getTime() - SNAPSHOT_TTL_MS));
      return feedRepo.rankCommon(db, { id: newId(now.getTime()), newestNoteId: newest, asOf: now }, limit);
    })();
    ranking = fresh;
    try {
      return { ...(await fresh), newest };
    } finally {
      if (ranking === fresh) ranking = undefined;
    }
  }

  /**
   * A first page. Personalised (R6) rankings are drawn from the current common
   * snapshot's candidates, so they are as of that snapshot (at most COMMON_REUSE_MS
   * old, with no newer note); each is frozen for its viewer.
   */
  async function firstPage(viewerId: string | undefined, personalised: boolean, limit: number): Promise<SnapshotPage> {
    const common = await commonSnapshot(limit);
    if (!personalised) return common;
    const now = clock.now();
    return feedRepo.personalise(db, { id: newId(now.getTime()), viewerId: viewerId!, commonId: common.id, newestNoteId: common.newest, at: now }, limit);
  }

  /** The page's ids with the viewer's own recent notes first (OWN_PINNED_MS): pinned on the first page, left out of later ones. */
  async function withOwnFirst(viewerId: string | undefined, page: SnapshotPage, first: boolean): Promise<string[]> {
    if (!viewerId) return page.ids;
    const since = new Date(page.created_at.getTime() - OWN_PINNED_MS);
    const own = await notesRepo.recentIdsOf(db, viewerId, since, first ? OWN_PINNED_MAX : SNAPSHOT_SIZE);
    if (own.length === 0) return page.ids;
    const pinned = new Set(own);
    const rest = page.ids.filter((id) => !pinned.has(id));
    return first ? [...own, ...rest] : rest;
  }

  async function discover(viewerId: string | undefined, query: FeedQuery): Promise<FeedPage> {
    let page: SnapshotPage;
    let offset = 0;
    if (query.cursor) {
      page = await snapshotAt(viewerId, query.cursor, query.limit);
      offset = Number(query.cursor.split('.')[1]);
    } else {
      const personalised = viewerId !== undefined && query.personalised !== false && (await consents.granted(db, viewerId, 'personalised_feed'));
      page = await firstPage(viewerId, personalised, query.limit);
    }
    const end = offset + page.ids.length;
    return {
      // Notes deleted or hidden since the snapshot drop out; nothing else moves.
      items: await views.visible(db, await withOwnFirst(viewerId, page, offset === 0), viewerId),
      nextCursor: end < page.size ? `${page.id}.${end}` : null,
      personalised: page.personalised,
    };
  }

  return {
    page: (viewerId: string | undefined, query: FeedQuery): Promise<FeedPage> => (query.tab === 'following' ? following(viewerId, query) : discover(viewerId, query)),
    /** A note was posted in this process: the next first page looks again (COMMON_CHECK_MS). */
    notePosted(): void {
      lastCommon.clear();
    },
  };
}

export type FeedService = ReturnType<typeof createFeedService>;
