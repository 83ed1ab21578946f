import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../database.js';
import { rememberSearchWords, searchCandidates, searchColumns, searchRank } from '../../db/search.js';
import type { SearchDocument, SearchQuery } from '../../lib/search-text.js';
import type { AttributionsTable, NoteSponsorshipsTable, NotesTable, NoteTagsTable } from './tables.js';

export type NoteRow = Selectable<NotesTable>;
export type TagRow = Selectable<NoteTagsTable>;
export type SponsorshipRow = Selectable<NoteSponsorshipsTable>;

/** A note's own parts beyond its row, for its view (notesRepo.viewExtras). */
export interface ViewExtras {
  tags: { id: string; image: number; x: number; y: number; product_id: string; sku_id: string | null }[];
  hashtags: string[];
  sponsorship: { operator_id: string; confirmed: boolean } | null;
  liked: boolean;
  collected: boolean;
}

/** A note row with its view's extras already read (notesRepo.notesWithExtras). */
export type NoteWithExtras = NoteRow & { extras?: ViewExtras };

/** The extras of note `n.id` as one json value, as `viewerId` (or nobody) sees them. */
const extrasOf = (viewerId: string | undefined) => {
  const viewer = viewerId ?? null;
  return sql<ViewExtras>`json_build_object(
    'tags', coalesce((select json_agg(json_build_object('id', t.id, 'image', t.image, 'x', t.x, 'y', t.y, 'product_id', t.product_id, 'sku_id', t.sku_id)
                        order by t.image, t.position)
                      from note_tags t where t.note_id = n.id and t.archived_at is null), '[]'),
    'hashtags', coalesce((select json_agg(h.tag order by h.tag) from note_hashtags h where h.note_id = n.id), '[]'),
    'sponsorship', (select json_build_object('operator_id', s.operator_id, 'confirmed', s.confirmed_at is not null)
                      from note_sponsorships s where s.note_id = n.id),
    'liked', ${viewer}::text is not null and exists (select 1 from note_likes l where l.note_id = n.id and l.user_id = ${viewer}),
    'collected', ${viewer}::text is not null and exists (select 1 from note_collects c where c.note_id = n.id and c.user_id = ${viewer}))`;
};

