/**
 * `searchCandidates` (src/db/search.ts) on both databases: whatever the windows it
 * reads (the newest documents one by one, the last 4 days through the index, then
 * everything older), it returns exactly the newest N matches, exact matches before
 * typo-only ones, each flagged. Sizes are shrunk so that 150 documents over 60 days
 * reach every window; the oracle is a plain query over every document.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { DB } from '../src/database.js';
import { searchCandidates } from '../src/db/search.js';
import { DAY } from '../src/lib/clock.js';
import { searchDocument, searchQuery } from '../src/lib/search-text.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './support/databases.js';

const SIZES = { candidates: 10, recentScanned: 15 };
const NOW = Date.parse('2026-11-29T08:00:00Z');

/** A UUIDv7-shaped id made at `ms` (ids sort by time; the windows cut on their time prefix). */
function idAt(ms: number): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Deterministic pseudo-random numbers, so a failure replays. */
function random(seed: number) {
  let x = seed;
  return () => ((x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

for (const kind of DATABASE_KINDS) {
  describe(`search windows on ${kind}`, () => {
    let testDb: TestDatabase;
    let db: Kysely<DB>;
    beforeAll(async () => {
      testDb = await createTestDatabase(kind);
      db = testDb.database.db;
    });
    afterAll(async () => {
      await testDb?.drop();
    });

    // Exact (运动鞋), typo-only (运功鞋: one character wrong) and unrelated texts, in these shares.
    const cases = [
      { name: 'common', exact: 0.6, typo: 0.2 },
      { name: 'uncommon', exact: 0.1, typo: 0.1 },
      { name: 'rare, mostly old', exact: 0.02, typo: 0.05 },
      { name: 'typo only', exact: 0, typo: 0.3 },
    ];
    for (const [i, c] of cases.entries()) {
      it(`${c.name}: the newest ${SIZES.candidates} matches, exact ones first, from every window`, async () => {
        const table = `search_windows_${i}`;
        await sql`create table ${sql.table(table)} (doc_id text primary key, vector tsvector not null)`.execute(db);
        await sql`create index ${sql.id(`${table}_vector_idx`)} on ${sql.table(table)} using gin (vector)`.execute(db);
        const next = random(i + 1);
        const docs = Array.from({ length: 150 }, () => {
          const r = next();
          const text = r < c.exact ? '运动鞋 跑步' : r < c.exact + c.typo ? '运功鞋 跑步' : next() < 0.5 ? '咖啡 豆' : 'keyboard 机械';
          return { id: idAt(NOW - Math.floor(next() * 60 * DAY)), vector: searchDocument([{ text, weight: 'A' }]).vector };
        });
        await sql`insert into ${sql.table(table)} (doc_id, vector) values ${sql.join(docs.map((d) => sql`(${d.id}, ${d.vector}::tsvector)`))}`.execute(db);

        const query = searchQuery('运动鞋')!;
        expect(query.typoTsquery).not.toBe(query.tsquery);
        const { rows: found } = await sql<{ id: string; exact: boolean }>`
          select id, exact from (${searchCandidates({ table, id: 'doc_id' }, query, new Date(NOW), SIZES)}) c`.execute(db);
        const { rows: expected } = await sql<{ id: string; exact: boolean }>`
          select doc_id as id, vector @@ ${query.tsquery}::tsquery as exact from ${sql.table(table)}
          where vector @@ ${query.typoTsquery}::tsquery
          order by 2 desc, doc_id desc limit ${SIZES.candidates}`.execute(db);

        expect(expected.length, 'the case has matches to find').toBeGreaterThan(0);
        const sorted = (rows: { id: string; exact: boolean }[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
        expect(sorted(found)).toEqual(sorted(expected));
        await sql`drop table ${sql.table(table)}`.execute(db);
      });
    }
  });
}
