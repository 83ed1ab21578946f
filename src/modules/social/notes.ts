/**
 * Notes with shoppable tags (API.md "Social"): writing, editing and deleting one's
 * own notes, opening a tag (R12 attribution), and R8 sponsorships that the operator
 * confirms and the author can never take off.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../database.js';
import { searchPage, type SearchPageRequest } from '../../db/search.js';
import { notFound } from '../../lib/errors.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { nextCursor } from '../../lib/paging.js';
import { noteSearchDocument } from '../../lib/search-documents.js';
import type { CatalogService } from '../catalog/index.js';
import type { MediaService } from '../media/index.js';
import type { OperatorsService } from '../operators/index.js';
import { socialErrors as errors } from './errors.js';
import { notesRepo, type NoteRow } from './notes-repo.js';
import { findProhibited, parseHashtags } from './text.js';
import type { NoteView, NoteViews } from './view.js';

export interface TagInput {
  productId: string;
  skuId?: string | undefined;
  x: number;
  y: number;
}
export interface ImageInput {
  url: string;
  tags: TagInput[];
}
export interface NoteInput {
  title: string;
  body: string;
  images: ImageInput[];
  sponsoredBy?: string | undefined;
}
export type NotePatch = Partial<Pick<NoteInput, 'title' | 'body' | 'images'>>;

/** R12: what an attribution token names — one note, one tag, and so one author. */
export interface Attribution {
  token: string;
  noteId: string;
  tagId: string;
  authorId: string;
  productId: string;
  skuId: string | null;
  createdAt: Date;
  /** The note is still up (not deleted by its author, not hidden by moderation): only then does it earn (R12). */
  live: boolean;
}

export interface Viewer {
  userId: string;
  roles: readonly string[];
}

export interface NotesDeps {
  db: Kysely<DB>;
  catalog: CatalogService;
  media: MediaService;
  operators: OperatorsService;
  views: NoteViews;
  clock: Clock;
  prohibitedWords: readonly string[];
  /** After a note is committed: the discover feed of this process looks for it at once. */
  onPosted: () => void;
}

