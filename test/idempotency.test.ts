import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testKeys, type TestApp } from './support/app.js';
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

/** A key's row as a process that died mid-request leaves it: `running`, its lock far off, owned by `owner`. */
async function orphan(t: TestApp, key: string, owner: string): Promise<void> {
  await t.ctx.database.db
    .updateTable('idempotency_keys')
    .set({ state: 'running', status_code: null, response_body: null, content_type: null, owner, locked_until: new Date(t.clock.now().getTime() + 60 * 60_000) })
    .where('key', '=', key)
    .execute();
}

/**
 * Holds the answer of every request whose key starts with `prefix` (the UPDATE that
 * stores it waits on an advisory lock, as in test/crash.test.ts) until `release()`:
 * the request has done its work and is still running. PostgreSQL only.
 */
async function holdAnswers(t: TestApp, prefix: string, lock: number): Promise<{ release(): Promise<void> }> {
  const db = t.ctx.database.db;
  const name = sql.id(`test_hold_${prefix.replace(/\W/g, '_')}`);
  await sql`create function ${name}() returns trigger language plpgsql as $$
    begin perform pg_advisory_xact_lock_shared(${sql.lit(lock)}); return new; end $$`.execute(db);
  await sql`create trigger ${name} before update on idempotency_keys for each row
    when (new.state = 'done' and new.key like ${sql.lit(`${prefix}%`)}) execute function ${name}()`.execute(db);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const holding = db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${lock})`.execute(conn);
    locked();
    await released;
    await sql`select pg_advisory_unlock(${lock})`.execute(conn);
  });
  await isLocked;
  return {
    async release() {
      release();
      await holding;
      await sql`drop trigger ${name} on idempotency_keys`.execute(db);
      await sql`drop function ${name}()`.execute(db);
    },
  };
}

/** Until the answer of `key` waits on the hold: its work is done, the key still `running`. */
async function untilHeld(t: TestApp, key: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { rows } = await sql<{ waiting: number; state: string | null }>`select
        (select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and wait_event = 'advisory')::int as waiting,
        (select state from idempotency_keys where key = ${key}) as state`.execute(t.ctx.database.db);
    if (rows[0]!.waiting >= 1 && rows[0]!.state === 'running') return;
    if (Date.now() > deadline) throw new Error(`the request with key ${key} was not held`);
    await sleep(20);
  }
}

for (const kind of DATABASE_KINDS) {
  describe(`Idempotency-Key on ${kind}`, () => {
    let t: TestApp;
    let user: GivenUser;
    // Shared with the second processes on this database (PostgreSQL) below.
    const keys = testKeys();
    beforeAll(async () => {
      t = await startTestApp(kind, { keys });
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

    // A repeat of a key in flight waits for the first answer and replays it (no 409).
    it('concurrent duplicates: exactly one runs; every other one waits and replays its answer', async () => {
      const racer = await given.user(t);
      const key = randomUUID();
      const responses = await Promise.all(
        Array.from({ length: 12 }, () => t.http.post('/me/addresses', address, { token: racer.token, headers: { 'idempotency-key': key } })),
      );
      expect(responses.map((r) => r.status)).toEqual(responses.map(() => 201));
      expect(responses.map((r) => r.text)).toEqual(responses.map(() => responses[0]!.text));
      // One ran; the eleven others are replays of it.
      expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true').length).toBe(11);
      const created = responses;
      expect(await addressCount(t, racer.id)).toBe(1);
      // Once settled, a retry replays the stored answer.
      const later = await t.http.post('/me/addresses', address, { token: racer.token, headers: { 'idempotency-key': key } });
      expect(later.status).toBe(201);
      expect(later.body.address.id).toBe(created[0]!.body.address.id);
    });

    it('ten concurrent top-ups with one key: the same 201 and body for all, one top-up', async () => {
      const payer = await given.user(t);
      const key = randomUUID();
      const responses = await Promise.all(Array.from({ length: 10 }, () => t.http.post('/wallet/top-ups', { amount: 5_000 }, { token: payer.token, headers: { 'idempotency-key': key } })));
      expect(responses.map((r) => r.status)).toEqual(responses.map(() => 201));
      expect(responses.map((r) => r.text)).toEqual(responses.map(() => responses[0]!.text));
      const topUps = await t.ctx.database.db.selectFrom('top_ups').select('id').where('user_id', '=', payer.id).execute();
      expect(topUps.map((r) => r.id)).toEqual([responses[0]!.body.topUp.id]);
    });

    // A claim whose process is gone (killed mid-request) is taken over at once,
    // by exactly one of the repeats, however far off its lock is.
    it('a claim whose owner process is gone is taken over at once by one repeat; the others replay its answer', async () => {
      const racer = await given.user(t);
      const key = randomUUID();
      const first = await t.http.post('/me/addresses', address, { token: racer.token, headers: { 'idempotency-key': key } });
      expect(first.status).toBe(201);
      await orphan(t, key, randomUUID());
      const started = Date.now();
      const repeats = await Promise.all(Array.from({ length: 6 }, () => t.http.post('/me/addresses', address, { token: racer.token, headers: { 'idempotency-key': key } })));
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(repeats.map((r) => r.status)).toEqual(repeats.map(() => 201));
      expect(repeats.map((r) => r.text)).toEqual(repeats.map(() => repeats[0]!.text));
      expect(repeats.filter((r) => r.headers.get('idempotent-replayed') !== 'true').length).toBe(1);
      // The first run's answer was lost with its process: the taker ran it again, once.
      expect(repeats[0]!.body.address.id).not.toBe(first.body.address.id);
      expect(await addressCount(t, racer.id)).toBe(2);
    });

    if (kind === 'postgres') it('a claim whose owner stopped renewing its lease is taken over; one that renews is waited for', async () => {
      const db = t.ctx.database.db;
      const racer = await given.user(t);
      const [silentKey, liveKey] = [randomUUID(), randomUUID()];
      for (const key of [silentKey, liveKey]) expect((await t.http.post('/me/addresses', address, { token: racer.token, headers: { 'idempotency-key': key } })).status).toBe(201);
      const [silent, live] = [randomUUID(), randomUUID()];
      await db.insertInto('idempotency_owners').values([{ id: silent, heartbeat_at: new Date(Date.now() - 60_000) }, { id: live, heartbeat_at: new Date() }]).execute();
      await orphan(t, silentKey, silent);
      await orphan(t, liveKey, live);
      const short = await startTestApp(kind, { testDb: t.testDb, keys, idempotency: { waitMs: 400 } });
      try {
        const taken = await short.http.post('/me/addresses', address, { token: racer.token, headers: { 'idempotency-key': silentKey } });
        expect([taken.status, taken.headers.get('idempotent-replayed')]).toEqual([201, null]);
        const started = Date.now();
        const waited = await short.http.post('/me/addresses', address, { token: racer.token, headers: { 'idempotency-key': liveKey } });
        expect([waited.status, waited.body.code]).toEqual([409, 'IDEMPOTENCY_KEY_IN_PROGRESS']);
        expect(Date.now() - started).toBeGreaterThanOrEqual(400);
        expect(await addressCount(t, racer.id)).toBe(3);
      } finally {
        await short.close();
        await db.deleteFrom('idempotency_owners').where('id', 'in', [silent, live]).execute();
      }
    });

    // Across processes: two servers on one database, the repeat on the other one.
    // Their leases beat every 100 ms and go stale after 500 ms; the first request runs for 1.5 s,
    // and is still not taken over: a live process's claim is never taken, however long it runs.
    if (kind === 'postgres') it('a repeat on another process waits for the first answer, even past the lease’s staleness, and replays it', async () => {
      const lease = { heartbeatMs: 100, staleMs: 500 };
      const a = await startTestApp(kind, { testDb: t.testDb, keys, idempotency: lease });
      const b = await startTestApp(kind, { testDb: t.testDb, keys, idempotency: lease });
      const hold = await holdAnswers(t, 'across-', 7_406_002);
      try {
        const racer = await given.user(t);
        const key = `across-${randomUUID()}`;
        const first = a.http.post('/me/addresses', address, { token: racer.token, headers: { 'idempotency-key': key } });
        await untilHeld(t, key);
        let repeatSettled = false;
        const repeat = b.http.post('/me/addresses', address, { token: racer.token, headers: { 'idempotency-key': key } });
        void repeat.finally(() => (repeatSettled = true));
        await sleep(1_500);
        expect(repeatSettled).toBe(false);
        await hold.release();
        const [one, two] = await Promise.all([first, repeat]);
        expect([one.status, two.status]).toEqual([201, 201]);
        expect(two.text).toBe(one.text);
        expect(two.headers.get('idempotent-replayed')).toBe('true');
        expect(await addressCount(t, racer.id)).toBe(1);
      } finally {
        await hold.release().catch(() => undefined);
        await Promise.all([a.close(), b.close()]);
      }
    });

    if (kind === 'postgres') it('a repeat that waits past the bound gets 409 IDEMPOTENCY_KEY_IN_PROGRESS, and the answer once it is kept', async () => {
      const short = await startTestApp(kind, { testDb: t.testDb, keys, idempotency: { waitMs: 300 } });
      const other = await startTestApp(kind, { testDb: t.testDb, keys, idempotency: { waitMs: 300 } });
      const hold = await holdAnswers(t, 'bound-', 7_406_003);
      try {
        const racer = await given.user(t);
        const key = `bound-${randomUUID()}`;
        const first = short.http.post('/me/addresses', address, { token: racer.token, headers: { 'idempotency-key': key } });
        await untilHeld(t, key);
        // The same process (its in-memory wait) and another one (polling) both give up at their bound.
        for (const app of [short, other]) {
          const started = Date.now();
          const waited = await app.http.post('/me/addresses', address, { token: racer.token, headers: { 'idempotency-key': key } });
          expect([waited.status, waited.body.code]).toEqual([409, 'IDEMPOTENCY_KEY_IN_PROGRESS']);
          expect(Date.now() - started).toBeGreaterThanOrEqual(300);
        }
        await hold.release();
        const answered = await first;
        expect(answered.status).toBe(201);
        const again = await other.http.post('/me/addresses', address, { token: racer.token, headers: { 'idempotency-key': key } });
        expect([again.status, again.text, again.headers.get('idempotent-replayed')]).toEqual([201, answered.text, 'true']);
        expect(await addressCount(t, racer.id)).toBe(1);
      } finally {
        await hold.release().catch(() => undefined);
        await Promise.all([short.close(), other.close()]);
      }
    });

    // Concurrent answers are stored together (src/modules/idempotency/service.ts); a row held by a lock
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
