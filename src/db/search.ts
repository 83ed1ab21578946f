/**
 * The SQL side of search (src/lib/search-text.ts makes the tokens): one match condition
 * and one ranking that any module's search table can use, given its `tsvector` column
 * (GIN) and its trigram text column (GIN gin_trgm_ops). Exact full-text matches come
 * first, then full-text matches with one wrong Chinese character, both by `ts_rank`;
 * documents only a trigram match found (an English typo) follow, by word similarity.
 *
 * @example
 *   const q = searchQuery(text);
 *   await useSearchThresholds(tx);
 *   const m = searchMatch(sql.ref('s.vector'), sql.ref('s.fuzzy'), q);
 *   tx.selectFrom('product_search as s')…where(m.where).orderBy(m.order[0]!, 'desc')…
 */
import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely';
import { validationFailed } from '../http/errors.js';
import { searchQuery, type SearchDocument, type SearchQuery } from '../lib/search-text.js';
import type { DB, Executor } from './index.js';

/**
 * How much of a query's trigrams must appear in one stretch of a document for a
 * trigram-only match: one typo in an English word of five letters or more stays
 * above it; a two-character Chinese query sharing one character (0.5) does not.
 */
export const FUZZY_THRESHOLD = 0.55;

/**
 * pg_trgm's `<%` (the operator its GIN index serves) reads its threshold from a
 * setting; set it for this transaction only, so a pooled connection keeps the default.
 */
export async function useSearchThresholds(tx: Executor): Promise<void> {
  await sql`select set_config('pg_trgm.word_similarity_threshold', ${String(FUZZY_THRESHOLD)}, true)`.execute(tx);
}

/** A document's columns as insert values. */
export const searchColumns = (doc: SearchDocument) => ({
  vector: sql<string>`${doc.vector}::tsvector`,
  fuzzy: doc.fuzzy,
});

/** The condition and the ordering (all descending) of a search over one table. */
export function searchMatch(vector: Expression<unknown>, fuzzy: Expression<unknown>, query: SearchQuery): { where: RawBuilder<boolean>; order: RawBuilder<unknown>[] } {
  const exact = sql<boolean>`(${vector} @@ ${query.tsquery}::tsquery)`;
  const typo = sql`${query.typoTsquery}::tsquery`;
  return {
    where: sql<boolean>`(${vector} @@ ${typo} or ${query.fuzzy} <% ${fuzzy})`,
    order: [exact, sql`(${vector} @@ ${typo})`, sql`ts_rank(${vector}, ${typo})`, sql`word_similarity(${query.fuzzy}, ${fuzzy})`, sql`similarity(${query.fuzzy}, ${fuzzy})`],
  };
}

/** Search pages by offset (relevance has no stable key); this deep and no further. */
export const MAX_SEARCH_RESULTS = 1000;

export interface SearchPageRequest {
  q: string;
  limit: number;
  /** The offset of the next page, as the last page returned it. */
  cursor?: string | undefined;
}

/**
 * One page of a search, best match first: `find` runs with the thresholds set, in one
 * transaction, over the window the cursor names. Nothing searchable in q (only
 * punctuation) finds nothing; a cursor no search returned is bad input.
 *
 * @example
 *   searchPage(db, { q: '面霜', limit: 20 }, async (tx, query, window) => views(tx, await repo.search(tx, { query, ...window })))
 */
export async function searchPage<T>(
  db: Kysely<DB>,
  page: SearchPageRequest,
  find: (tx: Executor, query: SearchQuery, window: { offset: number; limit: number }) => Promise<T[]>,
): Promise<{ items: T[]; nextCursor: string | null }> {
  const offset = page.cursor === undefined ? 0 : /^\d{1,4}$/.test(page.cursor) ? Number(page.cursor) : NaN;
  if (!(offset < MAX_SEARCH_RESULTS)) throw validationFailed([{ path: '/querystring/cursor', message: 'is not a cursor this search returned' }]);
  const query = searchQuery(page.q);
  if (!query) return { items: [], nextCursor: null };
  const limit = Math.min(page.limit, MAX_SEARCH_RESULTS - offset);
  const items = await db.transaction().execute(async (tx) => {
    await useSearchThresholds(tx);
    return find(tx, query, { offset, limit });
  });
  const next = offset + limit;
  return { items, nextCursor: items.length === limit && next < MAX_SEARCH_RESULTS ? String(next) : null };
}