export function createNotesService(deps: NotesDeps) {
  const { db, catalog, media, operators, views, clock, prohibitedWords } = deps;

  function assertAllowedText(...texts: string[]): void {
    const word = findProhibited(texts, prohibitedWords);
    if (word !== undefined) throw errors.prohibited(word);
  }

  /** The images are the author's own uploads, each once; every tag points at a product (and SKU) on sale. */
  async function checkImages(ex: Executor, authorId: string, images: ImageInput[]): Promise<void> {
    const urls = images.map((i) => i.url);
    urls.forEach((url, i) => {
      if (urls.indexOf(url) !== i) throw errors.repeatedImage(`/body/images/${i}/url`);
    });
    await media.assertOwnImages(ex, authorId, urls, '/body/images');
    const targets = await catalog.tagTargets(ex, images.flatMap((i) => i.tags.map((t) => t.productId)));
    images.forEach((image, i) =>
      image.tags.forEach((tag, j) => {
        const target = targets.get(tag.productId);
        if (!target) throw errors.unknownProduct(`/body/images/${i}/tags/${j}/productId`);
        if (tag.skuId !== undefined && !target.skuPrices.has(tag.skuId)) throw errors.unknownSku(`/body/images/${i}/tags/${j}/skuId`);
      }),
    );
  }

  async function writeTags(ex: Executor, noteId: string, images: ImageInput[]): Promise<void> {
    const at = clock.now().getTime();
    await notesRepo.insertTags(
      ex,
      images.flatMap((image, i) =>
        image.tags.map((tag, position) => ({ id: newId(at), note_id: noteId, image: i, position, product_id: tag.productId, sku_id: tag.skuId ?? null, x: tag.x, y: tag.y })),
      ),
    );
  }

  /** The author's own live note, locked; anyone else's looks missing (operators' included, R11). */
  async function authorsNote(ex: Executor, userId: string, noteId: string): Promise<NoteRow> {
    const row = await notesRepo.findNoteForUpdate(ex, noteId);
    if (!row || row.author_id !== userId) throw notFound('note');
    return row;
  }

  /** Rewrite the note's search document from what was just stored, in the same transaction. */
  async function indexNote(ex: Executor, noteId: string, text: { title: string; body: string; hashtags: string[] }): Promise<void> {
    const tags = await notesRepo.liveTagsOf(ex, [noteId]);
    // The products the note's view shows (those still on sale), so search and view agree.
    const targets = await catalog.tagTargets(ex, tags.map((t) => t.product_id));
    await notesRepo.writeSearchDocument(ex, noteId, noteSearchDocument({ ...text, productTitles: [...targets.values()].map((t) => t.title) }));
  }

  const one = async (ex: Executor, row: NoteRow, viewerId?: string): Promise<NoteView> => (await views.assemble(ex, [row], viewerId))[0]!;

  return {
    async create(authorId: string, input: NoteInput): Promise<NoteView> {
      assertAllowedText(input.title, input.body);
      const note = await db.transaction().execute(async (tx) => {
        await checkImages(tx, authorId, input.images);
        if (input.sponsoredBy !== undefined) {
          const shop = await operators.sellingStatus(tx, input.sponsoredBy);
          if (!shop?.approved) throw errors.unknownOperator();
        }
        const now = clock.now();
        const id = newId(now.getTime());
        await notesRepo.insertNote(tx, {
          id,
          author_id: authorId,
          title: input.title,
          body: input.body,
          images: JSON.stringify(input.images.map((i) => i.url)),
          created_at: now,
          updated_at: now,
        });
        await writeTags(tx, id, input.images);
        const hashtags = parseHashtags(`${input.title} ${input.body}`);
        await notesRepo.replaceHashtags(tx, id, hashtags);
        await indexNote(tx, id, { title: input.title, body: input.body, hashtags });
        if (input.sponsoredBy !== undefined) await notesRepo.insertSponsorship(tx, { note_id: id, operator_id: input.sponsoredBy, requested_at: now });
        return one(tx, (await notesRepo.findNote(tx, id))!, authorId);
      });
      deps.onPosted();
      return note;
    },

    /**
     * The author edits title, body or images (with their tags). R8: the sponsorship
     * is not part of an edit, so a confirmed 「广告」 label stays.
     */
    async update(userId: string, noteId: string, patch: NotePatch): Promise<NoteView> {
      return db.transaction().execute(async (tx) => {
        const row = await authorsNote(tx, userId, noteId);
        const title = patch.title ?? row.title;
        const body = patch.body ?? row.body;
        assertAllowedText(title, body);
        if (patch.images) {
          await checkImages(tx, userId, patch.images);
          await notesRepo.archiveTags(tx, noteId, clock.now());
          await writeTags(tx, noteId, patch.images);
        }
        await notesRepo.updateNote(tx, noteId, {
          title,
          body,
          ...(patch.images ? { images: JSON.stringify(patch.images.map((i) => i.url)) } : {}),
          updated_at: clock.now(),
        });
        const hashtags = parseHashtags(`${title} ${body}`);
        await notesRepo.replaceHashtags(tx, noteId, hashtags);
        await indexNote(tx, noteId, { title, body, hashtags });
        return one(tx, (await notesRepo.findNote(tx, noteId))!, userId);
      });
    },

    /** The author deletes their note; its likes, comments and attributions stay for the records. */
    async remove(userId: string, noteId: string): Promise<void> {
      await db.transaction().execute(async (tx) => {
        await authorsNote(tx, userId, noteId);
        await notesRepo.updateNote(tx, noteId, { deleted_at: clock.now() });
      });
    },

    /** A note as this viewer sees it. A hidden note exists only for its author and admins. */
    async get(noteId: string, viewer?: Viewer): Promise<NoteView> {
      const [row] = await notesRepo.notesWithExtras(db, [noteId], viewer?.userId, { visibleOnly: false });
      const visible = row !== undefined && (row.hidden_at === null || row.author_id === viewer?.userId || viewer?.roles.includes('admin') === true);
      if (!row || !visible) throw notFound('note');
      return one(db, row, viewer?.userId);
    },

    /** GET /search?type=notes: visible notes best matching what was typed, each as the feed shows it. */
    search(page: SearchPageRequest, viewerId?: string) {
      return searchPage(db, page, async (ex, query, window) => views.assemble(ex, await notesRepo.searchNotes(ex, { query, now: clock.now(), ...window }), viewerId));
    },

    /**
     * Opening a tag: the click is counted and a fresh attribution token handed out.
     * R12: the token names this note and tag only; who shared the link is never recorded.
     */
    async openTag(noteId: string, tagId: string): Promise<{ productId: string; skuId: string | null; attribution: string }> {
      return db.transaction().execute(async (tx) => {
        const note = await notesRepo.findNote(tx, noteId);
        const tag = note && note.hidden_at === null ? await notesRepo.findLiveTag(tx, noteId, tagId) : undefined;
        if (!tag) throw notFound('tag');
        const token = randomBytes(18).toString('base64url');
        await notesRepo.countClick(tx, tag.id);
        await notesRepo.insertAttribution(tx, { token, note_id: noteId, tag_id: tag.id, created_at: clock.now() });
        return { productId: tag.product_id, skuId: tag.sku_id, attribution: token };
      });
    },

    /** What an attribution token names, for checkout (R12); unknown tokens → undefined. */
    async resolveAttribution(ex: Executor, token: string): Promise<Attribution | undefined> {
      const row = await notesRepo.findAttribution(ex, token);
      if (!row) return undefined;
      return {
        token: row.token,
        noteId: row.note_id,
        tagId: row.tag_id,
        authorId: row.author_id,
        productId: row.product_id,
        skuId: row.sku_id,
        createdAt: row.created_at,
        live: row.deleted_at === null && row.hidden_at === null,
      };
    },

    /** R8: the operator's owner confirms it sponsored the note; from then on it is labelled 「广告」. Repeats change nothing. */
    async confirmSponsorship(userId: string, operatorId: string, noteId: string): Promise<NoteView> {
      return db.transaction().execute(async (tx) => {
        await operators.requireOwnedShop(tx, userId, operatorId, 'sponsorship');
        const sponsorship = await notesRepo.findSponsorshipForUpdate(tx, operatorId, noteId);
        const note = sponsorship ? await notesRepo.findNote(tx, noteId) : undefined;
        if (!note) throw notFound('sponsorship');
        if (!sponsorship!.confirmed_at) await notesRepo.confirmSponsorship(tx, noteId, userId, clock.now());
        return one(tx, note, userId);
      });
    },

    /** An operator's sponsorships (its owner only), newest note first. */
    async sponsorships(userId: string, operatorId: string, page: { limit: number; cursor?: string | undefined }) {
      await operators.requireOwnedShop(db, userId, operatorId);
      const rows = await notesRepo.sponsorshipsOfOperator(db, operatorId, page.limit, page.cursor);
      const notes = new Map((await views.visible(db, rows.map((r) => r.note_id), userId)).map((n) => [n.id, n]));
      const items = rows.flatMap((r) => {
        const note = notes.get(r.note_id);
        if (!note) return [];
        return [{ note, status: r.confirmed_at ? ('confirmed' as const) : ('pending' as const), requestedAt: r.requested_at.toISOString(), confirmedAt: r.confirmed_at ? r.confirmed_at.toISOString() : null }];
      });
      return { items, nextCursor: nextCursor(rows, page.limit, (r) => r.note_id) };
    },
  };
}

export type NotesService = ReturnType<typeof createNotesService>;
