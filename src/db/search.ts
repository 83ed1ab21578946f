/**
 * The SQL side of search (src/lib/search-text.ts makes the tokens): one match condition
 * and one ranking that any module's search table can use, given its `tsvector` column
 * (GIN). Exact full-text matches come first, then full-text matches allowing one wrong
 * Chinese character or a corrected English word, both by `ts_rank`.
 *
 * English typos are corrected against a vocabulary (`search_words`: every Latin word
 * any document holds, with a trigram index), not matched against documents: a query
 * word no document has is widened to the nearest vocabulary words, and the search
 * stays an index lookup. Checking a misspelt word against every candidate document's
 * whole text instead cost 100–200 ms of SQL per query at 20k notes.
 *
 * @example
 *   const { items } = await searchPage(db, { q: 'merno socks', limit: 20 }, (tx, query, window) => repo.search(tx, { query, ...window }));
 *   // in the repo: const m = searchMatch(sql.ref('s.vector'), query); …where(m.where)…orderBy(m.order[0]!, 'desc')…
 */
import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely';
import { validationFailed } from '../http/errors.js';
import { DAY } from '../lib/clock.js';
import { searchQuery, type SearchDocument, type SearchQuery } from '../lib/search-text.js';
import type { DB, Executor } from './index.js';

/** How alike a vocabulary word must be to a misspelt query word (pg_trgm similarity): one wrong letter in five or more stays above it. */
export const CORRECTION_THRESHOLD = 0.4;
/** At most this many vocabulary words stand in for one misspelt word. */
const CORRECTIONS_PER_WORD = 3;

/** A document's columns as insert values. */
export const searchColumns = (doc: SearchDocument) => ({
  vector: sql<string>`${doc.vector}::tsvector`,
});

/** Adds the document's Latin words to the vocabulary typos are corrected against (in the document's transaction). */
export async function rememberSearchWords(ex: Executor, doc: SearchDocument): Promise<void> {
  if (doc.words.length === 0) return;
  await ex
    .insertInto('search_words')
    .values(doc.words.map((word) => ({ word })))
    .onConflict((oc) => oc.column('word').doNothing())
    .execute();
}

/** For each query word no document has, the nearest vocabulary words (one query for all of them). */
async function correctionsFor(tx: Executor, words: string[]): Promise<Map<string, string[]>> {
  if (words.length === 0) return new Map();
  await sql`select set_config('pg_trgm.similarity_threshold', ${String(CORRECTION_THRESHOLD)}, true)`.execute(tx);
  const { rows } = await sql<{ q: string; word: string }>`
    select w.q, v.word from unnest(${sql.val(words)}::text[]) as w(q)
    cross join lateral (
      select word from search_words where word % w.q order by similarity(word, w.q) desc, word limit ${CORRECTIONS_PER_WORD}
    ) v
    where not exists (select 1 from search_words s where s.word = w.q)`.execute(tx);
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.q, [...(out.get(r.q) ?? []), r.word]);
  return out;
}

/** The condition and the ordering (all descending) of a search over one table. */
export function searchMatch(vector: Expression<unknown>, query: SearchQuery): { where: RawBuilder<boolean>; order: RawBuilder<unknown>[] } {
  const exact = sql<boolean>`(${vector} @@ ${query.tsquery}::tsquery)`;
  return { where: sql<boolean>`(${vector} @@ ${query.typoTsquery}::tsquery)`, order: [exact, searchRank(vector, query)] };
}

/** The relevance of a match (see `SearchQuery.rankTsquery`). */
export const searchRank = (vector: Expression<unknown>, query: SearchQuery) => sql<number>`ts_rank(${vector}, ${query.rankTsquery}::tsquery)`;

/** Search pages by offset (relevance has no stable key); this deep and no further; big tables rank only this many matches, the newest. */
export const MAX_SEARCH_RESULTS = 1000;

/** How far back each recency window of `searchCandidates` reaches, in days; the last one is everything older. */
const WINDOW_DAYS = [1, 4, 16, 64];
/**
 * A UUIDv7 id's time bucket: its first six hex digits, the top 24 bits of its
 * millisecond time (buckets of 2^24 ms, about 4.7 hours). Search tables keyed by
 * such ids index it beside the vector (GIN, btree_gin), so "matches in the last
 * day" is answered inside the index, not by reading every match's row.
 */
export const idBucket = (ms: number) => Math.max(ms, 0).toString(16).padStart(12, '0').slice(0, 6);

/**
 * The newest `MAX_SEARCH_RESULTS` matches of a big search table (id, vector, and
 * whether they match exactly), exact matches before typo-only ones: every exact
 * match is wanted before any typo, so typo matches are looked for only when there
 * are too few exact ones. Ranking every match instead meant reading every matching
 * row (150k for 咖啡 at 1M notes, over a second). Each kind is read through
 * recency windows, newest first (`idBucket`; the last day, 4, 16, 64 days, then the
 * rest), each sorted by id; `union all` under a `limit` stops at the first window
 * that completes the set, so a common word reads about a day of matches and a rare
 * one all of its few. The table must have the GIN index on `(vector, left(id, 6))`.
 */
export function searchCandidates(source: { table: string; id: string }, query: SearchQuery, now: Date): RawBuilder<{ id: string; vector: string; exact: boolean }> {
  const id = sql.ref(source.id);
  const table = sql.table(source.table);
  const bucket = sql`left(${id}, 6)`;
  const bounds = WINDOW_DAYS.map((days) => idBucket(now.getTime() - days * DAY));
  const windows = (match: RawBuilder<boolean>) =>
    sql.join(
      [...bounds, undefined].map((from, i) => {
        const to = i === 0 ? undefined : bounds[i - 1];
        // The last window filters by id on the rows it reads instead of scanning every older bucket in the index.
        const range = from === undefined ? sql`${id} < ${to}` : to === undefined ? sql`${bucket} >= ${from}` : sql`${bucket} >= ${from} and ${bucket} < ${to}`;
        return sql`(select ${id} as id, vector from ${table} where ${match} and ${range} order by ${id} desc limit ${MAX_SEARCH_RESULTS})`;
      }),
      sql` union all `,
    );
  const exact = sql<boolean>`vector @@ ${query.tsquery}::tsquery`;
  if (query.typoTsquery === query.tsquery) return sql`select id, vector, true as exact from (${windows(exact)}) w limit ${MAX_SEARCH_RESULTS}`;
  return sql`
    with exact as (select id, vector from (${windows(exact)}) w limit ${MAX_SEARCH_RESULTS}),
    typo as (
      select id, vector from (${windows(sql`vector @@ ${query.typoTsquery}::tsquery and not (${exact})`)}) w
      limit (select ${MAX_SEARCH_RESULTS} - count(*) from exact)
    )
    select id, vector, true as exact from exact union all select id, vector, false from typo`;
}


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
  const plain = searchQuery(page.q);
  if (!plain) return { items: [], nextCursor: null };
  const limit = Math.min(page.limit, MAX_SEARCH_RESULTS - offset);
  const items = await db.transaction().execute(async (tx) => {
    const corrections = await correctionsFor(tx, plain.correctable);
    return find(tx, corrections.size > 0 ? searchQuery(page.q, corrections)! : plain, { offset, limit });
  });
  const next = offset + limit;
  return { items, nextCursor: items.length === limit && next < MAX_SEARCH_RESULTS ? String(next) : null };
}
