/**
 * Logs (src/http/logging.ts): pino JSON with the request id, and never a phone
 * number, identity number, real name, password, PIN, session token, TOTP secret or
 * SMS code — after a full journey that sent every one of them, in bodies, in query
 * strings, in malformed JSON and in paths. And an unexpected error answers 500
 * with no internals while its log line carries the request id.
 */
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createContext, type AppContext } from '../src/context.js';
import { ManualClock } from '../src/lib/clock.js';
import { generateKeyMaterial, parseKeyRing } from '../src/modules/privacy/index.js';
import { buildServer } from '../src/server.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createTestDatabase, DATABASE_KINDS, type DatabaseKind, type TestDatabase } from './support/databases.js';
import { given, latestSmsCode, uniquePhone, validIdNumber } from './support/given.js';
import { createClient, type Client } from './support/http.js';

interface LogLine {
  level: number;
  time: number;
  msg?: string;
  reqId?: string;
  req?: { id?: string; method?: string; path?: string; url?: string };
  res?: { statusCode?: number };
  err?: { type?: string; message?: string; stack?: string };
  [key: string]: unknown;
}

function parseLogs(text: string): LogLine[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return lines.map((line, i) => {
    try {
      return JSON.parse(line) as LogLine;
    } catch {
      throw new Error(`log line ${i + 1} is not JSON: ${line.slice(0, 200)}`);
    }
  });
}

