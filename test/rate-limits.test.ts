import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testKeys, type TestApp } from './support/app.js';
import { createTestDatabase, DATABASE_KINDS } from './support/databases.js';
import { given } from './support/given.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisReachable(): Promise<boolean> {
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000, retryStrategy: () => null });
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

for (const kind of DATABASE_KINDS) {
  describe(`rate limits on ${kind}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(kind);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('a phone gets 10 failed logins in 15 minutes, then 429 with Retry-After, even for the right password', async () => {
      const user = await given.user(t);
      for (let i = 0; i < 10; i++) {
        expect((await t.http.post('/auth/login', { phone: user.phone, password: 'wrong-password' })).status).toBe(401);
      }
      const blocked = await t.http.post('/auth/login', { phone: user.phone, password: user.password });
      expect([blocked.status, blocked.body.code]).toEqual([429, 'RATE_LIMITED']);
      const retryAfter = Number(blocked.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(14 * 60);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      // Another phone from the same IP is not blocked by this phone's count.
      const other = await given.user(t);
      expect((await t.http.post('/auth/login', { phone: other.phone, password: other.password })).status).toBe(200);
    });

    it('a success clears the phone’s failure count', async () => {
      const user = await given.user(t);
      for (let i = 0; i < 9; i++) await t.http.post('/auth/login', { phone: user.phone, password: 'wrong-password' });
      expect((await t.http.post('/auth/login', { phone: user.phone, password: user.password })).status).toBe(200);
      for (let i = 0; i < 9; i++) expect((await t.http.post('/auth/login', { phone: user.phone, password: 'wrong-password' })).status).toBe(401);
    });

    it('a phone gets one SMS code a minute', async () => {
      const user = await given.user(t, { legacy: true });
      expect((await t.http.post('/me/phone/code', undefined, { token: user.token })).status).toBe(200);
      const second = await t.http.post('/me/phone/code', undefined, { token: user.token });
      expect([second.status, second.body.code]).toEqual([429, 'RATE_LIMITED']);
      expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(second.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      const outbox = await t.http.get(`/sandbox/sms?phone=${user.phone}`);
      expect(outbox.body.items).toHaveLength(1);
    });
  });
}

describe('rate-limit budgets', () => {
  // One IP's 100 failed logins an hour slow it down rather than refuse it:
  // test/login-throttle.test.ts.

  it('ten codes a day per phone and 200 codes an hour per IP', async () => {
    const t = await startTestApp('pglite');
    try {
      const { limits } = t.ctx;
      for (let i = 0; i < 10; i++) await limits.codesPerPhoneDay.consume('phone-key');
      await expect(limits.codesPerPhoneDay.consume('phone-key')).rejects.toMatchObject({ kind: 'rate_limited', code: 'RATE_LIMITED' });
      for (let i = 0; i < 200; i++) await limits.codesPerIp.consume('10.0.0.1');
      await expect(limits.codesPerIp.consume('10.0.0.1')).rejects.toMatchObject({ kind: 'rate_limited' });
    } finally {
      await t.close();
    }
  });

  it('with REDIS_URL the counts are shared by every process', async () => {
    if (!(await redisReachable())) {
      if (process.env.CI === 'true') throw new Error(`CI=true but Redis at ${REDIS_URL} is not reachable`);
      console.warn(`Redis at ${REDIS_URL} is not reachable: shared rate-limit test skipped`);
      return;
    }
    const testDb = await createTestDatabase('pglite');
    const prefix = `test-${randomBytes(4).toString('hex')}`;
    const keys = testKeys();
    const a = await startTestApp('pglite', { testDb, keys, env: { REDIS_URL }, rateLimitPrefix: prefix });
    const b = await startTestApp('pglite', { testDb, keys, env: { REDIS_URL }, rateLimitPrefix: prefix });
    try {
      const user = await given.user(a);
      for (let i = 0; i < 5; i++) await a.http.post('/auth/login', { phone: user.phone, password: 'wrong-password' });
      for (let i = 0; i < 5; i++) await b.http.post('/auth/login', { phone: user.phone, password: 'wrong-password' });
      expect((await a.http.post('/auth/login', { phone: user.phone, password: user.password })).status).toBe(429);
      expect((await b.http.post('/auth/login', { phone: user.phone, password: user.password })).status).toBe(429);
    } finally {
      await a.close();
      await b.close();
      await testDb.drop();
    }
  });
});
