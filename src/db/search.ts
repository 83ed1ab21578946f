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
 *   const { items } = await searchPage(db, { q: 'merno socks', limit: 20 }, (ex, query, window) => repo.search(ex, { query, ...window }));
 *   // in the repo: const m = searchMatch(sql.ref('s.vector'), query); …where(m.where)…orderBy(m.order[0]!, 'desc')…
 */
import { sql, type Expression, type Kysely, type QueryExecutorProvider, type RawBuilder } from 'kysely';
import { validationFailed } from '../lib/errors.js';
import { DAY } from '../lib/clock.js';
import { searchQuery, type SearchDocument, type SearchQuery } from '../lib/search-text.js';
import type { ExecutorOf } from './index.js';
import type { SearchTables } from './search-tables.js';

/** How alike a vocabulary word must be to a misspelt query word (pg_trgm similarity): one wrong letter in five or more stays above it. */
export const CORRECTION_THRESHOLD = 0.4;
/** At most this many vocabulary words stand in for one misspelt word. */
const CORRECTIONS_PER_WORD = 3;

/** A document's columns as insert values. */
export const searchColumns = (doc: SearchDocument) => ({
  vector: sql<string>`${doc.vector}::tsvector`,
});

/** Adds the document's Latin words to the vocabulary typos are corrected against (in the document's transaction). */
export async function rememberSearchWords<S extends SearchTables>(ex: ExecutorOf<S>, doc: SearchDocument): Promise<void> {
  if (doc.words.length === 0) return;
  // Any schema that holds search_words will do; Kysely's handle is invariant in its schema, hence the cast.
  await (ex as unknown as Kysely<SearchTables>)
    .insertInto('search_words')
    .values(doc.words.map((word) => ({ word })))
    .onConflict((oc) => oc.column('word').doNothing())
    .execute();
}

/**
 * For each query word no document has, the nearest vocabulary words (one query for
 * all of them). `%` finds candidates through the trigram index at pg_trgm's default
 * threshold (0.3); the stricter one is checked on them, so no session setting (and
 * no transaction to scope it) is needed.
 */