/** The forms a secret could take in a log: as is, percent-encoded, \u-escaped. */
function forms(secret: string): string[] {
  const escaped = [...secret].map((c) => (c.charCodeAt(0) > 127 ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('');
  return [...new Set([secret, encodeURIComponent(secret), escaped])];
}

/** Secrets the log text contains, by name; digit-only secrets only as a whole number, not inside a timestamp. */
function leaks(text: string, secrets: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [name, secret] of Object.entries(secrets)) {
    for (const form of forms(secret)) {
      const hit = /^\d+$/.test(form) ? new RegExp(`(?<!\\d)${form}(?!\\d)`).test(text) : text.includes(form);
      if (hit) found.push(`${name} (${form})`);
    }
  }
  return found;
}

/** An idNumber for the given birth date that ends in X, so upper and lower case differ. */
function idNumberEndingInX(born: string): string {
  for (let i = 0; i < 1000; i++) {
    const id = validIdNumber(born);
    if (id.endsWith('X')) return id;
  }
  throw new Error('no identity number ending in X');
}

for (const kind of DATABASE_KINDS) {
  describe(`logging on ${kind}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(kind, { captureLogs: true });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('a full journey leaves pino JSON with request ids and none of the secrets it carried', async () => {
      const http = t.http;
      const phone = uniquePhone();
      const password = 'Correct-Zebra-4417';
      const wrongPassword = 'Wrong-Horse-8823';
      const realName = '欧阳娜娜';
      const idNumber = idNumberEndingInX('19880512');
      const [pin1, pin2] = ['258036', '147036'];

      // Sign-up: the phone, its code and the password in bodies.
      expect((await http.post('/auth/phone-code', { phone })).status).toBe(202);
      // The phone in a query string.
      const smsCode = await latestSmsCode(t, phone);
      expect((await http.get(`/sandbox/sms?phone=${phone}`)).status).toBe(200);
      const reg = await http.post('/auth/register', { phone, code: smsCode, password, displayName: '日志测试' });
      expect(reg.status).toBe(201);
      const userId = reg.body.user.id as string;
      const login = await http.post('/auth/login', { phone, password });
      expect(login.status).toBe(200);
      const token = login.body.token as string;

      // The identity number in lower case on the way in; stored and shown in upper case.
      await given.identityConsent(t, { token });
      const identity = await http.post('/me/identity', { realName, idNumber: idNumber.toLowerCase() }, { token });
      expect(identity.status, identity.text).toBe(200);

      expect((await http.put('/me/payment-pin', { pin: pin1 }, { token })).status).toBe(204);
      expect((await http.put('/me/payment-pin', { pin: pin2, currentPin: pin1 }, { token })).status).toBe(204);
      // A wrong current PIN is logged as a failure, without the PIN.
      expect((await http.put('/me/payment-pin', { pin: pin1, currentPin: '502918' }, { token })).status).toBe(401);

      const enrol = await http.post('/me/totp', undefined, { token });
      expect(enrol.status).toBe(200);
      const totpSecret = enrol.body.secret as string;
      const totpCode = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(totpSecret), digits: 6, period: 30 }).generate({
        timestamp: t.clock.now().getTime(),
      });
      expect((await http.post('/me/totp/verify', { code: totpCode }, { token })).status).toBe(204);

      // Failures that carry the secrets.
      expect((await http.post('/auth/login', { phone, password: wrongPassword })).status).toBe(401);
      const malformed = await http.post('/auth/login', undefined, { raw: `{"phone":"${phone}","password":"${password}"` });
      expect([malformed.status, malformed.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      const malformedIdentity = await http.post('/me/identity', undefined, { token, raw: `{"realName":"${realName}","idNumber":"${idNumber}" x` });
      expect(malformedIdentity.status).toBe(400);
      const badPhone = await http.post('/auth/register', { phone: `${phone}0`, code: smsCode, password, displayName: realName });
      expect(badPhone.status).toBe(400);
      // Secrets where no route expects them: in a query string, as a cookie. (In a path: its own case below.)
      expect((await http.get(`/no-such-route?phone=${phone}&idNumber=${idNumber}`)).status).toBe(404);
      expect((await http.get(`/me?access_token=${token}&phone=${phone}`, { token })).status).toBeLessThan(500);
      expect((await http.get('/me', { headers: { cookie: `agora_session=${token}` } })).status).toBe(200);

      // An admin reads the personal data (the response carries it all).
      const admin = await given.admin(t);
      const read = await http.get(`/admin/users/${userId}/personal-data?purpose=${encodeURIComponent('客服核实 ticket 42')}`, { token: admin.token });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ phone, realName, idNumber });

      const text = t.logs();
      expect(text.length).toBeGreaterThan(0);
      const lines = parseLogs(text);
      expect(lines.length).toBeGreaterThan(20);
      for (const line of lines) {
        expect(typeof line.level).toBe('number');
        expect(typeof line.time).toBe('number');
      }
      const requestLines = lines.filter((l) => l.req !== undefined || l.res !== undefined);
      expect(requestLines.length).toBeGreaterThan(20);
      for (const line of requestLines) {
        expect(line.reqId, JSON.stringify(line)).toEqual(expect.any(String));
        if (line.req) {
          expect(line.req.id).toBe(line.reqId);
          // Query strings are cut from logged URLs.
          expect(line.req.path ?? '', JSON.stringify(line)).not.toContain('?');
          expect(line.req.url).toBeUndefined();
        }
      }
      // Each request is one id from "incoming" to "completed".
      const incoming = requestLines.filter((l) => l.msg === 'incoming request');
      const completed = requestLines.filter((l) => l.msg === 'request completed');
      expect(incoming.length).toBeGreaterThan(20);
      expect(new Set(incoming.map((l) => l.reqId)).size).toBe(incoming.length);
      expect(completed.map((l) => l.reqId).sort()).toEqual(incoming.map((l) => l.reqId).sort());

      const secrets: Record<string, string> = {
        phone,
        'identity number': idNumber,
        'identity number in lower case': idNumber.toLowerCase(),
        'real name': realName,
        password,
        'wrong password': wrongPassword,
        'first PIN': pin1,
        'second PIN': pin2,
        'session token': token,
        'admin session token': admin.token,
        'admin password': admin.password,
        'TOTP secret': totpSecret,
        'TOTP code': totpCode,
        'SMS code': smsCode,
      };
      expect(leaks(text, secrets)).toEqual([]);
      // The check would find them: the masked phone is not a leak, the whole one would be.
      expect(leaks(`x ${phone} y`, { phone })).toEqual(['phone (' + phone + ')']);
    });
  });

  describe(`log masking on ${kind}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(kind, { captureLogs: true });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('a phone or identity number in a URL path is masked in the request log line', async () => {
      // src/http/logging.ts: the `req` serializer logs `path` as is, and the masking in
      // `formatters.log` runs before serializers, so "incoming request" lines carry the path unmasked.
      const phone = uniquePhone();
      const idNumber = idNumberEndingInX('19800101');
      expect((await t.http.get(`/no-such-route/${phone}/${idNumber.toLowerCase()}`)).status).toBe(404);
      const text = t.logs();
      expect(text).toContain('/api/v1/no-such-route/');
      expect(leaks(text, { phone, 'identity number': idNumber, 'identity number in lower case': idNumber.toLowerCase() })).toEqual([]);
    });
  });

  describe(`unexpected errors on ${kind}`, () => {
    let testDb: TestDatabase;
    let ctx: AppContext;
    let app: Awaited<ReturnType<typeof buildServer>>;
    let http: Client;
    let captured = '';
    const phone = uniquePhone();
    const idNumber = idNumberEndingInX('19700101');

    /** As test/support/app.ts, plus routes that fail in ways no module should. */
    async function startBoomServer(dbKind: DatabaseKind) {
      testDb = await createTestDatabase(dbKind);
      const config = loadConfig({ NODE_ENV: 'test', PORT: '0', DATA_DIR: '/nonexistent-test-data' });
      const material = generateKeyMaterial();
      ctx = createContext({ config, database: testDb.database, keys: parseKeyRing(material.dataKeys, material.lookupKey), clock: new ManualClock(new Date()) });
      const logStream = new Writable({
        write(chunk: Buffer, _encoding, done) {
          captured += chunk.toString('utf8');
          done();
        },
      });
      app = await buildServer(ctx, { logStream, logLevel: 'trace' });
      app.get('/api/v1/test-boom', async () => {
        throw new Error(`kaboom in /srv/agora/src/secret-module.ts for ${phone} / ${idNumber}`);
      });
      app.get('/api/v1/test-boom-db', async () => {
        await sql`select * from no_such_table_kaboom`.execute(ctx.database.db);
        return { ok: true };
      });
      app.get('/api/v1/test-boom-upstream', async () => {
        throw Object.assign(new Error('upstream kaboom: connection refused 10.0.0.7:5432'), { statusCode: 502 });
      });
      app.get('/api/v1/test-boom-4xx', async () => {
        throw Object.assign(new Error('kaboom detail that must stay inside'), { statusCode: 409 });
      });
      await app.listen({ port: 0, host: '127.0.0.1' });
      http = createClient(ctx.selfUrl.current);
    }

    beforeAll(async () => {
      await startBoomServer(kind);
    });
    afterAll(async () => {
      await app?.close();
      await ctx?.limits.close();
      await testDb?.drop();
    });

    const INTERNAL = {
      type: 'https://agora.example/problems/internal',
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unknown error occurred',
      code: 'INTERNAL',
    };

    /** The request id of the one request to `path`, from its "incoming request" line. */
    const reqIdFor = (lines: LogLine[], path: string) => {
      const incoming = lines.filter((l) => l.msg === 'incoming request' && l.req?.path === path);
      expect(incoming).toHaveLength(1);
      return incoming[0]!.reqId!;
    };

    for (const path of ['/api/v1/test-boom', '/api/v1/test-boom-db', '/api/v1/test-boom-upstream']) {
      it(`${path}: 500 { code: INTERNAL, detail: 'An unknown error occurred' } with no internals; the log line has the request id`, async () => {
        const res = await http.get(path);
        expect(res.status).toBe(500);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(res.body).toEqual(INTERNAL);
        for (const internal of ['kaboom', 'stack', '/srv/', 'no_such_table', '10.0.0.7', 'Error:', phone, idNumber]) expect(res.text).not.toContain(internal);
        expect([...res.headers.keys()].join(' ')).not.toMatch(/x-powered-by|x-error|x-stack/i);

        const lines = parseLogs(captured);
        const reqId = reqIdFor(lines, path);
        const errors = lines.filter((l) => l.level >= 50 && l.reqId === reqId);
        expect(errors.length, JSON.stringify(lines.filter((l) => l.reqId === reqId))).toBeGreaterThanOrEqual(1);
        // The log keeps what the answer hides, so the two can be matched by the request id.
        expect(errors.some((l) => /kaboom/.test(l.err?.message ?? ''))).toBe(true);
        const completed = lines.find((l) => l.msg === 'request completed' && l.reqId === reqId);
        expect(completed?.res?.statusCode).toBe(500);
      });
    }

    it('a 4xx thrown with a message keeps the message out of the answer', async () => {
      const res = await http.get('/api/v1/test-boom-4xx');
      expect(res.status).toBe(409);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 409, code: expect.any(String) });
      expect(res.text).not.toContain('kaboom');
    });

    it('an error message with a phone or identity number in it is masked in the log', async () => {
      // src/http/logging.ts: the `err` serializer calls scrubDeep(stdSerializers.err(err)), but pino's
      // serialized error has pino's own prototype (not Object.prototype), so scrubDeep returns it
      // untouched: err.message and err.stack are logged unmasked.
      await http.get('/api/v1/test-boom');
      const text = captured;
      expect(text).toContain('kaboom');
      expect(leaks(text, { phone, 'identity number': idNumber, 'identity number in lower case': idNumber.toLowerCase() })).toEqual([]);
    });
  });
}
