/**
 * Sign-up proves the phone (issue 16 item 9, API.md `POST /auth/phone-code`, `POST /auth/register`):
 * the account exists only with a valid code for its phone, its phone verified from the start; codes
 * are single use, expire and die after five wrong tries; the code request answers the same whether or
 * not the phone has an account; and the SMS budgets (a phone one a minute, ten a day; an IP 200 an
 * hour) answer 429 with Retry-After.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../src/lib/clock.js';
import { startTestApp, type TestApp } from './support/app.js';
import { BAD_PHONES, expectProblem, HTML, LONG, SQL_OR, VF } from './support/bad-input.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, latestSmsCode, uniquePhone } from './support/given.js';

const password = 'a-good-password-1';

for (const kind of DATABASE_KINDS) {
  describe(`sign-up with an SMS code on ${kind}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(kind);
    });
    afterAll(async () => {
      await t?.close();
    });

    const requestCode = async (phone: string) => {
      const res = await t.http.post('/auth/phone-code', { phone });
      expect([res.status, res.body], res.text).toEqual([202, { sent: true, resendAfter: 60 }]);
      return latestSmsCode(t, phone);
    };
    const register = (phone: string, code: string, displayName = '新朋友') => t.http.post('/auth/register', { phone, code, password, displayName });
    const usersWithPhone = async (phone: string) => (await t.ctx.privacy.findSubject(t.ctx.database.db, 'phone', phone)) ?? null;
    const smsCount = async (phone: string) => ((await t.http.get(`/sandbox/sms?phone=${phone}`)).body.items as unknown[]).length;
    const wrong = (code: string) => (code === '000000' ? '111111' : '000000');

    it('creates the account with the code: 201 { token, user } with the phone verified, a session and the code used up', async () => {
      const phone = uniquePhone();
      const code = await requestCode(phone);
      const res = await t.http.post('/auth/register', { phone, code, password, displayName: '小绿', agreementVersion: '2026-12' });
      expect(res.status, res.text).toBe(201);
      expect(res.body.user).toMatchObject({ displayName: '小绿', phoneVerified: true, identityVerified: false, roles: [] });
      expect(res.headers.get('set-cookie')).toMatch(/agora_session=.*HttpOnly/i);
      const me = await t.http.get('/me', { token: res.body.token });
      expect([me.status, me.body.id, me.body.phoneVerified]).toEqual([200, res.body.user.id, true]);
      expect((await t.http.post('/auth/login', { phone, password })).status).toBe(200);
      // The account adopted its code: it shows in the user's data (export, erasure) like an account's own.
      const rows = await t.ctx.database.db.selectFrom('phone_codes').select(['user_id', 'consumed_at']).where('user_id', '=', res.body.user.id).execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]!.consumed_at).not.toBeNull();
      // The old-account prompt has nothing left to do.
      const again = await t.http.post('/me/phone/code', undefined, { token: res.body.token });
      expect([again.status, again.body.code]).toEqual([409, 'PHONE_ALREADY_VERIFIED']);
    });

    it('a wrong code is 400 BAD_CODE and creates nothing; the right one still works after it', async () => {
      const phone = uniquePhone();
      const code = await requestCode(phone);
      const bad = await register(phone, wrong(code));
      expect([bad.status, bad.body.code]).toEqual([400, 'BAD_CODE']);
      expect(await usersWithPhone(phone)).toBeNull();
      expect((await register(phone, code)).status).toBe(201);
    });

    it('no code at all, or a code sent to another phone, is 400 BAD_CODE', async () => {
      const phone = uniquePhone();
      const none = await register(phone, '123456');
      expect([none.status, none.body.code]).toEqual([400, 'BAD_CODE']);
      const other = await requestCode(uniquePhone());
      const foreign = await register(phone, other);
      expect([foreign.status, foreign.body.code]).toEqual([400, 'BAD_CODE']);
      expect(await usersWithPhone(phone)).toBeNull();
    });

    it('a code expires after 10 minutes: 400 BAD_CODE, and a new code works', async () => {
      const phone = uniquePhone();
      const code = await requestCode(phone);
      t.clock.advance(10 * MINUTE + 1000);
      const late = await register(phone, code);
      expect([late.status, late.body.code]).toEqual([400, 'BAD_CODE']);
      expect(await usersWithPhone(phone)).toBeNull();
      await t.ctx.limits.codesPerPhoneMinute.reset(t.ctx.privacy.lookupHash('phone', phone)); // the minute passed on the test clock only
      expect((await register(phone, await requestCode(phone))).status).toBe(201);
    });

    it('a code dies after five wrong tries, even the right one after them', async () => {
      const phone = uniquePhone();
      const code = await requestCode(phone);
      for (let i = 0; i < 5; i++) expect((await register(phone, wrong(code))).body.code).toBe('BAD_CODE');
      const dead = await register(phone, code);
      expect([dead.status, dead.body.code]).toEqual([400, 'BAD_CODE']);
      expect(await usersWithPhone(phone)).toBeNull();
    });

    it('a code is good once: reusing it is 400 BAD_CODE, never a second account', async () => {
      const phone = uniquePhone();
      const code = await requestCode(phone);
      const first = await register(phone, code);
      expect(first.status).toBe(201);
      const reused = await register(phone, code, '第二个');
      expect([reused.status, reused.body.code]).toEqual([400, 'BAD_CODE']);
      expect(await usersWithPhone(phone)).toBe(first.body.user.id);
    });

    it('two sign-ups racing with one code: one account, the other 400 BAD_CODE', async () => {
      const phone = uniquePhone();
      const code = await requestCode(phone);
      const answers = await Promise.all([register(phone, code, '甲'), register(phone, code, '乙')]);
      expect(answers.map((a) => a.status).sort()).toEqual([201, 400]);
      expect(answers.find((a) => a.status === 400)!.body.code).toBe('BAD_CODE');
    });

    it('PHONE_TAKEN only for the holder of a code sent to that phone', async () => {
      // The code went out while the phone was free; the account was made another way meanwhile (an old account).
      const phone = uniquePhone();
      const code = await requestCode(phone);
      const first = await given.user(t, { phone, legacy: true });
      const taken = await register(phone, code);
      expect([taken.status, taken.body.code]).toEqual([409, 'PHONE_TAKEN']);
      expect(await usersWithPhone(phone)).toBe(first.id);
      // Without that code, a stranger trying the phone learns nothing: BAD_CODE, as for any phone.
      const stranger = await register(first.phone, '123456');
      expect([stranger.status, stranger.body.code]).toEqual([400, 'BAD_CODE']);
    });

    it('the code request answers a taken phone exactly as a free one; its owner gets "sign in instead", no code', async () => {
      // An account whose phone has not been sent a code this minute (sign-up would have spent its minute).
      const owner = await given.user(t, { legacy: true });
      const before = await smsCount(owner.phone);
      const free = uniquePhone();
      const [forTaken, forFree] = await Promise.all([t.http.post('/auth/phone-code', { phone: owner.phone }), t.http.post('/auth/phone-code', { phone: free })]);
      expect([forTaken.status, forTaken.body]).toEqual([forFree.status, forFree.body]);
      expect(forTaken.status).toBe(202);
      const sms = (await t.http.get(`/sandbox/sms?phone=${owner.phone}`)).body.items;
      expect(sms).toHaveLength(before + 1);
      expect(sms[0].body).toContain('已注册');
      expect(sms[0].body).not.toMatch(/\d{6}/);
      // The same budgets: a second request for either phone within the minute is 429.
      for (const phone of [owner.phone, free]) expect((await t.http.post('/auth/phone-code', { phone })).status).toBe(429);
    });

    it('a phone gets one code a minute: 429 RATE_LIMITED with Retry-After, and no second SMS', async () => {
      const phone = uniquePhone();
      await requestCode(phone);
      const second = await t.http.post('/auth/phone-code', { phone });
      expect([second.status, second.body.code]).toEqual([429, 'RATE_LIMITED']);
      const retryAfter = Number(second.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(await smsCount(phone)).toBe(1);
    });

    it('bad input to POST /auth/phone-code: 400 problem+json, no SMS and no code stored', async () => {
      const codesBefore = Number((await sql<{ n: string }>`select count(*)::text as n from phone_codes`.execute(t.ctx.database.db)).rows[0]!.n);
      const cases: { label: string; body?: unknown; raw?: string; contentType?: string; status: number; code: string }[] = [
        ...BAD_PHONES.map(([label, phone]) => ({ label: `a phone ${label}`, body: { phone }, status: 400, code: VF })),
        { label: 'no phone', body: {}, status: 400, code: VF },
        { label: 'a number for the phone', body: { phone: 13800138000 }, status: 400, code: VF },
        { label: 'null for the phone', body: { phone: null }, status: 400, code: VF },
        { label: 'an array of phones', body: { phone: ['13800138000'] }, status: 400, code: VF },
        { label: 'an unknown field', body: { phone: uniquePhone(), purpose: 'login' }, status: 400, code: VF },
        { label: 'a 10,000-character phone', body: { phone: LONG }, status: 400, code: VF },
        { label: 'SQL in a field name', body: { [SQL_OR]: uniquePhone() }, status: 400, code: VF },
        { label: 'HTML for the body', body: HTML, status: 400, code: VF },
        { label: 'an array', body: [], status: 400, code: VF },
        { label: 'malformed JSON', raw: '{"phone":', status: 400, code: VF },
        { label: 'text/plain', raw: 'hello', contentType: 'text/plain', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
      ];
      for (const c of cases) {
        const options = c.raw === undefined ? {} : { raw: c.raw, headers: { 'content-type': c.contentType ?? 'application/json' } };
        expectProblem(await t.http.post('/auth/phone-code', c.body, options), { ...c, raw: c.raw ?? '' });
      }
      const codesAfter = Number((await sql<{ n: string }>`select count(*)::text as n from phone_codes`.execute(t.ctx.database.db)).rows[0]!.n);
      expect(codesAfter).toBe(codesBefore);
    });
  });
}

describe('sign-up codes per IP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('one IP gets 200 codes an hour, then 429 RATE_LIMITED with Retry-After, whatever the phone', async () => {
    for (let i = 0; i < 200; i++) {
      const res = await t.http.post('/auth/phone-code', { phone: uniquePhone() });
      expect(res.status, `code ${i + 1}: ${res.text}`).toBe(202);
    }
    const phone = uniquePhone();
    const over = await t.http.post('/auth/phone-code', { phone });
    expect([over.status, over.body.code]).toEqual([429, 'RATE_LIMITED']);
    const retryAfter = Number(over.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect((await t.http.get(`/sandbox/sms?phone=${phone}`)).body.items).toHaveLength(0);
  });
});
