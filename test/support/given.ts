/**
 * Factories that set up state the way a user would: through the HTTP API.
 * `given.user(app, { verify: 'identity' })` signs up with the code from the sandbox SMS
 * outbox (so the phone is verified) and verifies a fresh identity.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import sharp from 'sharp';
import { idCheckCharacter } from '../../src/modules/accounts/index.js';
import { CREDIT_CODE_CHARSET, creditCodeCheckCharacter } from '../../src/modules/operators/index.js';
import type { TestApp } from './app.js';
import type { Client } from './http.js';

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

/** The newest code in the sandbox SMS outbox of `phone` (any app with a client: a TestApp or a started Agora). */
export async function latestSmsCode(app: { http: Client }, phone: string): Promise<string> {
  const res = await app.http.get(`/sandbox/sms?phone=${phone}`);
  expect(res.status).toBe(200);
  const body = res.body.items[0]?.body as string | undefined;
  const code = body?.match(/\d{6}/)?.[0];
  if (!code) throw new Error(`no SMS code for ${phone}`);
  return code;
}

/** The address every test request comes from: the per-IP code budget is kept under it. */
const TEST_CLIENT_IP = '127.0.0.1';

/**
 * Sign-up as a person does it: ask for a code (`POST /auth/phone-code`), read it from the sandbox
 * SMS outbox, register with it. Answers the register response (201 `{ token, user }`, or the refusal).
 * Each call stands for a different person on their own network, so the code it spends is given back
 * to the test IP's hourly budget (200): files that sign up hundreds of people would hit it otherwise.
 * The budget itself is tested in test/signup.test.ts, which asks for codes without this helper.
 */
export async function signUp(
  app: TestApp,
  input: { phone: string; password: string; displayName: string },
  options: { headers?: Record<string, string> } = {},
) {
  const sent = await app.http.post('/auth/phone-code', { phone: input.phone }, options);
  expect(sent.status, JSON.stringify(sent.body)).toBe(202);
  // A server in another process (test/crash.test.ts) has no ctx here: its few sign-ups fit the budget.
  await app.ctx?.limits.codesPerIp.reset(TEST_CLIENT_IP);
  const code = await latestSmsCode(app, input.phone);
  return app.http.post('/auth/register', { ...input, code }, options);
}

/** A valid GB 32100 unified social credit code, different every call. */
export function validCreditCode(): string {
  const body = `91${String(randomInt(100000, 999999))}MA${Array.from({ length: 7 }, () => CREDIT_CODE_CHARSET[randomInt(0, 31)]).join('')}`.slice(0, 17);
  return body + creditCodeCheckCharacter(body);
}

/** A small real image, made with sharp. */
export async function pngImage(color = '#d33', size = 48): Promise<Buffer> {
  return sharp({ create: { width: size, height: size, channels: 3, background: color } }).png().toBuffer();
}

