/**
 * Failed logins are counted per (phone, IP) and per phone, and refused with
 * 429 there; per IP they only slow the IP down, because a NAT or a proxy puts many people
 * behind one address and 100 failures from it must not lock all of them out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, uniquePhone } from './support/given.js';

/** The first wait past 100 failures from an IP; doubling, it stops at 16 times this. */
const SLOWDOWN_MS = 20;

function login(t: TestApp, phone: string, password: string, forwardedFor?: string) {
  return t.http.post('/auth/login', { phone, password }, forwardedFor === undefined ? {} : { headers: { 'x-forwarded-for': forwardedFor } });
}

for (const kind of DATABASE_KINDS) {
  describe(`failed logins on ${kind}`, () => {
    describe('one IP, no proxy', () => {
      let t: TestApp;
      beforeAll(async () => {
        t = await startTestApp(kind, { env: { LOGIN_SLOWDOWN_MS: String(SLOWDOWN_MS) } });
      });
      afterAll(async () => {
        await t?.close();
      });

      it('100+ failed logins from one IP across phones slow it down but never refuse a correct password; one phone still gets 429 after 10', { timeout: 120_000 }, async () => {
        const user = await given.user(t);
        for (let i = 0; i < 105; i++) {
          expect((await login(t, uniquePhone(), 'wrong-password')).status).toBe(401);
        }
        // 105 failures: past the threshold by 5, so the wait is at its bound (16 × 20 ms).
        const started = performance.now();
        const ok = await login(t, user.phone, user.password);
        expect(ok.status).toBe(200);
        expect(performance.now() - started).toBeGreaterThanOrEqual(16 * SLOWDOWN_MS);
        expect((await t.http.get('/me', { token: ok.body.token })).status).toBe(200);

        for (let i = 0; i < 10; i++) expect((await login(t, user.phone, 'wrong-password')).status).toBe(401);
        const blocked = await login(t, user.phone, 'wrong-password');
        expect([blocked.status, blocked.body.code]).toEqual([429, 'RATE_LIMITED']);
        expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
        expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60);
      });
    });

    describe('behind a trusted proxy, so the test chooses client IPs', () => {
      let t: TestApp;
      beforeAll(async () => {
        t = await startTestApp(kind, { env: { TRUST_PROXY: '127.0.0.1', LOGIN_SLOWDOWN_MS: String(SLOWDOWN_MS) } });
      });
      afterAll(async () => {
        await t?.close();
      });

      it('10 failures for a phone from one IP block that IP only: the owner logs in from another', async () => {
        const user = await given.user(t);
        for (let i = 0; i < 10; i++) expect((await login(t, user.phone, 'wrong-password', '203.0.113.77')).status).toBe(401);
        expect((await login(t, user.phone, user.password, '203.0.113.77')).status).toBe(429);
        expect((await login(t, user.phone, user.password, '198.51.100.77')).status).toBe(200);
      });

      it('one phone: 50 failed logins an hour across IPs, then 429 from any IP, even for the right password', async () => {
        const user = await given.user(t);
        for (let i = 0; i < 50; i++) {
          expect((await login(t, user.phone, 'wrong-password', `203.0.113.${Math.floor(i / 5) + 1}`)).status).toBe(401);
        }
        const blocked = await login(t, user.phone, user.password, '198.51.100.200');
        expect([blocked.status, blocked.body.code]).toEqual([429, 'RATE_LIMITED']);
        expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(59 * 60);
        expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(60 * 60);
        // Another phone is untouched.
        const other = await given.user(t);
        expect((await login(t, other.phone, other.password, '198.51.100.200')).status).toBe(200);
      });
    });
  });
}
