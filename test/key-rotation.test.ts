/**
 * Key rotation: values sealed under key 1; key 2 is added first in
 * the list and a server restarted with both; `rotateKeys` (what `npm run
 * keys:rotate` runs) re-encrypts every sealed column in small batches while that
 * server keeps reading and writing; then every value is under key 2, all open, and
 * a server configured with key 2 alone (key 1 retired) reads everything.
 */
import { randomBytes } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKeyRing, type KeyRing } from '../src/modules/privacy/index.js';
import { keysStillInUse, rotateKeys } from '../src/workflows/rotate-keys.js';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, uniquePhone, type GivenUser } from './support/given.js';

const b64 = () => randomBytes(32).toString('base64');

for (const kind of DATABASE_KINDS) {
  describe(`key rotation on ${kind}`, () => {
    const lookupKey = b64();
    const key1 = `k1:${b64()}`;
    const key2 = `k2:${b64()}`;
    const ring = (dataKeys: string): KeyRing => parseKeyRing(dataKeys, lookupKey);
    let before: TestApp;
    let during: TestApp | undefined;
    let after: TestApp | undefined;
    beforeAll(async () => {
      before = await startTestApp(kind, { keys: ring(key1) });
    });
    afterAll(async () => {
      await after?.close();
      await during?.close();
      await before?.close();
    });

    it('re-encrypts every sealed value under the new key while the server reads and writes; the old key can then go', async () => {
      const db = before.ctx.database.db;
      const users: { user: GivenUser; address: Record<string, string> }[] = [];
      for (let i = 0; i < 5; i++) {
        const user = await given.user(before, { verify: i === 0 ? 'identity' : 'phone', viaSms: false });
        const address = { recipient: `收件人${i}`, phone: uniquePhone(), region: '上海市徐汇区', line: `漕溪北路 ${i + 1} 号` };
        const res = await before.http.post('/me/addresses', address, { token: user.token, headers: { 'idempotency-key': `rotation-test-${kind}-${i}-0000` } });
        expect(res.status).toBe(201);
        users.push({ user, address });
      }
      const enrol = await before.http.post('/me/totp', undefined, { token: users[0]!.user.token });
      expect(enrol.status).toBe(200);
      const totpSecret = enrol.body.secret as string;
      const keyIds = async () => [...new Set((await db.selectFrom('personal_data').select('key_id').execute()).map((r) => r.key_id))].sort();
      expect(await keyIds()).toEqual(['k1']);

      // Key 2 first: the restarted server seals new values with it and still opens key 1's.
      during = await startTestApp(kind, { testDb: before.testDb, keys: ring(`${key2},${key1}`) });
      const readAll = async (app: TestApp) => {
        for (const { user, address } of users) {
          const token = (await app.http.post('/auth/login', { phone: user.phone, password: user.password })).body.token as string;
          const list = await app.http.get('/me/addresses', { token });
          expect(list.status).toBe(200);
          expect(list.body.items.map(({ id: _id, lastUsedAt: _used, ...rest }: Record<string, string>) => rest)).toContainEqual(address);
        }
      };
      let reads = 0;
      let rotating = true;
      const reader = (async () => {
        while (rotating) {
          await readAll(during!);
          const extra = { recipient: '轮换中写入', phone: uniquePhone(), region: '上海市', line: `新地址 ${reads}` };
          expect((await during!.http.post('/me/addresses', extra, { token: users[1]!.user.token })).status).toBe(201);
          reads++;
        }
      })();
      const result = await rotateKeys({ db, keys: ring(`${key2},${key1}`), batchSize: 2 });
      rotating = false;
      await reader;
      expect(reads).toBeGreaterThan(0);
      expect(result.keyId).toBe('k2');
      expect(result.reports.map((r) => [r.column, r.remaining])).toEqual([
        ['personal_data', 0],
        ['users.totp_secret_sealed', 0],
        ['idempotency_keys.response_body', 0],
        ['sandbox_sms.phone_sealed', 0],
        ['logistics_credentials.secret_sealed', 0],
      ]);
      expect(result.reports[0]!.rotated).toBeGreaterThanOrEqual(users.length * 2);
      expect(await keyIds()).toEqual(['k2']);
      expect(Object.values(await keysStillInUse({ db, keys: ring(key2) }))).toEqual([0, 0, 0, 0, 0]);

      // Key 1 retired: a server with key 2 alone opens everything.
      await during.close();
      during = undefined;
      after = await startTestApp(kind, { testDb: before.testDb, keys: ring(key2) });
      await readAll(after);
      const first = users[0]!.user;
      const admin = await given.admin(after);
      const personal = await after.http.get(`/admin/users/${first.id}/personal-data?purpose=${encodeURIComponent('rotation check')}`, { token: admin.token });
      expect(personal.body).toMatchObject({ phone: first.phone, realName: first.realName, idNumber: first.idNumber });
      const token = (await after.http.post('/auth/login', { phone: first.phone, password: first.password })).body.token as string;
      const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(totpSecret), digits: 6, period: 30 }).generate({ timestamp: after.clock.now().getTime() });
      expect((await after.http.post('/me/totp/verify', { code }, { token })).status).toBe(204);
      // An idempotent replay opens its stored response under the new key.
      const replay = await after.http.post('/me/addresses', users[2]!.address, { token: (await after.http.post('/auth/login', { phone: users[2]!.user.phone, password: users[2]!.user.password })).body.token, headers: { 'idempotency-key': `rotation-test-${kind}-2-0000` } });
      expect(replay.status).toBe(201);
      expect(replay.body.address).toMatchObject(users[2]!.address);
    });
  });
}