/** POST /uploads as multipart, the way a browser sends it. */
export async function upload(app: TestApp, token: string, bytes: Buffer, filename = 'photo.png', type = 'image/png') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), filename);
  const response = await fetch(`${app.url}/api/v1/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

export interface GivenOperator {
  id: string;
  owner: GivenUser;
  kind: 'enterprise' | 'individual';
  creditCode?: string;
}

export const given = {
  async user(
    app: TestApp,
    options: {
      phone?: string;
      password?: string;
      displayName?: string;
      /** Sign-up verifies the phone; 'identity' verifies the identity too. */
      verify?: 'none' | 'phone' | 'identity';
      pin?: string;
      /**
       * An account from before sign-up proved the phone (made by the trusted internal call, its phone
       * unverified): for the `/me/phone` flow and PHONE_NOT_VERIFIED. With `verify`, its phone is then
       * verified through the sandbox SMS round trip, or directly with `viaSms: false`.
       */
      legacy?: boolean;
      /** Only for `legacy` accounts: mark the phone verified directly instead of the SMS round trip. */
      viaSms?: boolean;
    } = {},
  ): Promise<GivenUser> {
    const phone = options.phone ?? uniquePhone();
    const password = options.password ?? 'correct-horse-9';
    const displayName = options.displayName ?? '测试用户';
    let user: GivenUser;
    if (options.legacy) {
      const created = await app.ctx.accounts.register({ phone, password, displayName });
      const login = await app.http.post('/auth/login', { phone, password });
      expect(login.status).toBe(200);
      user = { id: created.id, phone, password, token: login.body.token };
    } else {
      const reg = await signUp(app, { phone, password, displayName });
      expect(reg.status, JSON.stringify(reg.body)).toBe(201);
      user = { id: reg.body.user.id, phone, password, token: reg.body.token };
    }
    const verify = options.verify ?? (options.pin ? 'identity' : 'none');
    if (!options.legacy || verify === 'none') {
      // Signed up with the code: the phone is verified already.
    } else if (options.viaSms === false) {
      await app.ctx.accounts.markPhoneVerified(user.id);
    } else {
      expect((await app.http.post('/me/phone/code', undefined, { token: user.token })).status).toBe(200);
      const code = await latestSmsCode(app, phone);
      expect((await app.http.post('/me/phone/verify', { code }, { token: user.token })).status).toBe(200);
    }
    if (verify === 'identity') {
      user.idNumber = validIdNumber();
      user.realName = '李小龙';
      await given.identityConsent(app, user);
      const res = await app.http.post('/me/identity', { realName: user.realName, idNumber: user.idNumber }, { token: user.token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    if (options.pin) {
      expect((await app.http.put('/me/payment-pin', { pin: options.pin }, { token: user.token })).status).toBe(204);
    }
    return user;
  },

  /** PIPL art. 29: the identity number's own consent, granted first as the identity page asks it. */
  async identityConsent(app: TestApp, user: { token: string }): Promise<void> {
    const res = await app.http.put('/me/consents/sensitive_identity', { granted: true }, { token: user.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  },

  /** An operator registered through the API and, unless `approve: false`, approved by `admin`. */
  async operator(
    app: TestApp,
    admin: GivenUser,
    options: { kind?: 'enterprise' | 'individual'; approve?: boolean; shopName?: string; viaSms?: boolean } = {},
  ): Promise<GivenOperator> {
    const kind = options.kind ?? 'enterprise';
    const owner = await given.user(app, { verify: 'identity', ...(options.viaSms === false ? { viaSms: false } : {}) });
    const creditCode = validCreditCode();
    const body = {
      kind,
      shopName: options.shopName ?? (kind === 'enterprise' ? '好物旗舰店' : '小李手作'),
      contact: { phone: uniquePhone(), email: 'shop@example.com' },
      address: { region: '浙江省 杭州市 西湖区', line: '文三路 90 号 3 楼' },
      ...(kind === 'enterprise'
        ? { enterprise: { companyName: '杭州好物电子商务有限公司', creditCode, legalRepresentative: '赵法人' } }
        : { individual: { realName: owner.realName!, idNumber: owner.idNumber! } }),
    };
    const created = await app.http.post('/operators', body, { token: owner.token });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.operator.id as string;
    if (options.approve !== false) {
      const approved = await app.http.post(`/admin/operators/${id}/approve`, undefined, { token: admin.token });
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    }
    return { id, owner, kind, ...(kind === 'enterprise' ? { creditCode } : {}) };
  },

  /** A product of an approved operator, with an uploaded image. */
  async product(app: TestApp, operator: GivenOperator, overrides: Record<string, unknown> = {}) {
    const image = await upload(app, operator.owner.token, await pngImage());
    expect(image.status).toBe(201);
    const res = await app.http.post(
      `/operators/${operator.id}/products`,
      { title: '补水保湿面膜 10 片装', description: '玻尿酸精华，敏感肌可用。', images: [image.body.url], skus: [{ name: '10 片', price: 12900, stock: 50 }], ...overrides },
      { token: operator.owner.token },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.product;
  },

  /**
   * A note by `author` with one uploaded image per entry of `tags` (each a list of
   * product ids tagged on that image, placed along the diagonal). `overrides` replace body fields.
   */
  async note(app: TestApp, author: GivenUser, tags: string[][] = [[]], overrides: Record<string, unknown> = {}) {
    const images = [];
    for (const [i, productIds] of tags.entries()) {
      const image = await upload(app, author.token, await pngImage(`#${(0x224466 + i * 0x101010).toString(16).slice(-6)}`));
      expect(image.status).toBe(201);
      images.push({ url: image.body.url, tags: productIds.map((productId, j) => ({ productId, x: (j + 1) / 10, y: (j + 1) / 10 })) });
    }
    const res = await app.http.post('/notes', { title: '今日好物分享', body: '用了一周，真心推荐 #好物', images, ...overrides }, { token: author.token });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.note;
  },

  /** Money in the user's wallet, topped up through the sandbox payment provider. */
  async funds(app: TestApp, user: GivenUser, amount: number): Promise<void> {
    const created = await app.http.post('/wallet/top-ups', { amount }, { token: user.token });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const paid = await app.http.post(`/sandbox/top-ups/${created.body.topUp.id}/complete`);
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
  },

  /** An address-book entry; returns its id. */
  async address(app: TestApp, user: GivenUser): Promise<string> {
    const res = await app.http.post('/me/addresses', { recipient: '王收货', phone: '13912345678', region: '北京市 朝阳区', line: '建国路 1 号 2 单元 301' }, { token: user.token });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.address.id;
  },

  /** A service provider (D1) registered through the API and, unless `approve: false`, approved by `admin`. */
  async serviceProvider(app: TestApp, admin: GivenUser, options: { approve?: boolean; service?: 'logistics' | 'payment' | 'marketing' | 'other' } = {}): Promise<{ id: string; owner: GivenUser }> {
    const owner = await given.user(app, { verify: 'identity', viaSms: false });
    const body = {
      companyName: '顺风快运有限公司',
      creditCode: validCreditCode(),
      service: options.service ?? 'logistics',
      contact: { phone: uniquePhone(), email: 'ops@example.com' },
      address: { region: '广东省 深圳市 南山区', line: '科技园 1 号' },
    };
    const created = await app.http.post('/service-providers', body, { token: owner.token });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.serviceProvider.id as string;
    if (options.approve !== false) expect((await app.http.post(`/admin/service-providers/${id}/approve`, undefined, { token: admin.token })).status).toBe(200);
    return { id, owner };
  },

  /**
   * A received order of one unit of each SKU listed (issue 17: reviews), by `buyer` or a new buyer
   * with ¥1,000 and payment pin 258036: placed, paid from the wallet, shipped and received.
   */
  async receivedOrder(app: TestApp, operator: GivenOperator, skuIds: string[], buyer?: GivenUser): Promise<{ buyer: GivenUser; orderId: string; itemIds: string[] }> {
    const pin = '258036';
    const who = buyer ?? (await given.user(app, { pin, viaSms: false }));
    if (!buyer) await given.funds(app, who, 100_000);
    const key = () => ({ 'idempotency-key': randomUUID() });
    const addressId = await given.address(app, who);
    const placed = await app.http.post('/orders', { addressId, items: skuIds.map((skuId) => ({ skuId, quantity: 1 })) }, { token: who.token, headers: key() });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const orderId = placed.body.order.id as string;
    for (const [step, body, token] of [
      ['pay', { pin }, who.token],
      ['ship', { carrier: '顺丰速运', trackingNumber: 'SF1234567890' }, operator.owner.token],
      ['confirm-receipt', undefined, who.token],
    ] as const) {
      const res = await app.http.post(`/orders/${orderId}/${step}`, body, { token, headers: key() });
      expect(res.status, `${step}: ${JSON.stringify(res.body)}`).toBe(200);
    }
    return { buyer: who, orderId, itemIds: (placed.body.order.items as { id: string }[]).map((i) => i.id) };
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