async function correctionsFor(ex: QueryExecutorProvider, words: string[]): Promise<Map<string, string[]>> {
  if (words.length === 0) return new Map();
  const { rows } = await sql<{ q: string; word: string }>`
    select w.q, v.word from unnest(${sql.val(words)}::text[]) as w(q)
    cross join lateral (
      select word from search_words where word % w.q and similarity(word, w.q) >= ${CORRECTION_THRESHOLD}
      order by similarity(word, w.q) desc, word limit ${CORRECTIONS_PER_WORD}
    ) v
    where not exists (select 1 from search_words s where s.word = w.q)`.execute(ex);
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

/** Search pages by offset (relevance has no stable key); this deep and no further. */
export const MAX_SEARCH_RESULTS = 1000;
/**
 * A big search table (`searchCandidates`) ranks only this many matches, the newest
 * (20 pages of 20): reading and ranking 1,000 of 1M notes' documents took ~40–60 ms
 * of the 50 ms a search may take on two cores; 400 take about a third of that.
 */
export const SEARCH_CANDIDATES = 400;

/** How far back each recency window of `searchCandidates` reaches, in days; the last one is everything older. */
const WINDOW_DAYS = [4];
/**
 * The smallest id prefix of a UUIDv7 at `ms`: its first six hex digits (the top 24
 * bits of the millisecond time, ~4.7 h), so `id >= idBucket(t)` takes every id made
 * since about t.
 */
export const idBucket = (ms: number) => Math.max(ms, 0).toString(16).padStart(12, '0').slice(0, 6);

/** The newest documents a big search table's first window reads one by one (`searchCandidates`). */
export const RECENT_SCANNED = 12000;

/**
 * The newest `SEARCH_CANDIDATES` matches of a big search table (id, vector, and
 * whether they match exactly), exact matches before typo-only ones: every exact
 * match is wanted before any typo, so typo matches are looked for only when there
 * are too few exact ones. Ranking every match instead meant reading every matching
 * row (150k for 咖啡 at 1M notes, over a second).
 *
 * Each kind is read through windows, newest first, each sorted by id; `union all`
 * under a `limit` stops at the first window that completes the set. The first is
 * the newest RECENT_SCANNED documents, each tested in turn (about 10 ms at 1M notes):
 * a common word fills the set there without reading its GIN posting list (148k
 * entries for 咖啡, 35 ms). Below them, the last 4 days (`idBucket`), read through
 * the GIN index and the primary key together, then everything older, through the
 * index alone: a rare word costs a few index lookups.
 *
 * Why the query goes in as `(select $1::tsquery)`: given the constant, the planner
 * multiplies the words' frequencies as if independent (羊毛 & 大衣 & wool: 59
 * expected, 38,604 found) and then reads every match's row to test its id; an
 * unknown value gets the default estimate, and the index and the id range are
 * intersected before any row is read (297 → 38 ms for that query at 1M notes).
 * `ts_match_vq` is the same test as `@@`, in a form the planner never takes to the index.
 */
export function searchCandidates(
  source: { table: string; id: string },
  query: SearchQuery,
  now: Date,
  /** Smaller in test/search-windows.test.ts, so that a few documents reach every window. */
  sizes: { candidates: number; recentScanned: number } = { candidates: SEARCH_CANDIDATES, recentScanned: RECENT_SCANNED },
): RawBuilder<{ id: string; vector: string; exact: boolean }> {
  const id = sql.ref(source.id);
  const table = sql.table(source.table);
  const newest = sql`(select ${id}, vector from ${table} order by ${id} desc limit ${sizes.recentScanned})`;
  const below = sql`(select min(${id}) from ${newest} n)`;
  const bounds = WINDOW_DAYS.map((days) => idBucket(now.getTime() - days * DAY));
  const windows = (tsquery: string, unless?: string) => {
    const recent = sql`(select ${id} as id, vector from ${newest} n
      where ts_match_vq(vector, ${tsquery}::tsquery) ${unless ? sql`and not ts_match_vq(vector, ${unless}::tsquery)` : sql``}
      order by id desc limit ${sizes.candidates})`;
    // A bounded window hides the query from the planner (see above); the last one shows it, so that a
    // rare word, expected rare, is read from the index alone without the id range of every older document.
    const hidden = sql`vector @@ (select ${tsquery}::tsquery) ${unless ? sql`and not (vector @@ (select ${unless}::tsquery))` : sql``}`;
    const shown = sql`vector @@ ${tsquery}::tsquery ${unless ? sql`and not (vector @@ ${unless}::tsquery)` : sql``}`;
    const older = [...bounds, undefined].map((from, i) => {
      const to = i === 0 ? undefined : bounds[i - 1];
      const match = from === undefined ? shown : hidden;
      // Windows are disjoint ranges of id, all below the newest documents read above; the last has no lower bound.
      const lower = from === undefined ? sql`true` : sql`${id} >= ${from}`;
      const upper = to === undefined ? sql`${id} < ${below}` : sql`${id} < ${to} and ${id} < ${below}`;
      // `offset 0` plans the window's scan on its own, for all of its matches: a backward
      // scan of the primary key under the limit instead reads every row it passes (the
      // planner cannot tell the bucket bounds the id), 1M rows for a word in few notes.
      return sql`(select id, vector from (select ${id} as id, vector from ${table} where ${match} and ${lower} and ${upper} offset 0) m order by id desc limit ${sizes.candidates})`;
    });
    return sql.join([recent, ...older], sql` union all `);
  };
  if (query.typoTsquery === query.tsquery) return sql`select id, vector, true as exact from (${windows(query.tsquery)}) w limit ${sizes.candidates}`;
  // Under the outer limit, the typo windows are read only when the exact ones fell short.
  return sql`
    select id, vector, true as exact from (${windows(query.tsquery)}) e
    union all
    select id, vector, false from (${windows(query.typoTsquery, query.tsquery)}) t
    limit ${sizes.candidates}`;
}


export interface SearchPageRequest {
  q: string;
  limit: number;
  /** The offset of the next page, as the last page returned it. */
  cursor?: string | undefined;
}

/**
 * One page of a search, best match first: `find` runs over the window the cursor
 * names, with misspelt English words corrected first. Nothing searchable in q (only
 * punctuation) finds nothing; a cursor no search returned is bad input.
 *
 * @example
 *   searchPage(db, { q: '面霜', limit: 20 }, async (ex, query, window) => views(ex, await repo.search(ex, { query, ...window })))
 */
export async function searchPage<T, S extends SearchTables>(
  db: Kysely<S>,
  page: SearchPageRequest,
  find: (ex: Kysely<S>, query: SearchQuery, window: { offset: number; limit: number }) => Promise<T[]>,
): Promise<{ items: T[]; nextCursor: string | null }> {
  const offset = page.cursor === undefined ? 0 : /^\d{1,4}$/.test(page.cursor) ? Number(page.cursor) : NaN;
  if (!(offset < MAX_SEARCH_RESULTS)) throw validationFailed([{ path: '/querystring/cursor', message: 'is not a cursor this search returned' }]);
  const plain = searchQuery(page.q);
  if (!plain) return { items: [], nextCursor: null };
  const limit = Math.min(page.limit, MAX_SEARCH_RESULTS - offset);
  const corrections = await correctionsFor(db, plain.correctable);
  const items = await find(db, corrections.size > 0 ? searchQuery(page.q, corrections)! : plain, { offset, limit });
  const next = offset + limit;
  return { items, nextCursor: items.length === limit && next < MAX_SEARCH_RESULTS ? String(next) : null };
}
