/** Operators and service providers: D1, D2, R1, R2, R3, R16 through the HTTP API, on both databases. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startJobs } from '../src/jobs/index.js';
import { registerTimers, REVERIFICATION_SWEEP } from '../src/jobs/timers.js';
import { DAY } from '../src/lib/clock.js';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, uniquePhone, validCreditCode, validIdNumber, type GivenUser } from './support/given.js';

const contact = { phone: '13912340000', email: 'boss@example.com' };
const address = { region: '广东省 深圳市 南山区', line: '科技园南路 18 号' };

function enterpriseBody(creditCode: string, shopName = '深圳数码旗舰店') {
  return { kind: 'enterprise', shopName, contact, address, enterprise: { companyName: '深圳市数码科技有限公司', creditCode, legalRepresentative: '钱经理' } };
}

for (const kind of DATABASE_KINDS) {
  describe(`operators on ${kind}`, () => {
    let t: TestApp;
    let admin: GivenUser;
    beforeAll(async () => {
      t = await startTestApp(kind);
    });
    // Some tests move the clock by months: every test gets a session that is fresh now.
    beforeEach(async () => {
      admin = await given.admin(t);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('an enterprise registers pending, is invisible until approved, then shows its licence (D1, D2, R1)', async () => {
      const owner = await given.user(t, { verify: 'identity' });
      const code = validCreditCode();
      const created = await t.http.post('/operators', enterpriseBody(code.toLowerCase()), { token: owner.token });
      expect(created.status).toBe(201);
      expect(created.body.operator).toMatchObject({ kind: 'enterprise', status: 'pending', selling: false, rejectReason: null });
      const id = created.body.operator.id;
      expect((await t.http.get(`/operators/${id}`)).status).toBe(404);

      const queue = await t.http.get('/admin/operators?status=pending&limit=100', { token: admin.token });
      const entry = queue.body.items.find((i: any) => i.operator.id === id);
      expect(entry).toMatchObject({ contact, address, enterprise: { companyName: '深圳市数码科技有限公司', creditCode: code, legalRepresentative: '钱经理' }, individual: null });

      const approved = await t.http.post(`/admin/operators/${id}/approve`, undefined, { token: admin.token });
      expect(approved.body.operator).toMatchObject({ status: 'approved', selling: true });
      const due = new Date(approved.body.operator.reverificationDueAt);
      const verified = new Date(approved.body.operator.verifiedAt);
      expect(due.getUTCMonth()).toBe((verified.getUTCMonth() + 6) % 12);

      const storefront = await t.http.get(`/operators/${id}`);
      expect(storefront.status).toBe(200);
      expect(storefront.body).toMatchObject({ id, status: 'approved', selling: true, closure: null, disclosure: { kind: 'enterprise', companyName: '深圳市数码科技有限公司', creditCode: code } });
      expect(storefront.body.disclosure.notice).toContain(code);
      expect(storefront.text).not.toContain(contact.phone);
      expect(storefront.text).not.toContain(address.line);
      expect(storefront.text).not.toContain('钱经理');

      const audit = await t.http.get('/admin/audit-log', { token: admin.token });
      expect(audit.body.items[0]).toMatchObject({ action: 'operator.approve', targetId: id, actorId: admin.id });
    });

    it('an individual registers with its own verified identity only, and the reviewer sees the number masked (D2)', async () => {
      const owner = await given.user(t, { verify: 'identity' });
      const base = { kind: 'individual', shopName: '阿龙的手作小店', contact: { phone: uniquePhone() }, address };
      const wrongNumber = await t.http.post('/operators', { ...base, individual: { realName: owner.realName, idNumber: validIdNumber('19850505') } }, { token: owner.token });
      expect([wrongNumber.status, wrongNumber.body.code]).toEqual([403, 'IDENTITY_MISMATCH']);
      const wrongName = await t.http.post('/operators', { ...base, individual: { realName: '李大龙', idNumber: owner.idNumber } }, { token: owner.token });
      expect([wrongName.status, wrongName.body.code]).toEqual([403, 'IDENTITY_MISMATCH']);
      const bad = await t.http.post('/operators', { ...base, individual: { realName: owner.realName, idNumber: '110105194912310021' } }, { token: owner.token });
      expect([bad.status, bad.body.code]).toEqual([400, 'INVALID_ID_NUMBER']);

      const created = await t.http.post('/operators', { ...base, individual: { realName: owner.realName, idNumber: owner.idNumber!.toLowerCase() } }, { token: owner.token });
      expect(created.status).toBe(201);
      const id = created.body.operator.id;
      expect(created.body.operator.disclosure).toMatchObject({ kind: 'individual' });
      expect(created.body.operator.disclosure.notice).toContain('个人经营者');

      const queue = await t.http.get('/admin/operators?status=pending&limit=100', { token: admin.token });
      const entry = queue.body.items.find((i: any) => i.operator.id === id);
      expect(entry.individual).toEqual({ realName: owner.realName, idNumberMasked: `${owner.idNumber!.slice(0, 6)}********${owner.idNumber!.slice(14)}` });
      expect(JSON.stringify(queue.body)).not.toContain(owner.idNumber);
      // The reviewer's read is in the applicant's access log (PIPL).
      const log = await t.http.get('/me/access-log', { token: owner.token });
      expect(log.body.items[0]).toMatchObject({ actorId: 'platform', actorRole: 'admin', actorName: '平台工作人员', purpose: `operator review ${id}`, reason: { code: 'operator_review', registrationId: id } });
      expect(log.body.items[0].fields).toEqual(expect.arrayContaining(['id_number', 'real_name', 'operator_contact', 'operator_address']));
    });

    it('registration needs a verified identity, one live registration per user, one per credit code', async () => {
      const unverified = await given.user(t, { verify: 'phone' });
      const code = validCreditCode();
      const res = await t.http.post('/operators', enterpriseBody(code), { token: unverified.token });
      expect([res.status, res.body.code]).toEqual([403, 'IDENTITY_REQUIRED']);

      const owner = await given.user(t, { verify: 'identity' });
      expect((await t.http.post('/operators', enterpriseBody(code), { token: owner.token })).status).toBe(201);
      const twice = await t.http.post('/operators', enterpriseBody(validCreditCode()), { token: owner.token });
      expect([twice.status, twice.body.code]).toEqual([409, 'ALREADY_REGISTERED']);

      const rival = await given.user(t, { verify: 'identity' });
      const taken = await t.http.post('/operators', enterpriseBody(code), { token: rival.token });
      expect([taken.status, taken.body.code]).toEqual([409, 'CREDIT_CODE_TAKEN']);
      const badCode = await t.http.post('/operators', enterpriseBody('91350100M000100Y44'), { token: rival.token });
      expect([badCode.status, badCode.body.code]).toEqual([400, 'INVALID_CREDIT_CODE']);
      const mixed = await t.http.post('/operators', { ...enterpriseBody(validCreditCode()), individual: { realName: rival.realName, idNumber: rival.idNumber } }, { token: rival.token });
      expect([mixed.status, mixed.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    });

    it('a rejection carries its reason to the applicant, is audited, and the applicant may file again', async () => {
      const op = await given.operator(t, admin, { approve: false });
      const rejected = await t.http.post(`/admin/operators/${op.id}/reject`, { reason: '营业执照照片不清晰，请重新上传' }, { token: admin.token });
      expect(rejected.body.operator).toMatchObject({ status: 'rejected', rejectReason: '营业执照照片不清晰，请重新上传' });
      const again = await t.http.post(`/admin/operators/${op.id}/approve`, undefined, { token: admin.token });
      expect([again.status, again.body.code]).toEqual([409, 'NOT_PENDING']);

      const mine = await t.http.get('/me/registrations', { token: op.owner.token });
      expect(mine.body.operators[0]).toMatchObject({ id: op.id, status: 'rejected', rejectReason: '营业执照照片不清晰，请重新上传' });
      const audit = await t.http.get('/admin/audit-log', { token: admin.token });
      expect(audit.body.items.find((e: any) => e.targetId === op.id)).toMatchObject({ action: 'operator.reject', detail: { reason: '营业执照照片不清晰，请重新上传' } });

      // The same licence may be filed again after a rejection.
      const refiled = await t.http.post('/operators', enterpriseBody(op.creditCode!), { token: op.owner.token });
      expect(refiled.status).toBe(201);
    });

    it('non-admins cannot review, and another user cannot manage a shop', async () => {
      const op = await given.operator(t, admin, { approve: false });
      const stranger = await given.user(t, { verify: 'identity' });
      expect((await t.http.post(`/admin/operators/${op.id}/approve`, undefined, { token: op.owner.token })).body.code).toBe('FORBIDDEN');
      expect((await t.http.get('/admin/operators', { token: stranger.token })).status).toBe(403);
      expect((await t.http.get(`/operators/${op.id}/manage`, { token: stranger.token })).status).toBe(404);
      expect((await t.http.get(`/operators/${op.id}/manage`, { token: op.owner.token })).body.operator.status).toBe('pending');
    });

    it('service providers register, are reviewed and audited (D1)', async () => {
      const owner = await given.user(t, { verify: 'identity' });
      const body = { companyName: '顺风快运有限公司', creditCode: validCreditCode(), service: 'logistics', contact, address };
      const created = await t.http.post('/service-providers', body, { token: owner.token });
      expect(created.status).toBe(201);
      expect(created.body.serviceProvider).toMatchObject({ status: 'pending', service: 'logistics', companyName: '顺风快运有限公司' });
      const id = created.body.serviceProvider.id;
      const queue = await t.http.get('/admin/service-providers?status=pending&limit=100', { token: admin.token });
      expect(queue.body.items.find((i: any) => i.serviceProvider.id === id)).toMatchObject({ contact, address });
      const approved = await t.http.post(`/admin/service-providers/${id}/approve`, undefined, { token: admin.token });
      expect(approved.body.serviceProvider.status).toBe('approved');
      expect((await t.http.get('/admin/audit-log', { token: admin.token })).body.items[0]).toMatchObject({ action: 'service_provider.approve', targetId: id });
      const bad = await t.http.post('/service-providers', { ...body, creditCode: '9144030071526726XH' }, { token: owner.token });
      expect([bad.status, bad.body.code]).toEqual([400, 'INVALID_CREDIT_CODE']);
    });

    it('R3: re-verification falls due after 6 months; 30 days later its products stop being sold until re-verified', async () => {
      const op = await given.operator(t, admin);
      const product = await given.product(t, op);
      expect(product.available).toBe(true);

      t.clock.advance(183 * DAY); // due
      expect(await t.ctx.operators.suspendOverdue()).not.toContain(op.id);
      expect((await t.http.get(`/products/${product.id}`)).body.available).toBe(true);

      t.clock.advance(30 * DAY); // 30 days past due
      expect(await t.ctx.operators.suspendOverdue()).toContain(op.id);
      expect((await t.http.get(`/products/${product.id}`)).body.available).toBe(false);
      expect((await t.http.get(`/operators/${op.id}`)).body.selling).toBe(false);
      const list = await t.http.get(`/products?operatorId=${op.id}`);
      expect(list.body.items[0].available).toBe(false);

      const reviewer = await given.admin(t);
      const reverified = await t.http.post(`/admin/operators/${op.id}/reverify`, undefined, { token: reviewer.token });
      expect(reverified.body.operator).toMatchObject({ salesSuspended: false, selling: true });
      expect((await t.http.get(`/products/${product.id}`)).body.available).toBe(true);
    });

    it('R3: the sweep runs as a pg-boss job in the same database', async () => {
      const op = await given.operator(t, admin);
      t.clock.advance(214 * DAY);
      t.ctx.jobs = await startJobs(t.ctx.database, { onError: (e) => console.error(e), pollingIntervalSeconds: 0.5 });
      try {
        await registerTimers(t.ctx);
        await t.ctx.jobs.enqueue(t.ctx.database.db, REVERIFICATION_SWEEP, {});
        await expect.poll(async () => (await t.http.get(`/operators/${op.id}`)).body.selling, { timeout: 15_000, interval: 200 }).toBe(false);
      } finally {
        await t.ctx.jobs.stop();
        t.ctx.jobs = undefined;
      }
    });

    it('R2: closure is announced at least 30 days ahead, shown on the storefront, and ends selling on its day', async () => {
      const op = await given.operator(t, admin);
      const product = await given.product(t, op);
      const soon = new Date(t.clock.now().getTime() + 29 * DAY).toISOString();
      const tooSoon = await t.http.post(`/operators/${op.id}/closure`, { effectiveAt: soon }, { token: op.owner.token });
      expect([tooSoon.status, tooSoon.body.code]).toEqual([400, 'CLOSURE_TOO_SOON']);
      const stranger = await given.user(t);
      const effectiveAt = new Date(t.clock.now().getTime() + 31 * DAY).toISOString();
      expect((await t.http.post(`/operators/${op.id}/closure`, { effectiveAt }, { token: stranger.token })).status).toBe(404);

      const announced = await t.http.post(`/operators/${op.id}/closure`, { effectiveAt }, { token: op.owner.token });
      expect(announced.status).toBe(200);
      expect((await t.http.post(`/operators/${op.id}/closure`, { effectiveAt }, { token: op.owner.token })).body.code).toBe('CLOSURE_ALREADY_ANNOUNCED');
      const notice = await t.http.get(`/operators/${op.id}`);
      expect(notice.body).toMatchObject({ status: 'approved', selling: true, closure: { effectiveAt } });

      t.clock.advance(31 * DAY + 1000);
      const closed = await t.http.get(`/operators/${op.id}`);
      expect(closed.body).toMatchObject({ status: 'closed', selling: false });
      expect((await t.http.get(`/products/${product.id}`)).body.available).toBe(false);
    });

    it('R16: the deposit rule is public, and a shop owes the highest deposit of its categories', async () => {
      const rule = await t.http.get('/deposit-rule');
      expect(rule.status).toBe(200);
      expect(rule.body.categories.find((c: any) => c.id === 'electronics').deposit).toBe(500_000);
      expect(rule.body.uses.length).toBeGreaterThan(0);
      expect(rule.body.refund).toMatch(/30/);

      const op = await given.operator(t, admin);
      const initial = await t.http.get(`/operators/${op.id}/deposit`, { token: op.owner.token });
      expect(initial.body).toEqual({ required: 200_000, paid: 0, balance: 0, categories: [] });
      await given.product(t, op, { category: 'electronics', title: '蓝牙耳机' });
      const after = await t.http.get(`/operators/${op.id}/deposit`, { token: op.owner.token });
      expect(after.body).toMatchObject({ required: 500_000, categories: ['electronics'] });
      expect((await t.http.get(`/operators/${op.id}/deposit`, { token: admin.token })).status).toBe(200);
      const stranger = await given.user(t);
      expect((await t.http.get(`/operators/${op.id}/deposit`, { token: stranger.token })).status).toBe(404);
    });

    it('the regulator register lists operators and providers with public fields only', async () => {
      const op = await given.operator(t, admin);
      const individual = await given.operator(t, admin, { kind: 'individual' });
      const regulator = await given.user(t);
      expect((await t.http.get('/regulator/operators.csv', { token: regulator.token })).status).toBe(403);
      await t.http.post(`/admin/users/${regulator.id}/roles`, { role: 'regulator', granted: true }, { token: admin.token });
      const csv = await t.http.get('/regulator/operators.csv', { token: regulator.token });
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\n');
      expect(lines[0]).toBe('type,id,kind,name,company_name,credit_code,service,disclosure,status,registered_at,reviewed_at,verified_at,closure_effective_at');
      expect(csv.text).toContain(op.creditCode);
      expect(csv.text).toContain(individual.id);
      expect(csv.text).not.toContain(individual.owner.idNumber);
      expect(csv.text).not.toContain(individual.owner.realName);
      expect(csv.text).not.toContain(individual.owner.phone);
    });
  });
}
