/**
 * A server in production mode has no sandbox, takes only webhooks
 * signed with its own secret, and shows no docs or /metrics unless told to; outside the
 * sandbox, SMS goes to the configured gateway, signed with the configured secret.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, SANDBOX_SECRETS } from '../src/config.js';
import { generateKeyMaterial, parseKeyRing } from '../src/modules/privacy/index.js';
import { signWebhook } from '../src/modules/payments/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenUser } from './support/given.js';

const material = generateKeyMaterial();
const keys = parseKeyRing(material.dataKeys, material.lookupKey);

/** What an operator sets for production: real keys and secrets, the non-sandbox providers by default. */
function productionEnv(): Record<string, string> {
  return {
    NODE_ENV: 'production',
    // Production keeps scrypt's full cost (lower is for NODE_ENV=test); these tests make few users.
    PASSWORD_HASH_COST: '14',
    AGORA_DATA_KEYS: material.dataKeys,
    AGORA_LOOKUP_KEY: material.lookupKey,
    PAYMENT_WEBHOOK_SECRET: randomBytes(32).toString('base64'),
    SMS_GATEWAY_SECRET: randomBytes(32).toString('base64'),
    SMS_GATEWAY_URL: 'https://sms.invalid/send',
  };
}

async function raw(t: TestApp, path: string) {
  const response = await fetch(`${t.url}${path}`);
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() };
}

