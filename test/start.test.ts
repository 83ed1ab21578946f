/** Agora started the way `npm start` starts it (bootstrap.ts), on a real data directory. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bootstrap, type Agora } from '../src/bootstrap.js';
import { loadConfig } from '../src/config.js';
import { DEMO_ADMIN, DEMO_PASSWORD } from '../src/demo/seed.js';
import { createTestDatabase, DATABASE_KINDS } from './support/databases.js';
import { createClient } from './support/http.js';
import { latestSmsCode, uniquePhone } from './support/given.js';

const dirs: string[] = [];
function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agora-start-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function listen(agora: Agora) {
  await agora.app.listen({ port: 0, host: '127.0.0.1' });
  return createClient(agora.ctx.selfUrl.current);
}

/** People's accounts: not the sandbox carrier's owner row (no password opens it), which sandbox mode keeps for its provider. */
async function countUsers(agora: Agora): Promise<number> {
  const row = await agora.ctx.database.db
    .selectFrom('users')
    .where('password_hash', '!=', '!')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * A first start seeds 11 accounts (scrypt each), 3 shops, 20 products and 42 notes
 * with generated images: ~8 s on an idle 2-core machine, several times that when CI
 * runs other suites beside it. These tests start Agora twice.
 */
const SEEDING_TIMEOUT_MS = 120_000;

describe('npm start on the embedded database', () => {
  it('seeds demo data on first start, keeps everything across a restart, and does not seed twice', async () => {
    const dataDir = tempDataDir();
    const config = loadConfig({ NODE_ENV: 'development', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });

    const first = await bootstrap(config);
    let http = await listen(first);
    expect(first.demo?.users).toHaveLength(10);
    expect(first.demo?.users.filter((u) => u.identityVerified).length).toBeGreaterThan(0);
    expect(await countUsers(first)).toBe(11);
    const admin = await http.post('/auth/login', DEMO_ADMIN);
    expect(admin.status).toBe(200);
    expect(admin.body.user.roles).toEqual(['admin']);
    const alice = await http.post('/auth/login', { phone: '13900000001', password: DEMO_PASSWORD });
    expect(alice.body.user.identityVerified).toBe(true);
    // Two enterprise shops and one individual's, approved, with 20 products and real images.
    const products = await http.get('/products?limit=100');
    expect(products.body.items).toHaveLength(20);
    const shops = new Map<string, string>(products.body.items.map((p: any) => [p.operator.id, p.operator.shopName]));
    expect(shops.size).toBe(3);
    const kinds = [];
    for (const id of shops.keys()) kinds.push((await http.get(`/operators/${id}`)).body.disclosure.kind);
    expect(kinds.sort()).toEqual(['enterprise', 'enterprise', 'individual']);
    const image = await fetch(`${first.ctx.selfUrl.current}${products.body.items[0].image}`);
    expect([image.status, image.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
    // At least 40 notes about those products, with tags, likes, comments, and the R8 label on the sponsored ones.
    const notes = (await http.get('/feed?tab=discover&limit=100')).body.items as any[];
    expect(notes.length).toBeGreaterThanOrEqual(40);
    expect(notes.every((n) => n.tags.length > 0 && n.images.length > 0 && n.hashtags.length > 0)).toBe(true);
    expect(notes.filter((n) => n.likes > 0).length).toBeGreaterThan(20);
    expect(notes.filter((n) => n.comments > 0).length).toBeGreaterThan(20);
    expect(notes.filter((n) => n.isAd).map((n) => n.adLabel)).toEqual(['广告', '广告']);
    // Four active bargains on the demo offers, each already cut by one to four friends.
    const bargainIds = (await first.ctx.database.db.selectFrom('bargains').select('id').execute()).map((b) => b.id);
    const bargains = await Promise.all(bargainIds.map(async (id) => (await http.get(`/bargains/${id}`)).body));
    expect(bargains.map((b) => [b.status, b.helps.length, b.price - b.current === b.helps.reduce((sum: number, h: any) => sum + h.cut, 0)]).sort()).toEqual([
      ['active', 1, true],
      ['active', 2, true],
      ['active', 3, true],
      ['active', 4, true],
    ]);
    // Three open groups to join, each formed by its paid opener; verified users can pay at once.
    const groups = (await Promise.all(products.body.items.map(async (p: any) => (await http.get(`/products/${p.id}/group-offers`)).body.openGroups))).flat();
    expect(groups.map((g: any) => g.seatsLeft > 0)).toEqual([true, true, true]);
    expect(first.demo?.pin).toMatch(/^\d{6}$/);
    // Demo reviews: product pages show ratings and reviews, some with the shop's reply.
    const rated = (await Promise.all(products.body.items.map(async (p: any) => (await http.get(`/products/${p.id}/reviews`)).body.items))).flat();
    expect(rated.length).toBeGreaterThanOrEqual(6);
    expect(rated.some((r: any) => r.reply !== null)).toBe(true);
    expect(rated.some((r: any) => r.author.name === '匿名买家')).toBe(true);
    expect((await http.get('/wallet', { token: alice.body.token })).body).toEqual({ balance: 50_000, held: 0, incoming: 0 });
    // Something new that the restart must keep.
    const phone = uniquePhone();
    expect((await http.post('/auth/phone-code', { phone })).status).toBe(202);
    const code = await latestSmsCode({ http }, phone);
    expect((await http.post('/auth/register', { phone, code, password: 'kept-across-restart', displayName: '留下来' })).status).toBe(201);
    await first.close();
    expect(fs.existsSync(path.join(dataDir, 'keys.json'))).toBe(true);

    const second = await bootstrap(config, { startJobs: false });
    http = await listen(second);
    try {
      expect(second.demo).toBeUndefined();
      expect(await countUsers(second)).toBe(12);
      // The same keys: the phone's lookup hash still finds the account.
      expect((await http.post('/auth/login', { phone, password: 'kept-across-restart' })).status).toBe(200);
      expect((await http.post('/auth/login', { phone: '13900000001', password: DEMO_PASSWORD })).body.user.identityVerified).toBe(true);
    } finally {
      await second.close();
    }
  }, SEEDING_TIMEOUT_MS);

  it('creates the admin from AGORA_ADMIN_PHONE and resets its password on the next start', async () => {
    const dataDir = tempDataDir();
    const base = { NODE_ENV: 'development', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', AGORA_DEMO: 'false' };
    const phone = uniquePhone();
    const first = await bootstrap(loadConfig({ ...base, AGORA_ADMIN_PHONE: phone, AGORA_ADMIN_PASSWORD: 'first-admin-pass' }), { startJobs: false });
    let http = await listen(first);
    expect(first.demo).toBeUndefined();
    expect((await http.post('/auth/login', { phone, password: 'first-admin-pass' })).body.user.roles).toEqual(['admin']);
    await first.close();

    const second = await bootstrap(loadConfig({ ...base, AGORA_ADMIN_PHONE: phone, AGORA_ADMIN_PASSWORD: 'second-admin-pass' }), { startJobs: false });
    http = await listen(second);
    try {
      expect((await http.post('/auth/login', { phone, password: 'first-admin-pass' })).status).toBe(401);
      expect((await http.post('/auth/login', { phone, password: 'second-admin-pass' })).status).toBe(200);
      expect(await countUsers(second)).toBe(1);
    } finally {
      await second.close();
    }
  });

  it('production mode has no sandbox endpoints and no demo data', async () => {
    const key = Buffer.alloc(32, 9).toString('base64');
    const agora = await bootstrap(
      loadConfig({
        NODE_ENV: 'production',
        PORT: '0',
        DATA_DIR: tempDataDir(),
        LOG_LEVEL: 'silent',
        AGORA_DATA_KEYS: `k1:${key}`,
        AGORA_LOOKUP_KEY: key,
        // Production starts only with real secrets and the non-sandbox providers' gateway.
        PAYMENT_WEBHOOK_SECRET: 'p'.repeat(32),
        SMS_GATEWAY_SECRET: 's'.repeat(32),
        SMS_GATEWAY_URL: 'https://sms.invalid/send',
      }),
      { startJobs: false },
    );
    const http = await listen(agora);
    try {
      expect(agora.demo).toBeUndefined();
      const sms = await http.get('/sandbox/sms?phone=13800138000');
      expect([sms.status, sms.body.code]).toEqual([404, 'NOT_FOUND']);
      expect(await countUsers(agora)).toBe(0);
    } finally {
      await agora.close();
    }
  });
});

if (DATABASE_KINDS.includes('postgres')) {
  describe('npm start with DATABASE_URL', () => {
    it('runs on PostgreSQL, seeding demo data only when AGORA_DEMO=true', async () => {
      const testDb = await createTestDatabase('postgres');
      await testDb.database.close();
      try {
        const config = loadConfig({ NODE_ENV: 'development', PORT: '0', DATA_DIR: tempDataDir(), LOG_LEVEL: 'silent', DATABASE_URL: testDb.url, AGORA_DEMO: 'true' });
        const agora = await bootstrap(config);
        const http = await listen(agora);
        try {
          expect(agora.ctx.database.kind).toBe('postgres');
          expect(agora.demo?.users).toHaveLength(10);
          expect((await http.post('/auth/login', DEMO_ADMIN)).status).toBe(200);
        } finally {
          await agora.close();
        }
      } finally {
        await testDb.drop();
      }
    }, SEEDING_TIMEOUT_MS);
  });
}
