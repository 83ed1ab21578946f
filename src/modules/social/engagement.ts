/**
 * Likes, collects, comments with one level of replies, follows, and the public
 * profile reads. Counters move in the same transaction as the row that justifies
 * them, by a relative update under the note's row lock: exact under concurrency.
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../database.js';
import { notFound } from '../../lib/errors.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { nextCursor } from '../../lib/paging.js';
import type { AccountsService } from '../accounts/index.js';
import { engagementRepo, type CommentRow, type Reaction } from './engagement-repo.js';
import { socialErrors as errors } from './errors.js';
import { notesRepo } from './notes-repo.js';
import { findProhibited } from './text.js';
import type { NoteViews } from './view.js';

export interface CommentView {
  id: string;
  noteId: string;
  parentId: string | null;
  author: { id: string; displayName: string };
  body: string;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface EngagementDeps {
  db: Kysely<DB>;
  accounts: AccountsService;
  views: NoteViews;
  clock: Clock;
  prohibitedWords: readonly string[];
}

export function createEngagementService(deps: EngagementDeps) {
  const { db, accounts, views, clock, prohibitedWords } = deps;

  /** A note anyone may see and engage with (not deleted, not hidden). */
  async function visibleNote(ex: Executor, noteId: string) {
    const row = await notesRepo.findNote(ex, noteId);
    if (!row || row.hidden_at !== null) throw notFound('note');
    return row;
  }

  async function react(userId: string, noteId: string, kind: Reaction, on: boolean): Promise<number> {
    return db.transaction().execute(async (tx) => {
      const note = await visibleNote(tx, noteId);
      const changed = on
        ? await engagementRepo.addReaction(tx, kind, { id: newId(clock.now().getTime()), note_id: noteId, user_id: userId, at: clock.now() })
        : await engagementRepo.removeReaction(tx, kind, noteId, userId);
      const counter = engagementRepo.counterOf(kind);
      if (!changed) return (await notesRepo.findNote(tx, note.id))![counter];
      return engagementRepo.bump(tx, noteId, counter, on ? 1 : -1);
    });
  }

  async function commentViews(ex: Executor, rows: CommentRow[]): Promise<CommentView[]> {
    const names = await accounts.displayNames(ex, rows.map((r) => r.author_id));
    return rows.map((r) => ({
      id: r.id,
      noteId: r.note_id,
      parentId: r.parent_id,
      author: { id: r.author_id, displayName: names.get(r.author_id) ?? '' },
      body: r.body,
      createdAt: r.created_at.toISOString(),
    }));
  }

  /** A user that exists; anyone else is 404. */
  async function existingUser(ex: Executor, userId: string): Promise<string> {
    const name = (await accounts.displayNames(ex, [userId])).get(userId);
    if (name === undefined) throw notFound('user');
    return name;
  }

  return {
    /** Idempotent: liking twice counts once. Returns the note's like count. */
    like: async (userId: string, noteId: string) => ({ likes: await react(userId, noteId, 'like', true), liked: true }),
    unlike: async (userId: string, noteId: string) => ({ likes: await react(userId, noteId, 'like', false), liked: false }),
    collect: async (userId: string, noteId: string) => ({ collects: await react(userId, noteId, 'collect', true), collected: true }),
    uncollect: async (userId: string, noteId: string) => ({ collects: await react(userId, noteId, 'collect', false), collected: false }),

    /** A comment, or a reply to a top-level comment (one level of replies only). */
    async comment(userId: string, noteId: string, input: { body: string; parentId?: string | undefined }): Promise<CommentView> {
      const word = findProhibited([input.body], prohibitedWords);
      if (word !== undefined) throw errors.prohibited(word);
      return db.transaction().execute(async (tx) => {
        await visibleNote(tx, noteId);
        if (input.parentId !== undefined) {
          const parent = await engagementRepo.findComment(tx, noteId, input.parentId);
          if (!parent) throw errors.unknownParent();
          if (parent.parent_id !== null) throw errors.replyToReply();
        }
        const now = clock.now();
        const row = { id: newId(now.getTime()), note_id: noteId, author_id: userId, parent_id: input.parentId ?? null, body: input.body, created_at: now };
        await engagementRepo.insertComment(tx, row);
        await engagementRepo.bump(tx, noteId, 'comment_count', 1);
        return (await commentViews(tx, [row]))[0]!;
      });
    },

    /** Top-level comments oldest first, each with its replies. */
    async comments(noteId: string, page: { limit: number; cursor?: string | undefined }): Promise<Page<CommentView & { replies: CommentView[] }>> {
      await visibleNote(db, noteId);
      const top = await engagementRepo.topComments(db, noteId, page.limit, page.cursor);
      const replies = await engagementRepo.repliesTo(db, top.map((c) => c.id));
      const views = await commentViews(db, [...top, ...replies]);
      const items = views.slice(0, top.length).map((c) => ({ ...c, replies: views.slice(top.length).filter((r) => r.parentId === c.id) }));
      return { items, nextCursor: nextCursor(top, page.limit) };
    },

    async follow(userId: string, targetId: string, on: boolean): Promise<{ following: boolean; followers: number }> {
      return db.transaction().execute(async (tx) => {
        await existingUser(tx, targetId);
        if (targetId === userId) throw errors.selfFollow();
        if (on) await engagementRepo.follow(tx, { id: newId(clock.now().getTime()), follower_id: userId, followee_id: targetId, at: clock.now() });
        else await engagementRepo.unfollow(tx, userId, targetId);
        return { following: on, followers: (await engagementRepo.followCounts(tx, targetId)).followers };
      });
    },

    /** The public profile: a display name and counts, nothing personal. */
    async profile(userId: string, viewerId?: string) {
      const displayName = await existingUser(db, userId);
      const [counts, notes, likesAndCollects, followedByMe] = await Promise.all([
        engagementRepo.followCounts(db, userId),
        notesRepo.noteCount(db, userId),
        engagementRepo.likesReceived(db, userId),
        viewerId && viewerId !== userId ? engagementRepo.follows(db, viewerId, userId) : false,
      ]);
      return { id: userId, displayName, notes, ...counts, likesAndCollects, followedByMe };
    },

    async notesOf(userId: string, page: { limit: number; cursor?: string | undefined }, viewerId?: string) {
      await existingUser(db, userId);
      const rows = await notesRepo.notesOf(db, userId, page.limit, page.cursor);
      return { items: await views.assemble(db, rows, viewerId), nextCursor: nextCursor(rows, page.limit) };
    },

    async collectsOf(userId: string, page: { limit: number; cursor?: string | undefined }, viewerId?: string) {
      await existingUser(db, userId);
      const collects = await engagementRepo.collectsOf(db, userId, page.limit, page.cursor);
      const notes = await views.visible(db, collects.map((c) => c.note_id), viewerId);
      return { items: notes, nextCursor: nextCursor(collects, page.limit) };
    },

    async followersOf(userId: string, page: { limit: number; cursor?: string | undefined }) {
      await existingUser(db, userId);
      const rows = await engagementRepo.followersOf(db, userId, page.limit, page.cursor);
      const names = await accounts.displayNames(db, rows.map((r) => r.follower_id));
      return {
        items: rows.map((r) => ({ id: r.follower_id, displayName: names.get(r.follower_id) ?? '', followedAt: r.at.toISOString() })),
        nextCursor: nextCursor(rows, page.limit),
      };
    },
  };
}

export type EngagementService = ReturnType<typeof createEngagementService>;