for (const kind of DATABASE_KINDS) {
  describe(`production mode on ${kind}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(kind, { env: productionEnv(), keys });
    });
    afterAll(async () => {
      await t?.close();
    });

    /** A top-up webhook as a provider sends it, signed with `secret`. */
    function webhook(event: object, secret: string) {
      const body = JSON.stringify(event);
      const timestamp = String(Math.floor(t.clock.now().getTime() / 1000));
      return t.http.post('/payments/webhook', undefined, {
        raw: body,
        headers: { 'content-type': 'application/json', 'x-provider-timestamp': timestamp, 'x-provider-signature': signWebhook(secret, timestamp, body) },
      });
    }
    async function pendingTopUp(user: GivenUser, amount: number) {
      const created = await t.http.post('/wallet/top-ups', { amount }, { token: user.token, headers: { 'idempotency-key': randomUUID() } });
      expect(created.status).toBe(201);
      return { type: 'top_up.succeeded', topUpId: created.body.topUp.id as string, amount, providerRef: `real-${randomUUID()}` };
    }

    it('has no sandbox endpoints', async () => {
      expect(t.ctx.config).toMatchObject({ sandbox: false, paymentProvider: 'hmac', smsProvider: 'http', apiDocs: false });
      const user = await given.user(t, { legacy: true }); // no sandbox SMS outbox in production
      const event = await pendingTopUp(user, 5_000);
      for (const [method, path] of [
        ['POST', `/sandbox/top-ups/${event.topUpId}/complete`],
        ['GET', '/sandbox/sms?phone=13800138000'],
        ['POST', '/sandbox/sms/gateway'],
        ['POST', '/sandbox/parcels/SB1234567890/deliver'],
        ['POST', '/sandbox/parcels/SB1234567890/exception'],
      ] as const) {
        const res = await t.http.request(method, path);
        expect([method, path, res.status, res.body?.code]).toEqual([method, path, 404, 'NOT_FOUND']);
      }
      expect((await t.http.get('/wallet', { token: user.token })).body.balance).toBe(0);
      // No sandbox carrier either: not seeded, not among the carriers.
      expect((await t.http.get('/logistics/carriers')).body.items).toEqual([]);
      expect(t.ctx.sandboxCarrier).toBeUndefined();
    });

    it('refuses a top-up webhook signed with the public sandbox secret, and credits one signed with its own', async () => {
      const user = await given.user(t, { legacy: true }); // no sandbox SMS outbox in production
      const event = await pendingTopUp(user, 12_300);
      for (const secret of Object.values(SANDBOX_SECRETS)) {
        const forged = await webhook(event, secret);
        expect([forged.status, forged.body.code]).toEqual([401, 'BAD_SIGNATURE']);
      }
      expect((await t.http.get('/wallet', { token: user.token })).body.balance).toBe(0);
      expect((await t.http.get(`/wallet/top-ups/${event.topUpId}`, { token: user.token })).body.topUp.status).toBe('pending');

      const real = await webhook(event, t.ctx.config.paymentWebhookSecret);
      expect([real.status, real.body]).toEqual([200, { received: true }]);
      expect((await t.http.get('/wallet', { token: user.token })).body).toEqual({ balance: 12_300, held: 0, incoming: 0 });
    });

    it('serves no docs and no OpenAPI document unless API_DOCS=true', async () => {
      for (const path of ['/docs', '/docs/', '/docs/json', '/api/v1/openapi.json']) {
        const res = await raw(t, path);
        expect([path, res.status, res.type]).toEqual([path, 404, expect.stringContaining('application/problem+json')]);
      }
      const withDocs = await startTestApp(kind, { env: { ...productionEnv(), API_DOCS: 'true' }, keys, testDb: t.testDb });
      try {
        const doc = await raw(withDocs, '/api/v1/openapi.json');
        expect(doc.status).toBe(200);
        expect(JSON.parse(doc.body).paths['/api/v1/payments/webhook']).toBeDefined();
        // Production's document lists no sandbox operation: there is none.
        expect(Object.keys(JSON.parse(doc.body).paths).filter((p) => p.includes('/sandbox/'))).toEqual([]);
        const page = await raw(withDocs, '/docs');
        expect([page.status, page.type]).toEqual([200, expect.stringContaining('text/html')]);
      } finally {
        await withDocs.close();
      }
    });

    it('answers /metrics with a 404 problem, not the web app', async () => {
      for (const path of ['/metrics', '/metrics/', '/metrics/prometheus', '/metrics?format=prometheus']) {
        const res = await raw(t, path);
        expect([path, res.status, res.type]).toEqual([path, 404, expect.stringContaining('application/problem+json')]);
        expect(JSON.parse(res.body).code).toBe('NOT_FOUND');
      }
      // The web app's own pages still fall back to index.html.
      expect((await raw(t, '/wallet')).status).toBe(200);
    });

    it('does not start without PAYMENT_WEBHOOK_SECRET, so no one can sign with the public default', async () => {
      const env = productionEnv();
      delete env.PAYMENT_WEBHOOK_SECRET;
      const attempt = await startTestApp(kind, { env, keys, testDb: t.testDb }).catch((error: unknown) => error as Error);
      if (!(attempt instanceof Error)) {
        // It started: show what that allowed (a forged top-up), then fail below.
        try {
          const user = await given.user(attempt, { legacy: true });
          const created = await attempt.http.post('/wallet/top-ups', { amount: 1_000 }, { token: user.token });
          const body = JSON.stringify({ type: 'top_up.succeeded', topUpId: created.body.topUp.id, amount: 1_000, providerRef: 'forged' });
          const timestamp = String(Math.floor(attempt.clock.now().getTime() / 1000));
          const forged = await attempt.http.post('/payments/webhook', undefined, {
            raw: body,
            headers: { 'content-type': 'application/json', 'x-provider-timestamp': timestamp, 'x-provider-signature': signWebhook(SANDBOX_SECRETS.paymentWebhook, timestamp, body) },
          });
          expect(forged.status, 'a webhook signed with the public sandbox secret').toBe(401);
        } finally {
          await attempt.close();
        }
      }
      expect(attempt).toBeInstanceOf(ConfigError);
      expect((attempt as ConfigError).problems).toEqual([expect.stringMatching(/^PAYMENT_WEBHOOK_SECRET is required when NODE_ENV=production/)]);
    });
  });
}

describe('SMS_PROVIDER=http', () => {
  let t: TestApp;
  let gateway: http.Server;
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const secret = randomBytes(32).toString('base64');
  beforeAll(async () => {
    // Stands for the carrier's gateway: it keeps what it is sent.
    gateway = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const { port } = gateway.address() as AddressInfo;
    t = await startTestApp('pglite', { env: { SMS_PROVIDER: 'http', SMS_GATEWAY_URL: `http://127.0.0.1:${port}/send`, SMS_GATEWAY_SECRET: secret } });
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => gateway?.close(resolve));
  });

  it('sends login codes to the configured gateway, signed with the configured secret, and mounts no sandbox gateway', async () => {
    // An old account (its phone unverified): the sandbox outbox that sign-up reads codes from is not mounted here.
    const user = await given.user(t, { legacy: true });
    expect((await t.http.post('/me/phone/code', undefined, { token: user.token })).status).toBe(200);
    expect(received).toHaveLength(1);
    const [message] = received;
    const timestamp = message!.headers['x-sms-timestamp'] as string;
    expect(message!.headers['x-sms-signature']).toBe(createHmac('sha256', secret).update(`${timestamp}.${message!.body}`).digest('hex'));
    expect(JSON.parse(message!.body)).toMatchObject({ to: user.phone, text: expect.stringMatching(/\d{6}/) });
    expect((await t.http.get(`/sandbox/sms?phone=${user.phone}`)).status).toBe(404);
    // The payment sandbox stays: its provider is still the sandbox.
    expect(t.ctx.config.sandbox).toBe(true);
  });
});
