/** Catalog and uploads through the HTTP API, on both databases. */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, pngImage, upload, type GivenOperator, type GivenUser } from './support/given.js';

/** A JPEG carrying EXIF with a GPS position and a camera owner, as phones write them. */
async function jpegWithLocation(): Promise<Buffer> {
  return sharp({ create: { width: 80, height: 60, channels: 3, background: '#3a6' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'AgoraPhone', Model: 'X1', Artist: '张三的手机', Copyright: 'owner 13800138000' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 14/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '121/1 28/1 0/1' },
    })
    .toBuffer();
}

for (const kind of DATABASE_KINDS) {
  describe(`catalog on ${kind}`, () => {
    let t: TestApp;
    let admin: GivenUser;
    let shop: GivenOperator;
    let imageUrl: string;

    beforeAll(async () => {
      t = await startTestApp(kind);
      admin = await given.admin(t);
      shop = await given.operator(t, admin);
      imageUrl = (await upload(t, shop.owner.token, await pngImage())).body.url;
    });
    afterAll(async () => {
      await t?.close();
    });

    const create = (body: Record<string, unknown>, operator = shop) =>
      t.http.post(`/operators/${operator.id}/products`, { title: '测试商品', description: '描述', images: [imageUrl], skus: [{ name: '默认', price: 1000, stock: 5 }], ...body }, { token: operator.owner.token });

    it('categories carry their R9 return class; general is returnable', async () => {
      const res = await t.http.get('/categories');
      expect(res.status).toBe(200);
      const byId = Object.fromEntries(res.body.map((c: any) => [c.id, c.returnClass]));
      expect(byId).toMatchObject({ general: 'returnable', fresh: 'excluded', custom: 'excluded', digital: 'excluded', periodicals: 'excluded', beauty: 'excludable_with_consent' });
    });

    it('an approved operator lists a product; the page shows SKUs, add-ons, category and shop', async () => {
      const res = await create({
        title: '山茶花手工皂',
        description: '冷制工艺\n无香精',
        category: 'beauty',
        skus: [
          { name: '单块', price: 3900, stock: 100, groupPrice: 2900, groupSize: 2 },
          { name: '三块装', price: 9900, stock: 30, bargainFloor: 5900 },
        ],
        addOns: [{ title: '礼盒包装', price: 500 }],
      });
      expect(res.status).toBe(201);
      const product = (await t.http.get(`/products/${res.body.product.id}`)).body;
      expect(product).toMatchObject({
        title: '山茶花手工皂',
        description: '冷制工艺\n无香精',
        category: 'beauty',
        categoryInfo: { returnClass: 'excludable_with_consent' },
        images: [imageUrl],
        operator: { id: shop.id, shopName: '好物旗舰店' },
        available: true,
        addOns: [{ title: '礼盒包装', price: 500 }],
      });
      expect(product.skus).toMatchObject([
        { name: '单块', price: 3900, stock: 100, groupPrice: 2900, groupSize: 2, bargainFloor: null, maxHelpers: null },
        // maxHelpers defaults to 10 where a floor is set (API.md).
        { name: '三块装', price: 9900, stock: 30, groupPrice: null, groupSize: null, bargainFloor: 5900, maxHelpers: 10 },
      ]);
    });

    it('only the approved owner lists: pending → 403, someone else → 404', async () => {
      const pending = await given.operator(t, admin, { approve: false });
      const pendingImage = (await upload(t, pending.owner.token, await pngImage())).body.url;
      const res = await create({ images: [pendingImage] }, pending);
      expect([res.status, res.body.code]).toEqual([403, 'OPERATOR_NOT_APPROVED']);
      const stranger = await given.user(t, { verify: 'identity' });
      const foreign = await t.http.post(`/operators/${shop.id}/products`, { title: '冒名商品', description: 'x', images: [imageUrl], skus: [{ name: 'a', price: 100, stock: 1 }] }, { token: stranger.token });
      expect(foreign.status).toBe(404);
    });

    it('refuses SKUs that break the group-buy and bargain rules, with the field that is wrong', async () => {
      const cases: [unknown[], string][] = [
        [[{ name: 'a', price: 1000, stock: 1, groupPrice: 1000, groupSize: 2 }], '/body/skus/0/groupPrice'],
        [[{ name: 'a', price: 1000, stock: 1, groupPrice: 900 }], '/body/skus/0/groupSize'],
        [[{ name: 'a', price: 1000, stock: 1, bargainFloor: 1000 }], '/body/skus/0/bargainFloor'],
        [[{ name: 'a', price: 1000, stock: 1, bargainFloor: 995 }], '/body/skus/0/maxHelpers'], // 5 fen for 10 helpers
        [[{ name: 'a', price: 1000, stock: 1, maxHelpers: 5 }], '/body/skus/0/maxHelpers'],
        [[{ name: 'a', price: 1000, stock: 1 }, { name: 'a', price: 2000, stock: 1 }], '/body/skus/1/name'],
      ];
      for (const [skus, path] of cases) {
        const res = await create({ skus });
        expect([res.status, res.body.code], JSON.stringify(skus)).toEqual([400, 'VALIDATION_FAILED']);
        expect(res.body.errors.map((e: any) => e.path)).toContain(path);
      }
      // price − floor = maxHelpers exactly is allowed: every help cuts 1 fen.
      expect((await create({ skus: [{ name: 'a', price: 1000, stock: 1, bargainFloor: 990, maxHelpers: 10 }] })).status).toBe(201);
    });

    it('refuses images the caller did not upload and unknown categories', async () => {
      const other = await given.user(t);
      const theirs = (await upload(t, other.token, await pngImage('#00f'))).body.url;
      for (const images of [[theirs], ['https://evil.example/x.png'], ['/uploads/../../etc/passwd']]) {
        const res = await create({ images });
        expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
        expect(res.body.errors[0].path).toBe('/body/images/0');
      }
      const res = await create({ category: 'weapons' });
      expect([res.status, res.body.errors[0].path]).toEqual([400, '/body/category']);
    });

    it('edits keep SKU ids, add new ones, and stop selling the ones left out', async () => {
      const created = (await create({ skus: [{ name: 'S', price: 1000, stock: 5 }, { name: 'M', price: 1100, stock: 5 }], addOns: [{ title: '贺卡', price: 100 }] })).body.product;
      const [small] = created.skus;
      const patched = await t.http.request(
        'PATCH',
        `/products/${created.id}`,
        { title: '改过的标题', skus: [{ id: small.id, name: 'S', price: 900, stock: 7 }, { name: 'L', price: 1200, stock: 2 }], addOns: [] },
        { token: shop.owner.token },
      );
      expect(patched.status).toBe(200);
      expect(patched.body.product.title).toBe('改过的标题');
      expect(patched.body.product.skus.map((s: any) => [s.name, s.price, s.stock])).toEqual([['S', 900, 7], ['L', 1200, 2]]);
      expect(patched.body.product.skus[0].id).toBe(small.id);
      expect(patched.body.product.addOns).toEqual([]);

      const foreignSku = (await create({})).body.product.skus[0].id;
      const bad = await t.http.request('PATCH', `/products/${created.id}`, { skus: [{ id: foreignSku, name: 'X', price: 1, stock: 1 }] }, { token: shop.owner.token });
      expect([bad.status, bad.body.errors?.[0]?.path]).toEqual([400, '/body/skus/0/id']);
      const stranger = await given.user(t);
      expect((await t.http.request('PATCH', `/products/${created.id}`, { title: '抢注' }, { token: stranger.token })).status).toBe(404);
      expect((await t.http.get(`/products/${created.id}`)).body.title).toBe('改过的标题');
    });

    it('search matches Chinese substrings and English terms; filters and cursor paging', async () => {
      const other = await given.operator(t, admin, { shopName: '另一家店' });
      const otherImage = (await upload(t, other.owner.token, await pngImage())).body.url;
      // Newest first: each listed a second after the last (the test clock does not move by itself).
      await create({ title: '玻尿酸补水面膜', description: 'Hyaluronic sheet MASK, 10 pcs' });
      t.clock.advance(1000);
      await create({ title: '男士控油洁面乳', description: 'Oil control face wash', category: 'beauty' });
      t.clock.advance(1000);
      await create({ title: '100% 纯棉 T 恤', description: '夏季短袖', category: 'apparel' });
      t.clock.advance(1000);
      await t.http.post(`/operators/${other.id}/products`, { title: '面膜刷', description: '硅胶 brush', images: [otherImage], skus: [{ name: '单支', price: 990, stock: 9 }] }, { token: other.owner.token });

      const titles = async (query: string) => (await t.http.get(`/products?${query}`)).body.items.map((p: any) => p.title);
      expect(await titles(`q=${encodeURIComponent('面膜')}`)).toEqual(['面膜刷', '玻尿酸补水面膜']);
      expect(await titles(`q=${encodeURIComponent('补水')}`)).toEqual(['玻尿酸补水面膜']);
      expect(await titles('q=mask')).toEqual(['玻尿酸补水面膜']);
      expect(await titles(`q=${encodeURIComponent('面膜 brush')}`)).toEqual(['面膜刷']);
      expect(await titles(`q=${encodeURIComponent('100%')}`)).toEqual(['100% 纯棉 T 恤']);
      // Search is by words (test/search.test.ts): punctuation alone finds nothing.
      expect(await titles(`q=${encodeURIComponent('%')}`)).toEqual([]);
      expect(await titles(`q=${encodeURIComponent('面膜')}&operatorId=${other.id}`)).toEqual(['面膜刷']);
      expect(await titles('category=apparel')).toEqual(['100% 纯棉 T 恤']);

      const summary = (await t.http.get(`/products?operatorId=${other.id}`)).body.items[0];
      expect(summary).toMatchObject({ title: '面膜刷', price: 990, groupPrice: null, image: otherImage, operator: { id: other.id, shopName: '另一家店' }, available: true });

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: any = (await t.http.get(`/products?operatorId=${shop.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)).body;
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((p: any) => p.id));
        cursor = page.nextCursor;
      } while (cursor);
      const all = (await t.http.get(`/products?operatorId=${shop.id}&limit=100`)).body.items.map((p: any) => p.id);
      expect(seen).toEqual(all);
      expect(new Set(seen).size).toBe(seen.length);
    });
  });
}

describe('uploads', () => {
  let t: TestApp;
  let user: GivenUser;
  beforeAll(async () => {
    t = await startTestApp('pglite');
    user = await given.user(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('strips EXIF (location, camera, owner) and makes a thumbnail', async () => {
    const original = await jpegWithLocation();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const res = await upload(t, user.token, original, 'IMG_0001.jpg', 'image/jpeg');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ contentType: 'image/jpeg', width: 80, height: 60 });

    const stored = await fetch(`${t.url}${res.body.url}`);
    expect(stored.status).toBe(200);
    expect(stored.headers.get('content-type')).toBe('image/jpeg');
    expect(stored.headers.get('cache-control')).toContain('immutable');
    const bytes = Buffer.from(await stored.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(bytes.includes(Buffer.from('AgoraPhone'))).toBe(false);
    expect(bytes.includes(Buffer.from('13800138000'))).toBe(false);

    const thumb = await fetch(`${t.url}${res.body.thumbnailUrl}`);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    expect((await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).format).toBe('webp');
  });

  it('judges the type by content, not by name', async () => {
    const png = await pngImage();
    const misnamed = await upload(t, user.token, png, 'holiday.jpg', 'image/jpeg');
    expect([misnamed.status, misnamed.body.contentType]).toEqual([201, 'image/png']);
    const webp = await sharp(png).webp().toBuffer();
    expect((await upload(t, user.token, webp, 'x.bin', 'application/octet-stream')).body.contentType).toBe('image/webp');

    const script = Buffer.from('<?php system($_GET["c"]); ?>');
    const fake = await upload(t, user.token, script, 'shell.png', 'image/png');
    expect([fake.status, fake.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
    expect((await upload(t, user.token, gif, 'a.gif', 'image/gif')).status).toBe(415);
  });

  it('refuses files over 10 MB with 413, and anonymous uploads with 401', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x41);
    const res = await upload(t, user.token, big, 'big.png');
    expect([res.status, res.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await pngImage())], { type: 'image/png' }), 'a.png');
    expect((await fetch(`${t.url}/api/v1/uploads`, { method: 'POST', body: form })).status).toBe(401);
  });

  it('serves only stored keys', async () => {
    expect((await fetch(`${t.url}/uploads/not-a-key.png`)).status).toBe(404);
    expect((await fetch(`${t.url}/uploads/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
  });
});