export const notesRepo = {
  async insertNote(ex: Executor, row: Insertable<NotesTable>): Promise<void> {
    await ex.insertInto('notes').values(row).execute();
  },
  async updateNote(ex: Executor, id: string, patch: Updateable<NotesTable>): Promise<void> {
    await ex.updateTable('notes').set(patch).where('id', '=', id).execute();
  },
  /** A note that is not deleted (hidden ones included: callers decide who sees them). */
  findNote(ex: Executor, id: string): Promise<NoteRow | undefined> {
    return ex.selectFrom('notes').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  },
  /** The note locked: edits, deletes, hides and counters of one note queue up. */
  findNoteForUpdate(ex: Executor, id: string): Promise<NoteRow | undefined> {
    return ex.selectFrom('notes').selectAll().where('id', '=', id).where('deleted_at', 'is', null).forUpdate().executeTakeFirst();
  },
  /** Notes by id, hidden ones included (the moderation queue). */
  notesByIds(ex: Executor, ids: readonly string[]): Promise<NoteRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return ex.selectFrom('notes').selectAll().where('id', 'in', ids).execute();
  },
  /** An author's visible notes, newest first. */
  notesOf(ex: Executor, authorId: string, limit: number, before: string | undefined): Promise<NoteRow[]> {
    let query = ex.selectFrom('notes').selectAll().where('author_id', '=', authorId).where('deleted_at', 'is', null).where('hidden_at', 'is', null);
    if (before) query = query.where('id', '<', before);
    return query.orderBy('id', 'desc').limit(limit).execute();
  },

  /** Ids of an author's visible notes created after `since`, newest first (the discover feed's own-notes pin). */
  async recentIdsOf(ex: Executor, authorId: string, since: Date, limit: number): Promise<string[]> {
    const rows = await ex
      .selectFrom('notes')
      .select('id')
      .where('author_id', '=', authorId)
      .where('created_at', '>', since)
      .where('deleted_at', 'is', null)
      .where('hidden_at', 'is', null)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => row.id);
  },

  async insertTags(ex: Executor, rows: Insertable<NoteTagsTable>[]): Promise<void> {
    if (rows.length > 0) await ex.insertInto('note_tags').values(rows).execute();
  },
  async archiveTags(ex: Executor, noteId: string, at: Date): Promise<void> {
    await ex.updateTable('note_tags').set({ archived_at: at }).where('note_id', '=', noteId).where('archived_at', 'is', null).execute();
  },
  liveTagsOf(ex: Executor, noteIds: readonly string[]): Promise<TagRow[]> {
    if (noteIds.length === 0) return Promise.resolve([]);
    return ex.selectFrom('note_tags').selectAll().where('note_id', 'in', noteIds).where('archived_at', 'is', null).orderBy('note_id').orderBy('image').orderBy('position').execute();
  },
  findLiveTag(ex: Executor, noteId: string, tagId: string): Promise<TagRow | undefined> {
    return ex.selectFrom('note_tags').selectAll().where('id', '=', tagId).where('note_id', '=', noteId).where('archived_at', 'is', null).executeTakeFirst();
  },
  async countClick(ex: Executor, tagId: string): Promise<void> {
    await ex.updateTable('note_tags').set((eb) => ({ clicks: eb('clicks', '+', 1) })).where('id', '=', tagId).execute();
  },

  async replaceHashtags(ex: Executor, noteId: string, tags: readonly string[]): Promise<void> {
    await ex.deleteFrom('note_hashtags').where('note_id', '=', noteId).execute();
    if (tags.length > 0) await ex.insertInto('note_hashtags').values(tags.map((tag) => ({ note_id: noteId, tag }))).execute();
  },
  /**
   * What a note's view needs from social's own tables, for many notes in one statement
   * (a feed page's view is then two rounds, not three): live tags in display order,
   * hashtags, the sponsorship, and whether `viewerId` liked and collected each note.
   */
  async viewExtras(ex: Executor, noteIds: readonly string[], viewerId: string | undefined): Promise<Map<string, ViewExtras>> {
    if (noteIds.length === 0) return new Map();
    const { rows } = await sql<{ note_id: string; extras: ViewExtras }>`
      select n.id as note_id, ${extrasOf(viewerId)} as extras from unnest(${[...noteIds]}::text[]) as n(id)`.execute(ex);
    return new Map(rows.map((r) => [r.note_id, r.extras]));
  },
  /**
   * Notes by id in the order asked, not deleted (and not hidden, if `visibleOnly`), each
   * with its view's extras as `viewerId` sees them: a note page or a page of a snapshot
   * in one statement.
   */
  async notesWithExtras(ex: Executor, ids: readonly string[], viewerId: string | undefined, options: { visibleOnly: boolean }): Promise<NoteWithExtras[]> {
    if (ids.length === 0) return [];
    const { rows } = await sql<NoteWithExtras>`
      select n.*, ${extrasOf(viewerId)} as extras from notes n
      where n.id = any(${[...ids]}::text[]) and n.deleted_at is null ${options.visibleOnly ? sql`and n.hidden_at is null` : sql``}`.execute(ex);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  },

  async insertSponsorship(ex: Executor, row: Insertable<NoteSponsorshipsTable>): Promise<void> {
    await ex.insertInto('note_sponsorships').values(row).execute();
  },
  findSponsorshipForUpdate(ex: Executor, operatorId: string, noteId: string): Promise<SponsorshipRow | undefined> {
    return ex.selectFrom('note_sponsorships').selectAll().where('note_id', '=', noteId).where('operator_id', '=', operatorId).forUpdate().executeTakeFirst();
  },
  async confirmSponsorship(ex: Executor, noteId: string, by: string, at: Date): Promise<void> {
    await ex.updateTable('note_sponsorships').set({ confirmed_at: at, confirmed_by: by }).where('note_id', '=', noteId).execute();
  },
  /** An operator's sponsorships of notes still up, newest note first. */
  sponsorshipsOfOperator(ex: Executor, operatorId: string, limit: number, before: string | undefined) {
    let query = ex
      .selectFrom('note_sponsorships')
      .innerJoin('notes', 'notes.id', 'note_sponsorships.note_id')
      .select(['note_sponsorships.note_id', 'note_sponsorships.requested_at', 'note_sponsorships.confirmed_at'])
      .where('note_sponsorships.operator_id', '=', operatorId)
      .where('notes.deleted_at', 'is', null);
    if (before) query = query.where('note_sponsorships.note_id', '<', before);
    return query.orderBy('note_sponsorships.note_id', 'desc').limit(limit).execute();
  },

  async insertAttribution(ex: Executor, row: Insertable<AttributionsTable>): Promise<void> {
    await ex.insertInto('attributions').values(row).execute();
  },
  /** The attribution with the note's author and the tag's product (archived tags too: the click happened). */
  findAttribution(ex: Executor, token: string) {
    return ex
      .selectFrom('attributions')
      .innerJoin('notes', 'notes.id', 'attributions.note_id')
      .innerJoin('note_tags', 'note_tags.id', 'attributions.tag_id')
      .select(['attributions.token', 'attributions.note_id', 'attributions.tag_id', 'attributions.created_at', 'notes.author_id', 'notes.deleted_at', 'notes.hidden_at', 'note_tags.product_id', 'note_tags.sku_id'])
      .where('attributions.token', '=', token)
      .executeTakeFirst();
  },

  /** The note's search document, written with the note (src/lib/search-documents.ts). */
  async writeSearchDocument(ex: Executor, noteId: string, doc: SearchDocument): Promise<void> {
    const columns = searchColumns(doc);
    await ex
      .insertInto('note_search')
      .values({ note_id: noteId, ...columns })
      .onConflict((oc) => oc.column('note_id').doUpdateSet(columns))
      .execute();
    await rememberSearchWords(ex, doc);
  },
  /**
   * Visible notes best match first (src/db/search.ts), newest first among equals,
   * ranked among the newest SEARCH_CANDIDATES matches (`searchCandidates`; 1M notes
   * would otherwise mean reading every match). Deleted and hidden notes keep their
   * document and are left out here, where the feeds leave them out too.
   */
  async searchNotes(ex: Executor, filter: { query: SearchQuery; now: Date; offset: number; limit: number }): Promise<NoteRow[]> {
    const { rows } = await sql<NoteRow>`
      with c as (${searchCandidates({ table: 'note_search', id: 'note_id' }, filter.query, filter.now)})
      select n.* from c join notes n on n.id = c.id
      where n.deleted_at is null and n.hidden_at is null
      order by c.exact desc, ${searchRank(sql.ref('c.vector'), filter.query)} desc, n.id desc
      offset ${filter.offset} limit ${filter.limit}`.execute(ex);
    return rows;
  },

  /**
   * The following feed: visible notes by the authors `followerId` follows, newest
   * first. Each followee's newest `limit` ids come from the partial index of visible
   * notes by author (index-only, migration 0015), the newest `limit` of those are
   * read: work grows with the number of followees, not with all notes. Filtering a
   * newest-first scan of every note by author instead read ~1,000 notes per one kept
   * at 1M notes.
   */
  following(ex: Executor, filter: { followerId: string; limit: number; before?: string | undefined }): Promise<NoteWithExtras[]> {
    const { followerId, limit, before } = filter;
    return ex
      .selectFrom('notes as n')
      .selectAll('n')
      // The page's view extras as the follower sees them, in the same statement.
      .select(extrasOf(followerId).as('extras'))
      .where('n.id', 'in', (eb) =>
        eb
          .selectFrom('follows as f')
          .innerJoinLateral(
            (lb) => {
              let own = lb.selectFrom('notes as o').select('o.id').whereRef('o.author_id', '=', 'f.followee_id').where('o.deleted_at', 'is', null).where('o.hidden_at', 'is', null);
              if (before) own = own.where('o.id', '<', before);
              return own.orderBy('o.id', 'desc').limit(limit).as('v');
            },
            (join) => join.onTrue(),
          )
          .select('v.id')
          .where('f.follower_id', '=', followerId)
          .orderBy('v.id', 'desc')
          .limit(limit),
      )
      .orderBy('n.id', 'desc')
      .execute();
  },

  async noteCount(ex: Executor, authorId: string): Promise<number> {
    const row = await ex
      .selectFrom('notes')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('author_id', '=', authorId)
      .where('deleted_at', 'is', null)
      .where('hidden_at', 'is', null)
      .executeTakeFirstOrThrow();
    return row.n;
  },
};
