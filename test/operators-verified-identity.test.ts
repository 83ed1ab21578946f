/**
 * Issue 16 item 9: an individual whose identity is verified registers a shop without typing the
 * name and identity number again; the server uses the verified identity (D2), stored once, sealed
 * in the privacy vault (D3), never copied into the operator's row. GET /me/identity shows it masked.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, uniquePhone, type GivenUser } from './support/given.js';

const address = { region: '浙江省 杭州市 西湖区', line: '文三路 90 号 3 楼' };
const shop = () => ({ kind: 'individual', shopName: '阿龙的手作小店', contact: { phone: uniquePhone() }, address });

for (const kind of DATABASE_KINDS) {
  describe(`shop registration with the verified identity on ${kind}`, () => {
    let t: TestApp;
    let admin: GivenUser;
    beforeAll(async () => {
      t = await startTestApp(kind);
      admin = await given.admin(t);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('GET /me/identity: masked when verified, nothing when not', async () => {
      const owner = await given.user(t, { verify: 'identity' });
      const mine = await t.http.get('/me/identity', { token: owner.token });
      expect(mine.status).toBe(200);
      expect(mine.body).toEqual({ verified: true, realNameMasked: '李*龙', idNumberMasked: `${owner.idNumber!.slice(0, 6)}********${owner.idNumber!.slice(14)}` });
      expect(mine.text).not.toContain(owner.idNumber);
      const unverified = await given.user(t);
      expect((await t.http.get('/me/identity', { token: unverified.token })).body).toEqual({ verified: false, realNameMasked: null, idNumberMasked: null });
      expect((await t.http.get('/me/identity')).status).toBe(401);
    });

    it('registers with the verified identity, no identity in the body: the review and the disclosure name the verified person', async () => {
      const owner = await given.user(t, { verify: 'identity' });
      const created = await t.http.post('/operators', shop(), { token: owner.token });
      expect(created.status, created.text).toBe(201);
      const id = created.body.operator.id as string;
      expect(created.body.operator).toMatchObject({ kind: 'individual', status: 'pending', disclosure: { kind: 'individual' } });

      // The reviewer sees the verified identity, the number masked.
      const queue = await t.http.get('/admin/operators?status=pending&limit=100', { token: admin.token });
      const entry = queue.body.items.find((i: any) => i.operator.id === id);
      expect(entry.individual).toEqual({ realName: owner.realName, idNumberMasked: `${owner.idNumber!.slice(0, 6)}********${owner.idNumber!.slice(14)}` });

      // D3: the name and number are not copied anywhere in the clear; the vault holds them once each, sealed.
      const db = t.ctx.database.db;
      const row = await db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain(owner.realName);
      expect(JSON.stringify(row)).not.toContain(owner.idNumber);
      const vault = await sql<{ kind: string; n: string; plain: boolean }>`
        select kind, count(*)::text as n, bool_or(position(${owner.idNumber!} in personal_data::text) > 0 or position(${owner.realName!} in personal_data::text) > 0) as plain
        from personal_data where subject_id = ${owner.id} and kind in ('real_name', 'id_number') group by kind order by kind`.execute(db);
      expect(vault.rows).toEqual([
        { kind: 'id_number', n: '1', plain: false },
        { kind: 'real_name', n: '1', plain: false },
      ]);

      // Approved, the storefront shows the individual's notice and never the identity.
      expect((await t.http.post(`/admin/operators/${id}/approve`, undefined, { token: admin.token })).status).toBe(200);
      const storefront = await t.http.get(`/operators/${id}`);
      expect(storefront.body.disclosure).toMatchObject({ kind: 'individual' });
      expect(storefront.text).not.toContain(owner.idNumber);
    });

    it('refuses an applicant without a verified identity who gives none: 403 IDENTITY_REQUIRED, no shop', async () => {
      const user = await given.user(t);
      const res = await t.http.post('/operators', shop(), { token: user.token });
      expect([res.status, res.body.code]).toEqual([403, 'IDENTITY_REQUIRED']);
      expect((await t.http.get('/me/registrations', { token: user.token })).body.operators).toEqual([]);
    });

    it('a typed identity must still equal the verified one: 403 IDENTITY_MISMATCH; equal, it is accepted as before', async () => {
      const owner = await given.user(t, { verify: 'identity' });
      const other = await given.user(t, { verify: 'identity' });
      const mismatch = await t.http.post('/operators', { ...shop(), individual: { realName: other.realName, idNumber: other.idNumber } }, { token: owner.token });
      expect([mismatch.status, mismatch.body.code]).toEqual([403, 'IDENTITY_MISMATCH']);
      const same = await t.http.post('/operators', { ...shop(), individual: { realName: owner.realName, idNumber: owner.idNumber } }, { token: owner.token });
      expect(same.status).toBe(201);
    });

    it('an enterprise still needs its details: 400 VALIDATION_FAILED without them', async () => {
      const owner = await given.user(t, { verify: 'identity' });
      const res = await t.http.post('/operators', { ...shop(), kind: 'enterprise' }, { token: owner.token });
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    });
  });
}
