/**
 * Factories that set up state the way a user would: through the HTTP API.
 * `given.user(app, { verify: 'identity' })` registers, verifies the phone with the
 * code from the sandbox SMS outbox, and verifies a fresh identity.
 */
import { randomInt } from 'node:crypto';
import { expect } from 'vitest';
import { idCheckCharacter } from '../../src/modules/accounts/index.js';
import type { TestApp } from './app.js';

let phoneCounter = randomInt(0, 9_000_000);

/** A phone number no other test in this run uses. */
export function uniquePhone(): string {
  phoneCounter = (phoneCounter + 1) % 100_000_000;
  return `15${randomInt(0, 10)}${String(phoneCounter).padStart(8, '0')}`;
}

/** A valid GB 11643 identity number for someone born on `born` (YYYYMMDD). */
export function validIdNumber(born = '19900101'): string {
  const first17 = `${randomInt(110000, 660000)}${born}${String(randomInt(0, 1000)).padStart(3, '0')}`;
  return first17 + idCheckCharacter(first17);
}

export interface GivenUser {
  id: string;
  phone: string;
  password: string;
  token: string;
  idNumber?: string;
  realName?: string;
}

export async function latestSmsCode(app: TestApp, phone: string): Promise<string> {
  const res = await app.http.get(`/sandbox/sms?phone=${phone}`);
  expect(res.status).toBe(200);
  const body = res.body.items[0]?.body as string | undefined;
  const code = body?.match(/\d{6}/)?.[0];
  if (!code) throw new Error(`no SMS code for ${phone}`);
  return code;
}

export const given = {
  async user(
    app: TestApp,
    options: { phone?: string; password?: string; displayName?: string; verify?: 'none' | 'phone' | 'identity'; pin?: string } = {},
  ): Promise<GivenUser> {
    const phone = options.phone ?? uniquePhone();
    const password = options.password ?? 'correct-horse-9';
    const reg = await app.http.post('/auth/register', { phone, password, displayName: options.displayName ?? '测试用户' });
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    const login = await app.http.post('/auth/login', { phone, password });
    expect(login.status).toBe(200);
    const user: GivenUser = { id: reg.body.user.id, phone, password, token: login.body.token };
    const verify = options.verify ?? (options.pin ? 'identity' : 'none');
    if (verify === 'phone' || verify === 'identity') {
      expect((await app.http.post('/me/phone/code', undefined, { token: user.token })).status).toBe(200);
      const code = await latestSmsCode(app, phone);
      expect((await app.http.post('/me/phone/verify', { code }, { token: user.token })).status).toBe(200);
    }
    if (verify === 'identity') {
      user.idNumber = validIdNumber();
      user.realName = '李小龙';
      const res = await app.http.post('/me/identity', { realName: user.realName, idNumber: user.idNumber }, { token: user.token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    if (options.pin) {
      expect((await app.http.put('/me/payment-pin', { pin: options.pin }, { token: user.token })).status).toBe(204);
    }
    return user;
  },

  /** An admin: a registered user granted the role through the start-up bootstrap. */
  async admin(app: TestApp): Promise<GivenUser> {
    const phone = uniquePhone();
    const password = 'admin-password-1';
    const id = await app.ctx.accounts.ensureAdmin(phone, password);
    const login = await app.http.post('/auth/login', { phone, password });
    expect(login.status).toBe(200);
    return { id, phone, password, token: login.body.token };
  },
};
