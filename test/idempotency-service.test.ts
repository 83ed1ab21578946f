/**
 * The idempotency module's service on both databases, without HTTP (the header and
 * the hooks are test/idempotency.test.ts's): a claim, its stored answer replayed,
 * the same key with another request, a 5xx or an abandoned request freeing the key,
 * a repeat waiting for the first's answer, and the daily purge.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/database.js';
import { ManualClock } from '../src/lib/clock.js';
import { createIdempotencyService, IDEMPOTENCY_RETENTION_MS, purgeExpiredIdempotencyKeys, type IdempotencyService, type KeyedRequest } from '../src/modules/idempotency/index.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './support/databases.js';

/** A reversible stand-in for the vault, so the test sees that the stored body is not the clear one. */
const seal = (text: string) => `sealed:${Buffer.from(text).toString('base64')}`;
const open = (sealed: string) => Buffer.from(sealed.slice('sealed:'.length), 'base64').toString();

for (const kind of DATABASE_KINDS) {
  describe(`idempotency service on ${kind}`, () => {
    let testDb: TestDatabase;
    let database: Database;
    let clock: ManualClock;
    let idempotency: IdempotencyService;
    beforeAll(async () => {
      testDb = await createTestDatabase(kind);
      database = testDb.database;
      clock = new ManualClock(new Date());
      idempotency = createIdempotencyService({ db: database.db, clock, seal, open, singleProcess: kind === 'pglite', waitMs: 1_000 });
      await idempotency.start();
    });
    afterAll(async () => {
      await idempotency?.stop();
      await testDb?.drop();
    });

    const request = (body: unknown, key = randomUUID()): KeyedRequest => ({ scope: 'user:u1', key, method: 'POST', path: '/api/v1/orders', body });
    const row = (key: string) => database.db.selectFrom('idempotency_keys').selectAll().where('scope', '=', 'user:u1').where('key', '=', key).executeTakeFirst();

    it('claims a new key, stores its answer sealed, and replays it for the same request in any field order', async () => {
      const first = request({ skuId: 's1', quantity: 2 });
      expect(await idempotency.claim(first)).toBeNull();
      expect((await row(first.key))?.state).toBe('running');

      await idempotency.answer(first, { statusCode: 201, body: '{"id":"o1"}', contentType: 'application/json; charset=utf-8' });
      const stored = await row(first.key);
      expect(stored).toMatchObject({ state: 'done', status_code: 201, content_type: 'application/json; charset=utf-8' });
      expect(stored?.response_body).toBe(seal('{"id":"o1"}'));

      const repeat = { ...first, body: { quantity: 2, skuId: 's1' } };
      expect(await idempotency.claim(repeat)).toEqual({ statusCode: 201, body: '{"id":"o1"}', contentType: 'application/json; charset=utf-8' });
    });

    it('refuses the same key with another body (IDEMPOTENCY_KEY_REUSED) and keeps the first answer', async () => {
      const first = request({ skuId: 's1', quantity: 1 });
      expect(await idempotency.claim(first)).toBeNull();
      await idempotency.answer(first, { statusCode: 200, body: 'null', contentType: null });
      await expect(idempotency.claim({ ...first, body: { skuId: 's1', quantity: 3 } })).rejects.toMatchObject({ kind: 'unprocessable', code: 'IDEMPOTENCY_KEY_REUSED' });
      await expect(idempotency.claim({ ...first, path: '/api/v1/other' })).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
      expect(await row(first.key)).toMatchObject({ state: 'done', status_code: 200 });
    });

    it('stores no 5xx answer: the key is free and a retry runs', async () => {
      const first = request({ n: 1 });
      expect(await idempotency.claim(first)).toBeNull();
      await idempotency.answer(first, { statusCode: 503, body: '{"code":"UNAVAILABLE"}', contentType: 'application/problem+json' });
      expect(await row(first.key)).toBeUndefined();
      expect(await idempotency.claim(first)).toBeNull();
    });

    it('frees the key of a request that ended without an answer', async () => {
      const first = request({ n: 2 });
      expect(await idempotency.claim(first)).toBeNull();
      await idempotency.release(first);
      expect(await row(first.key)).toBeUndefined();
      expect(await idempotency.claim(first)).toBeNull();
    });

    it('lets a repeat wait for the running first request and replays its answer', async () => {
      const first = request({ n: 3 });
      expect(await idempotency.claim(first)).toBeNull();
      const repeat = idempotency.claim(first);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await idempotency.answer(first, { statusCode: 201, body: '{"id":"late"}', contentType: 'application/json' });
      expect(await repeat).toEqual({ statusCode: 201, body: '{"id":"late"}', contentType: 'application/json' });
    });

    it('gives up after the wait while the first still runs (IDEMPOTENCY_KEY_IN_PROGRESS)', async () => {
      const first = request({ n: 4 });
      expect(await idempotency.claim(first)).toBeNull();
      await expect(idempotency.claim(first)).rejects.toMatchObject({ kind: 'conflict', code: 'IDEMPOTENCY_KEY_IN_PROGRESS' });
      await idempotency.release(first);
    });

    it('purges keys older than a day and keeps younger ones', async () => {
      const old = request({ n: 5 });
      const young = request({ n: 6 });
      for (const r of [old, young]) {
        expect(await idempotency.claim(r)).toBeNull();
        await idempotency.answer(r, { statusCode: 200, body: null, contentType: null });
      }
      // created_at is the database's insert time, never updated by the app: aged here by hand.
      await sql`update idempotency_keys set created_at = ${new Date(clock.now().getTime() - IDEMPOTENCY_RETENTION_MS - 60_000)} where key = ${old.key}`.execute(database.db);
      expect(await purgeExpiredIdempotencyKeys(database.db, clock.now())).toBeGreaterThanOrEqual(1);
      expect(await row(old.key)).toBeUndefined();
      expect(await row(young.key)).toBeDefined();
    });
  });
}
