/**
 * X-Forwarded-For names the client only when the peer is a proxy listed in
 * TRUST_PROXY. Before, TRUST_PROXY=true trusted every hop, so a client writing its own header
 * chose the IP every per-IP limit counted (130 failed logins, no 429).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, uniquePhone } from './support/given.js';

/** The first wait past the per-IP threshold; the tests measure it, so it cannot be tiny. */
const SLOWDOWN_MS = 200;

function login(t: TestApp, phone: string, password: string, forwardedFor?: string) {
  return t.http.post('/auth/login', { phone, password }, forwardedFor === undefined ? {} : { headers: { 'x-forwarded-for': forwardedFor } });
}

for (const kind of DATABASE_KINDS) {
  describe(`proxy trust on ${kind}`, () => {
    describe('the peer is not a trusted proxy (TRUST_PROXY=10.0.0.1, requests from 127.0.0.1)', () => {
      let t: TestApp;
      beforeAll(async () => {
        t = await startTestApp(kind, { env: { TRUST_PROXY: '10.0.0.1', LOGIN_SLOWDOWN_MS: String(SLOWDOWN_MS) } });
      });
      afterAll(async () => {
        await t?.close();
      });

      it('a spoofed, rotating X-Forwarded-For changes nothing: the limits count 127.0.0.1 exactly as without the header', { timeout: 120_000 }, async () => {
        const user = await given.user(t);
        const bystander = await given.user(t);
        // The (phone, IP) budget: 10 failures, each claiming another client, then 429.
        for (let i = 1; i <= 10; i++) {
          expect((await login(t, user.phone, 'wrong-password', `203.0.113.${i}`)).status).toBe(401);
        }
        const blocked = await login(t, user.phone, user.password, '203.0.113.99');
        expect([blocked.status, blocked.body.code]).toEqual([429, 'RATE_LIMITED']);
        expect((await login(t, user.phone, user.password)).status).toBe(429);

        // The per-IP count: 90 more failures across phones, each under a new forwarded address,
        // make 100 from 127.0.0.1, so its next login waits whatever header it sends.
        for (let i = 0; i < 90; i++) {
          expect((await login(t, uniquePhone(), 'wrong-password', `198.51.${Math.floor(i / 250)}.${(i % 250) + 1}`)).status).toBe(401);
        }
        const started = performance.now();
        expect((await login(t, bystander.phone, bystander.password, '192.0.2.1')).status).toBe(200);
        expect(performance.now() - started).toBeGreaterThanOrEqual(SLOWDOWN_MS);
      });
    });

    describe('the peer is the proxy (TRUST_PROXY=127.0.0.1)', () => {
      let t: TestApp;
      beforeAll(async () => {
        t = await startTestApp(kind, { env: { TRUST_PROXY: '127.0.0.1' } });
      });
      afterAll(async () => {
        await t?.close();
      });

      it('the last X-Forwarded-For entry is the client; an entry the client puts in front changes nothing', async () => {
        const user = await given.user(t);
        // nginx appends the address it saw ($proxy_add_x_forwarded_for); the rest is the client's.
        for (let i = 1; i <= 10; i++) {
          expect((await login(t, user.phone, 'wrong-password', `203.0.113.${i}, 198.51.100.7`)).status).toBe(401);
        }
        expect((await login(t, user.phone, user.password, '203.0.113.50, 198.51.100.7')).status).toBe(429);
        expect((await login(t, user.phone, user.password, '198.51.100.7')).status).toBe(429);
        // Another client behind the same proxy has its own (phone, IP) budget, and so does the proxy itself.
        expect((await login(t, user.phone, user.password, '198.51.100.8')).status).toBe(200);
        expect((await login(t, user.phone, user.password)).status).toBe(200);
      });
    });
  });
}
