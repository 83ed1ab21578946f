/**
 * The personal-data vault (src/modules/privacy): after a journey that stores a
 * phone, a real name, an identity number, an address, a TOTP secret, a password
 * and a PIN, a dump of every row of every table holds none of them in plain text —
 * while the owner still reads the address back decrypted.
 */
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { dumpAllRows } from './support/dump.js';
import { given, signUp, uniquePhone, validIdNumber } from './support/given.js';

function idNumberEndingInX(born: string): string {
  for (let i = 0; i < 1000; i++) {
    const id = validIdNumber(born);
    if (id.endsWith('X')) return id;
  }
  throw new Error('no identity number ending in X');
}

for (const kind of DATABASE_KINDS) {
  describe(`personal-data vault on ${kind}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(kind);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('a dump of every table finds none of the plaintext values, and the owner reads them back', async () => {
      const http = t.http;
      const phone = uniquePhone();
      const password = 'Vault-Password-5521';
      const realName = '司马相如';
      const idNumber = idNumberEndingInX('19850317');
      const pin = '258036';
      const address = { recipient: '诸葛孔明', phone: uniquePhone(), region: '浙江省杭州市西湖区', line: '龙井路 88 号青芝坞 7 幢 1901 室' };

      const reg = await signUp(t, { phone, password, displayName: '保险库测试' });
      expect(reg.status).toBe(201);
      const userId = reg.body.user.id as string;
      const login = await http.post('/auth/login', { phone, password });
      expect(login.status).toBe(200);
      const token = login.body.token as string;
      await given.identityConsent(t, { token });
      const identity = await http.post('/me/identity', { realName, idNumber: idNumber.toLowerCase() }, { token });
      expect(identity.status, identity.text).toBe(200);
      expect((await http.put('/me/payment-pin', { pin }, { token })).status).toBe(204);
      const enrol = await http.post('/me/totp', undefined, { token });
      expect(enrol.status).toBe(200);
      const totpSecret = enrol.body.secret as string;
      const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(totpSecret), digits: 6, period: 30 }).generate({ timestamp: t.clock.now().getTime() });
      expect((await http.post('/me/totp/verify', { code }, { token })).status).toBe(204);
      const added = await http.post('/me/addresses', address, { token });
      expect(added.status).toBe(201);
      // An admin read leaves an access-log row (and an audit row) about the data, not the data.
      const admin = await given.admin(t);
      const read = await http.get(`/admin/users/${userId}/personal-data?purpose=${encodeURIComponent('客服核实 ticket 42')}`, { token: admin.token });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ phone, realName, idNumber });

      const dump = await dumpAllRows(t);
      expect(dump.tables).toEqual(expect.arrayContaining(['users', 'sessions', 'personal_data', 'sandbox_sms', 'idempotency_keys'].map((n) => expect.stringMatching(new RegExp(`\\.${n}$`)))));
      // The dump reads what it should: the user's row with the masked phone is in it.
      const userRow = dump.rows.find((r) => r.table.endsWith('.users') && r.text.includes(userId));
      expect(userRow?.text).toContain(`${phone.slice(0, 3)}****${phone.slice(7)}`);

      const plaintext: Record<string, string> = {
        phone,
        'identity number': idNumber,
        'identity number in lower case': idNumber.toLowerCase(),
        'real name': realName,
        'address line': address.line,
        'address recipient': address.recipient,
        'address region': address.region,
        'address phone': address.phone,
        password,
        PIN: pin,
        'TOTP secret': totpSecret,
      };
      const found: string[] = [];
      for (const { table, text } of dump.rows) {
        for (const [name, value] of Object.entries(plaintext)) if (text.includes(value)) found.push(`${name} in ${table}: ${text.slice(0, 200)}`);
      }
      expect(found).toEqual([]);

      // Every sealed value names the key that sealed it.
      const vault = await t.ctx.database.db
        .selectFrom('personal_data')
        .select(['kind', 'sealed', 'key_id', 'lookup_hash'])
        .where('subject_id', '=', userId)
        .orderBy('kind')
        .execute();
      expect(vault.map((r) => r.kind).sort()).toEqual(['address', 'id_number', 'phone', 'real_name']);
      for (const row of vault) {
        expect(row.key_id, row.kind).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(row.sealed.split('.').slice(0, 2), row.kind).toEqual(['v1', row.key_id]);
        // Only the kinds that are looked up or unique keep a (keyed) lookup hash.
        expect([row.kind, row.lookup_hash !== null]).toEqual([row.kind, row.kind === 'phone' || row.kind === 'id_number']);
      }
      const all = await t.ctx.database.db.selectFrom('personal_data').select(['key_id']).execute();
      expect(all.every((r) => r.key_id.length > 0)).toBe(true);

      // The owner reads the address back, decrypted; another user does not see it.
      const list = await http.get('/me/addresses', { token });
      expect(list.status).toBe(200);
      expect(list.body.items).toEqual([{ id: added.body.address.id, ...address, lastUsedAt: null }]);
      const other = await given.user(t);
      expect((await http.get('/me/addresses', { token: other.token })).body.items).toEqual([]);
    });

    it('an address posted with an Idempotency-Key is not kept in plain text in idempotency_keys', async () => {
      // src/modules/idempotency/service.ts (answer → idempotencyRepo.completeMany) stores the whole response body
      // for replay, and POST /me/addresses answers with the decrypted address: recipient, phone, region
      // and line then sit unsealed in idempotency_keys.response_body for 24 hours, beside the vault.
      const user = await given.user(t);
      const address = { recipient: '欧阳修远', phone: uniquePhone(), region: '四川省成都市锦江区', line: '春熙路 12 号 3 单元 404' };
      const res = await t.http.post('/me/addresses', address, { token: user.token, headers: { 'idempotency-key': 'vault-test-key-0001' } });
      expect(res.status).toBe(201);
      const found = (await dumpAllRows(t)).rows
        .filter((r) => Object.values(address).some((v) => r.text.includes(v)))
        .map((r) => r.table);
      expect(found).toEqual([]);
    });
  });
}
