import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenUser } from './support/given.js';

const address = { recipient: '收件人甲', phone: '13912345678', region: '上海市 徐汇区', line: '漕溪北路 88 号 1201' };

async function addressCount(t: TestApp, userId: string): Promise<number> {
  const row = await t.ctx.database.db
    .selectFrom('personal_data')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('subject_id', '=', userId)
    .where('kind', '=', 'address')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

for (const kind of DATABASE_KINDS) {
  describe(`Idempotency-Key on ${kind}`, () => {
    let t: TestApp;
    let user: GivenUser;
    beforeAll(async () => {
      t = await startTestApp(kind);
      user = await given.user(t);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('replays the first response for a repeat and does nothing else', async () => {
      const key = randomUUID();
      const before = await addressCount(t, user.id);
      const first = await t.http.post('/me/addresses', address, { token: user.token, headers: { 'idempotency-key': key } });
      expect(first.status).toBe(201);
      const again = await t.http.post('/me/addresses', { ...address }, { token: user.token, headers: { 'idempotency-key': key } });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await addressCount(t, user.id)).toBe(before + 1);
    });

    it('treats the same fields in another order as the same body', async () => {
      const key = randomUUID();
      const first = await t.http.post('/me/addresses', address, { token: user.token, headers: { 'idempotency-key': key } });
      const reordered = { line: address.line, region: address.region, phone: address.phone, recipient: address.recipient };
      const again = await t.http.post('/me/addresses', reordered, { token: user.token, headers: { 'idempotency-key': key } });
      expect(again.body).toEqual(first.body);
    });

    it('same key with a different body → 422 IDEMPOTENCY_KEY_REUSED, nothing created', async () => {
      const key = randomUUID();
      await t.http.post('/me/addresses', address, { token: user.token, headers: { 'idempotency-key': key } });
      const before = await addressCount(t, user.id);
      const other = await t.http.post('/me/addresses', { ...address, line: '另一个地址 9 号' }, { token: user.token, headers: { 'idempotency-key': key } });
      expect([other.status, other.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
      expect(await addressCount(t, user.id)).toBe(before);
    });

    it('keys belong to their caller: another user with the same key is a fresh request', async () => {
      const key = randomUUID();
      const other = await given.user(t);
      const mine = await t.http.post('/me/addresses', address, { token: user.token, headers: { 'idempotency-key': key } });
      const theirs = await t.http.post('/me/addresses', address, { token: other.token, headers: { 'idempotency-key': key } });
      expect(theirs.status).toBe(201);
      expect(theirs.body.address.id).not.toBe(mine.body.address.id);
      expect(await addressCount(t, other.id)).toBe(1);
    });

    it('a failed validation does not claim the key', async () => {
      const key = randomUUID();
      const bad = await t.http.post('/me/addresses', { ...address, phone: 'nope' }, { token: user.token, headers: { 'idempotency-key': key } });
      expect(bad.status).toBe(400);
      const good = await t.http.post('/me/addresses', address, { token: user.token, headers: { 'idempotency-key': key } });
      expect(good.status).toBe(201);
    });

    it('refuses a malformed key with 400 VALIDATION_FAILED', async () => {
      const res = await t.http.post('/me/addresses', address, { token: user.token, headers: { 'idempotency-key': 'bad key!' } });
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    });

    it('concurrent duplicates: exactly one runs; the others replay it or are told it is in progress', async () => {
      const racer = await given.user(t);
      const key = randomUUID();
      const responses = await Promise.all(
        Array.from({ length: 12 }, () => t.http.post('/me/addresses', address, { token: racer.token, headers: { 'idempotency-key': key } })),
      );
      const created = responses.filter((r) => r.status === 201);
      const inProgress = responses.filter((r) => r.status === 409);
      expect(created.length + inProgress.length).toBe(responses.length);
      expect(created.length).toBeGreaterThanOrEqual(1);
      for (const r of inProgress) expect(r.body.code).toBe('IDEMPOTENCY_KEY_IN_PROGRESS');
      // Every 201 is the same response: one address, one id.
      expect(new Set(created.map((r) => r.body.address.id)).size).toBe(1);
      expect(await addressCount(t, racer.id)).toBe(1);
      // Once settled, a retry replays the stored answer.
      const later = await t.http.post('/me/addresses', address, { token: racer.token, headers: { 'idempotency-key': key } });
      expect(later.status).toBe(201);
      expect(later.body.address.id).toBe(created[0]!.body.address.id);
    });

    // Concurrent answers are stored together (src/http/idempotency.ts); a row held by a lock
    // (here a trigger waiting on an advisory lock, as in test/crash.test.ts) must stall only itself.
    // PostgreSQL only: PGlite has one connection, so nothing there holds a row against another statement.
    if (kind === 'postgres') it('an answer held by a lock holds back only itself, not the answers stored with it', async () => {
      const db = t.ctx.database.db;
      const HOLD = 7_406_001;
      await sql`create function test_hold_answer() returns trigger language plpgsql as $$
        begin perform pg_advisory_xact_lock_shared(${sql.lit(HOLD)}); return new; end $$`.execute(db);
      await sql`create trigger test_hold_answer before update on idempotency_keys for each row
        when (new.state = 'done' and new.key like 'hold-%') execute function test_hold_answer()`.execute(db);
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const holding = db.connection().execute(async (conn) => {
        await sql`select pg_advisory_lock(${HOLD})`.execute(conn);
        locked();
        await released;
        await sql`select pg_advisory_unlock(${HOLD})`.execute(conn);
      });
      await isLocked;
      const others = await Promise.all(Array.from({ length: 24 }, () => given.user(t)));
      const keys = others.map(() => randomUUID());
      let heldSettled = false;
      const held = t.http.post('/me/addresses', address, { token: user.token, headers: { 'idempotency-key': `hold-${randomUUID()}` } });
      void held.finally(() => (heldSettled = true));
      try {
        const answers = await Promise.all(others.map((u, i) => t.http.post('/me/addresses', address, { token: u.token, headers: { 'idempotency-key': keys[i]! } })));
        expect(answers.map((r) => r.status)).toEqual(others.map(() => 201));
        // Each of those answers is stored: a repeat replays it.
        const repeats = await Promise.all(others.map((u, i) => t.http.post('/me/addresses', address, { token: u.token, headers: { 'idempotency-key': keys[i]! } })));
        expect(repeats.map((r) => r.headers.get('idempotent-replayed'))).toEqual(others.map(() => 'true'));
        expect(repeats.map((r) => r.body.address.id)).toEqual(answers.map((r) => r.body.address.id));
        await sleep(300);
        expect(heldSettled).toBe(false);
      } finally {
        release();
        await holding;
      }
      expect((await held).status).toBe(201);
      await sql`drop trigger test_hold_answer on idempotency_keys`.execute(db);
      await sql`drop function test_hold_answer()`.execute(db);
    });
  });
}
