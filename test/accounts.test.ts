import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, MINUTE } from '../src/lib/clock.js';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, latestSmsCode, signUp, uniquePhone, validIdNumber } from './support/given.js';

for (const kind of DATABASE_KINDS) {
  describe(`accounts on ${kind}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(kind);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('signs up with the SMS code, logs in, and shows /me with a masked phone', async () => {
      const phone = uniquePhone();
      const reg = await signUp(t, { phone, password: 'a-good-password', displayName: '小红' });
      expect(reg.status).toBe(201);
      expect(reg.body.user).toMatchObject({ displayName: '小红', phoneVerified: true, identityVerified: false, paymentPinSet: false, totpEnabled: false, roles: [] });
      expect((await t.http.get('/me', { token: reg.body.token })).body.id).toBe(reg.body.user.id);
      expect(reg.body.user.phoneMasked).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);

      const login = await t.http.post('/auth/login', { phone, password: 'a-good-password' });
      expect(login.status).toBe(200);
      expect(login.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(login.headers.get('set-cookie')).toMatch(/agora_session=.*HttpOnly.*SameSite=Lax/i);

      const me = await t.http.get('/me', { token: login.body.token });
      expect(me.status).toBe(200);
      expect(me.body.id).toBe(reg.body.user.id);
    });

    it('refuses a taken phone with 409 PHONE_TAKEN and keeps one account', async () => {
      // The code went out while the phone was free; then the account was made another way (an old account).
      const phone = uniquePhone();
      expect((await t.http.post('/auth/phone-code', { phone })).status).toBe(202);
      const code = await latestSmsCode(t, phone);
      const user = await given.user(t, { phone, legacy: true });
      const again = await t.http.post('/auth/register', { phone: user.phone, code, password: 'another-password', displayName: 'x' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('PHONE_TAKEN');
      // The first password still works; the second never took.
      expect((await t.http.post('/auth/login', { phone: user.phone, password: 'another-password' })).status).toBe(401);
      expect((await t.http.post('/auth/login', { phone: user.phone, password: user.password })).status).toBe(200);
    });

    it('answers a wrong password and an unknown phone alike: 401 BAD_CREDENTIALS', async () => {
      const user = await given.user(t);
      const wrong = await t.http.post('/auth/login', { phone: user.phone, password: 'not-the-password' });
      const unknown = await t.http.post('/auth/login', { phone: uniquePhone(), password: 'not-the-password' });
      expect([wrong.status, wrong.body.code]).toEqual([401, 'BAD_CREDENTIALS']);
      expect([unknown.status, unknown.body.code]).toEqual([401, 'BAD_CREDENTIALS']);
      expect(unknown.body.detail).toBe(wrong.body.detail);
    });

    it('accepts the session as a cookie as well as a bearer token', async () => {
      const user = await given.user(t);
      const me = await t.http.get('/me', { headers: { cookie: `agora_session=${user.token}` } });
      expect(me.status).toBe(200);
      expect(me.body.id).toBe(user.id);
    });

    it('logout revokes the session at once', async () => {
      const user = await given.user(t);
      expect((await t.http.post('/auth/logout', undefined, { token: user.token })).status).toBe(204);
      const me = await t.http.get('/me', { token: user.token });
      expect([me.status, me.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    });

    it('sessions expire after 7 idle days and after 30 days in all', async () => {
      const user = await given.user(t);
      t.clock.advance(6 * DAY);
      expect((await t.http.get('/me', { token: user.token })).status).toBe(200); // touches the session
      t.clock.advance(6 * DAY);
      expect((await t.http.get('/me', { token: user.token })).status).toBe(200);
      t.clock.advance(7 * DAY + MINUTE);
      expect((await t.http.get('/me', { token: user.token })).status).toBe(401); // idle 7 days

      const active = await given.user(t);
      // Used every 3 days: alive on day 27 and on day 29 …
      for (let i = 0; i < 9; i++) {
        t.clock.advance(3 * DAY);
        expect((await t.http.get('/me', { token: active.token })).status).toBe(200);
      }
      t.clock.advance(2 * DAY);
      expect((await t.http.get('/me', { token: active.token })).status).toBe(200);
      // … and gone on day 30, however active.
      t.clock.advance(1 * DAY);
      expect((await t.http.get('/me', { token: active.token })).status).toBe(401); // 30 days absolute
    });

    it('verifies the phone of an old account with the code the sandbox SMS gateway received', async () => {
      const user = await given.user(t, { legacy: true });
      expect((await t.http.post('/me/phone/code', undefined, { token: user.token })).status).toBe(200);
      const code = await latestSmsCode(t, user.phone);
      const wrong = code === '000000' ? '111111' : '000000';
      const bad = await t.http.post('/me/phone/verify', { code: wrong }, { token: user.token });
      expect([bad.status, bad.body.code]).toEqual([400, 'INVALID_CODE']);
      const ok = await t.http.post('/me/phone/verify', { code }, { token: user.token });
      expect(ok.status).toBe(200);
      expect(ok.body.user.phoneVerified).toBe(true);
      expect((await t.http.get('/me', { token: user.token })).body.phoneVerified).toBe(true);
    });

    it('an endpoint without a body refuses one instead of ignoring it', async () => {
      const user = await given.user(t, { legacy: true });
      const res = await t.http.post('/me/phone/code', { phone: '13800138000' }, { token: user.token });
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect((await t.http.get(`/sandbox/sms?phone=${user.phone}`)).body.items).toHaveLength(0);
    });

    it('a phone code dies after 5 wrong tries and after 10 minutes', async () => {
      const user = await given.user(t, { legacy: true });
      await t.http.post('/me/phone/code', undefined, { token: user.token });
      const code = await latestSmsCode(t, user.phone);
      const wrong = code === '000000' ? '111111' : '000000';
      for (let i = 0; i < 5; i++) expect((await t.http.post('/me/phone/verify', { code: wrong }, { token: user.token })).body.code).toBe('INVALID_CODE');
      const dead = await t.http.post('/me/phone/verify', { code }, { token: user.token });
      expect([dead.status, dead.body.code]).toEqual([400, 'CODE_EXPIRED']);

      const late = await given.user(t, { legacy: true });
      await t.http.post('/me/phone/code', undefined, { token: late.token });
      const lateCode = await latestSmsCode(t, late.phone);
      t.clock.advance(10 * MINUTE + 1000);
      expect((await t.http.post('/me/phone/verify', { code: lateCode }, { token: late.token })).body.code).toBe('CODE_EXPIRED');
    });

    it('verifies identity (R15, D4) and binds one identity to one account', async () => {
      const user = await given.user(t, { verify: 'phone' });
      await given.identityConsent(t, user);
      const ok = await t.http.post('/me/identity', { realName: '王小明', idNumber: '11010519491231002X' }, { token: user.token });
      expect(ok.status).toBe(200);
      expect(ok.body.identityVerified).toBe(true);

      const other = await given.user(t, { verify: 'phone' });
      await given.identityConsent(t, other);
      // The same number in lower case is the same identity.
      const taken = await t.http.post('/me/identity', { realName: '王小明', idNumber: '11010519491231002x' }, { token: other.token });
      expect([taken.status, taken.body.code]).toEqual([409, 'IDENTITY_TAKEN']);
      expect((await t.http.get('/me', { token: other.token })).body.identityVerified).toBe(false);
    });

    it('refuses bad identity numbers with 400 INVALID_ID_NUMBER and minors with 403 UNDERAGE', async () => {
      const user = await given.user(t, { verify: 'phone' });
      await given.identityConsent(t, user);
      const today = t.clock.now();
      const yyyymmdd = (d: Date) => d.toISOString().slice(0, 10).replaceAll('-', '');
      const seventeen = new Date(Date.UTC(today.getUTCFullYear() - 18, today.getUTCMonth(), today.getUTCDate() + 1));
      const cases: [string, number, string][] = [
        ['110105194912310021', 400, 'INVALID_ID_NUMBER'], // bad checksum
        [validIdNumber('19900230'), 400, 'INVALID_ID_NUMBER'], // 30 February
        [validIdNumber(`${today.getUTCFullYear() + 1}0101`), 400, 'INVALID_ID_NUMBER'], // future
        ['11010519491231002', 400, 'INVALID_ID_NUMBER'], // too short
        [validIdNumber(yyyymmdd(seventeen)), 403, 'UNDERAGE'], // 18 tomorrow
      ];
      for (const [idNumber, status, code] of cases) {
        const res = await t.http.post('/me/identity', { realName: '张三', idNumber }, { token: user.token });
        expect([idNumber, res.status, res.body.code]).toEqual([idNumber, status, code]);
      }
      expect((await t.http.get('/me', { token: user.token })).body.identityVerified).toBe(false);
      const adult = new Date(Date.UTC(today.getUTCFullYear() - 18, today.getUTCMonth(), today.getUTCDate()));
      expect((await t.http.post('/me/identity', { realName: '张三', idNumber: validIdNumber(yyyymmdd(adult)) }, { token: user.token })).status).toBe(200);
    });

    it('identity verification needs a verified phone first (an old account)', async () => {
      const user = await given.user(t, { legacy: true });
      await given.identityConsent(t, user);
      const res = await t.http.post('/me/identity', { realName: '王小明', idNumber: validIdNumber() }, { token: user.token });
      expect([res.status, res.body.code]).toEqual([403, 'PHONE_NOT_VERIFIED']);
    });

    it('payment PIN: needs identity, refuses trivial PINs, locks for 30 minutes after 5 wrong tries', async () => {
      const unverified = await given.user(t);
      expect((await t.http.put('/me/payment-pin', { pin: '258036' }, { token: unverified.token })).body.code).toBe('IDENTITY_REQUIRED');

      const user = await given.user(t, { verify: 'identity' });
      for (const pin of ['123456', '000000', '654321', '121212', '123123', '901234']) {
        const res = await t.http.put('/me/payment-pin', { pin }, { token: user.token });
        expect([pin, res.status, res.body.code]).toEqual([pin, 400, 'WEAK_PIN']);
      }
      expect((await t.http.put('/me/payment-pin', { pin: '258036' }, { token: user.token })).status).toBe(204);
      expect((await t.http.get('/me', { token: user.token })).body.paymentPinSet).toBe(true);

      // Changing it needs the current PIN; wrong tries count down, the fifth locks.
      expect((await t.http.put('/me/payment-pin', { pin: '147036' }, { token: user.token })).body.code).toBe('VALIDATION_FAILED');
      for (let remaining = 4; remaining >= 1; remaining--) {
        const res = await t.http.put('/me/payment-pin', { pin: '147036', currentPin: '999111' }, { token: user.token });
        expect([res.status, res.body.code, res.body.remainingTries]).toEqual([401, 'BAD_PIN', remaining]);
      }
      const locked = await t.http.put('/me/payment-pin', { pin: '147036', currentPin: '999111' }, { token: user.token });
      expect([locked.status, locked.body.code]).toEqual([423, 'PIN_LOCKED']);
      expect(Number(locked.headers.get('retry-after'))).toBe(1800);
      // Even the right PIN is refused while locked.
      const stillLocked = await t.http.put('/me/payment-pin', { pin: '147036', currentPin: '258036' }, { token: user.token });
      expect(stillLocked.body.code).toBe('PIN_LOCKED');
      t.clock.advance(30 * MINUTE + 1000);
      expect((await t.http.put('/me/payment-pin', { pin: '147036', currentPin: '258036' }, { token: user.token })).status).toBe(204);
    });

    it('TOTP: enrol, verify, and a code is good only once', async () => {
      const user = await given.user(t);
      const enrol = await t.http.post('/me/totp', undefined, { token: user.token });
      expect(enrol.status).toBe(200);
      expect(enrol.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/Agora:/);
      const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(enrol.body.secret), digits: 6, period: 30 });
      const code = totp.generate({ timestamp: t.clock.now().getTime() });
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
      expect((await t.http.post('/me/totp/verify', { code: wrong }, { token: user.token })).body.code).toBe('INVALID_TOTP');
      expect((await t.http.post('/me/totp/verify', { code }, { token: user.token })).status).toBe(204);
      expect((await t.http.get('/me', { token: user.token })).body.totpEnabled).toBe(true);
      // Same code again (step-up use): refused, even within its 30 seconds.
      await expect(
        t.ctx.database.db.transaction().execute((tx) => t.ctx.accounts.verifyTotp(tx, user.id, code)),
      ).rejects.toMatchObject({ code: 'INVALID_TOTP' });
      t.clock.advance(30_000);
      const next = totp.generate({ timestamp: t.clock.now().getTime() });
      await t.ctx.database.db.transaction().execute((tx) => t.ctx.accounts.verifyTotp(tx, user.id, next));
    });

    it('admin grants roles, the grant is in the audit log, and non-admins get 403', async () => {
      const admin = await given.admin(t);
      const user = await given.user(t);
      const denied = await t.http.post(`/admin/users/${user.id}/roles`, { role: 'regulator', granted: true }, { token: user.token });
      expect([denied.status, denied.body.code]).toEqual([403, 'FORBIDDEN']);
      const granted = await t.http.post(`/admin/users/${user.id}/roles`, { role: 'regulator', granted: true }, { token: admin.token });
      expect(granted.status).toBe(200);
      expect(granted.body.user.roles).toEqual(['regulator']);
      const log = await t.http.get('/admin/audit-log', { token: admin.token });
      expect(log.body.items[0]).toMatchObject({ actorId: admin.id, action: 'role.grant', targetId: user.id, detail: { role: 'regulator' } });
      const revoked = await t.http.post(`/admin/users/${user.id}/roles`, { role: 'regulator', granted: false }, { token: admin.token });
      expect(revoked.body.user.roles).toEqual([]);
    });

    it("an admin reading a user's personal data is logged and shown to the user", async () => {
      const admin = await given.admin(t);
      const user = await given.user(t, { verify: 'identity' });
      const read = await t.http.get(`/admin/users/${user.id}/personal-data?purpose=${encodeURIComponent('客服核实 ticket 42')}`, { token: admin.token });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ phone: user.phone, idNumber: user.idNumber, realName: user.realName });
      const log = await t.http.get('/me/access-log', { token: user.token });
      expect(log.body.items).toHaveLength(1);
      // Who read is a role, never the member of staff.
      expect(log.body.items[0]).toMatchObject({ actorId: 'platform', actorRole: 'admin', actorName: '平台工作人员', fields: ['phone', 'real_name', 'id_number'], purpose: '客服核实 ticket 42' });
      // The admin audit log shows the read too.
      const audit = await t.http.get('/admin/audit-log', { token: admin.token });
      expect(audit.body.items[0]).toMatchObject({ action: 'personal_data.read', targetId: user.id, detail: { purpose: '客服核实 ticket 42' } });
      // Reading your own data leaves no entry.
      await t.http.get('/me/addresses', { token: user.token });
      expect((await t.http.get('/me/access-log', { token: user.token })).body.items).toHaveLength(1);
    });
  });
}
