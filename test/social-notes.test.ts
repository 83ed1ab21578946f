/** Notes with shoppable tags (API.md "Social"; R8, R11, R12) through the HTTP API, on both databases. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, pngImage, upload, type GivenOperator, type GivenUser } from './support/given.js';

const PIN = '258036';

for (const kind of DATABASE_KINDS) {
  describe(`notes on ${kind}`, () => {
    let t: TestApp;
    let admin: GivenUser;
    let shop: GivenOperator;
    let mask: any;
    let lamp: any;

    beforeAll(async () => {
      t = await startTestApp(kind);
      admin = await given.admin(t);
      shop = await given.operator(t, admin);
      mask = await given.product(t, shop, { skus: [{ name: '10 片', price: 12_900, stock: 50 }, { name: '5 片', price: 6_900, stock: 50 }] });
      lamp = await given.product(t, shop, { title: '护眼台灯', skus: [{ name: '白色', price: 19_900, stock: 50 }] });
    });
    afterAll(async () => {
      await t?.close();
    });

    const author = () => given.user(t, { displayName: '小红薯' });
    const ok = (res: { status: number; text: string }, status = 200) => expect(res.status, res.text.slice(0, 300)).toBe(status);

    it('POST /notes stores images, tags pointing at products (with title and price) and #hashtags; GET /notes/:id shows them to anyone', async () => {
      const a = await author();
      const url = (await upload(t, a.token, await pngImage('#abc'))).body.url;
      const res = await t.http.post(
        '/notes',
        { title: '面膜和台灯', body: '敷完面膜开灯看书 #护肤# #好物 #OOTD', images: [{ url, tags: [{ productId: mask.id, skuId: mask.skus[1].id, x: 0, y: 1 }, { productId: lamp.id, x: 0.25, y: 0.75 }] }] },
        { token: a.token },
      );
      ok(res, 201);
      const note = res.body.note;
      expect(note).toMatchObject({ title: '面膜和台灯', images: [url], author: { id: a.id, displayName: '小红薯' }, hashtags: ['ootd', '好物', '护肤'], likes: 0, collects: 0, comments: 0, isAd: false, adLabel: null, sponsor: null, hidden: false });
      expect(note.tags).toEqual([
        { id: expect.any(String), image: 0, x: 0, y: 1, productId: mask.id, skuId: mask.skus[1].id, product: { id: mask.id, title: mask.title, price: 6_900 }, verifiedPurchase: false },
        { id: expect.any(String), image: 0, x: 0.25, y: 0.75, productId: lamp.id, skuId: null, product: { id: lamp.id, title: '护眼台灯', price: 19_900 }, verifiedPurchase: false },
      ]);
      const read = await t.http.get(`/notes/${note.id}`);
      ok(read);
      expect(read.body).toEqual(note);
    });

    // Tag products are cached for a few seconds (src/lib/read-through.ts); the shop's own edit is seen at once.
    it('a tag shows the product as just edited: new title and price at once, and the price of a replacing SKU', async () => {
      const product = await given.product(t, shop, { title: '旧标题 香薰', skus: [{ name: '小瓶', price: 5_900, stock: 10 }] });
      const a = await author();
      const url = (await upload(t, a.token, await pngImage('#a0a'))).body.url;
      const note = (await t.http.post('/notes', { title: '香薰', body: '好闻', images: [{ url, tags: [{ productId: product.id, x: 0.5, y: 0.5 }] }] }, { token: a.token })).body.note;
      expect((await t.http.get(`/notes/${note.id}`)).body.tags[0].product).toEqual({ id: product.id, title: '旧标题 香薰', price: 5_900 });
      const sku = { id: product.skus[0].id, name: '小瓶', price: 4_900, stock: 10 };
      ok(await t.http.request('PATCH', `/products/${product.id}`, { title: '新标题 香薰', skus: [sku] }, { token: shop.owner.token }));
      expect((await t.http.get(`/notes/${note.id}`)).body.tags[0].product).toEqual({ id: product.id, title: '新标题 香薰', price: 4_900 });
      // The SKU replaced by a new one: the tag shows the new one's price.
      ok(await t.http.request('PATCH', `/products/${product.id}`, { skus: [{ name: '大瓶', price: 9_900, stock: 5 }] }, { token: shop.owner.token }));
      expect((await t.http.get(`/notes/${note.id}`)).body.tags[0].product.price).toBe(9_900);
    });

    it('a note posted twice with one Idempotency-Key is stored once and answered the same', async () => {
      const a = await author();
      const url = (await upload(t, a.token, await pngImage('#0c0'))).body.url;
      const body = { title: '只发一次', body: '网不好连点了两下', images: [{ url, tags: [] }] };
      const key = randomUUID();
      const [first, second] = [await t.http.post('/notes', body, { token: a.token, headers: { 'idempotency-key': key } }), await t.http.post('/notes', body, { token: a.token, headers: { 'idempotency-key': key } })];
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.body).toEqual(first.body);
      expect((await t.http.get(`/users/${a.id}/notes`)).body.items.map((n: any) => n.id)).toEqual([first.body.note.id]);
    });

    it('refuses images that are not the author’s own uploads, unknown products, SKUs of another product, and changes nothing', async () => {
      const [a, b] = [await author(), await author()];
      const theirs = (await upload(t, b.token, await pngImage('#123'))).body.url;
      const mine = (await upload(t, a.token, await pngImage('#456'))).body.url;
      const post = (images: unknown) => t.http.post('/notes', { title: '试试', body: '内容', images }, { token: a.token });
      const refused = [
        await post([{ url: theirs, tags: [] }]),
        await post([{ url: mine, tags: [{ productId: 'no-such-product', x: 0.5, y: 0.5 }] }]),
        await post([{ url: mine, tags: [{ productId: mask.id, skuId: lamp.skus[0].id, x: 0.5, y: 0.5 }] }]),
        await post([{ url: mine, tags: [{ productId: mask.id, x: 1.01, y: 0.5 }] }]),
        await post([{ url: mine, tags: [] }, { url: mine, tags: [] }]),
      ];
      expect(refused.map((r) => [r.status, r.body.code])).toEqual(Array.from({ length: 5 }, () => [400, 'VALIDATION_FAILED']));
      expect(refused[1]!.body.errors).toEqual([{ path: '/body/images/0/tags/0/productId', message: expect.any(String) }]);
      expect((await t.http.get(`/users/${a.id}/notes`)).body.items).toEqual([]);
    });

    it('only the author edits or deletes a note; others (the tagged shop’s owner and admins too) get 404', async () => {
      const a = await author();
      const note = await given.note(t, a, [[mask.id]]);
      for (const other of [await author(), shop.owner, admin]) {
        expect((await t.http.request('PATCH', `/notes/${note.id}`, { title: '改掉' }, { token: other.token })).status).toBe(404);
        expect((await t.http.delete(`/notes/${note.id}`, undefined, { token: other.token })).status).toBe(404);
      }
      const url = (await upload(t, a.token, await pngImage('#789'))).body.url;
      const edited = await t.http.request('PATCH', `/notes/${note.id}`, { body: '改了正文 #新话题', images: [{ url, tags: [{ productId: lamp.id, x: 0.1, y: 0.2 }] }] }, { token: a.token });
      ok(edited);
      expect(edited.body.note).toMatchObject({ title: note.title, body: '改了正文 #新话题', hashtags: ['新话题'], images: [url] });
      expect(edited.body.note.tags.map((x: any) => x.productId)).toEqual([lamp.id]);
      expect((await t.http.delete(`/notes/${note.id}`, undefined, { token: a.token })).status).toBe(204);
      expect((await t.http.get(`/notes/${note.id}`)).status).toBe(404);
      expect((await t.http.delete(`/notes/${note.id}`, undefined, { token: a.token })).status).toBe(404);
    });

    it('R8: a sponsorship the operator confirms labels the note 「广告」 everywhere, and the author cannot edit it away', async () => {
      const a = await author();
      const note = await given.note(t, a, [[mask.id]], { sponsoredBy: shop.id });
      // Until the shop confirms, only the author sees the pending claim.
      expect(note).toMatchObject({ isAd: false, sponsor: { operatorId: shop.id, status: 'pending' } });
      expect((await t.http.get(`/notes/${note.id}`)).body.sponsor).toBeNull();
      const list = await t.http.get(`/operators/${shop.id}/sponsorships`, { token: shop.owner.token });
      ok(list);
      expect(list.body.items.map((i: any) => [i.note.id, i.status])).toContainEqual([note.id, 'pending']);
      // Only the shop's owner confirms.
      expect((await t.http.post(`/operators/${shop.id}/sponsorships/${note.id}/confirm`, undefined, { token: a.token })).status).toBe(404);
      const confirmed = await t.http.post(`/operators/${shop.id}/sponsorships/${note.id}/confirm`, undefined, { token: shop.owner.token });
      ok(confirmed);
      expect(confirmed.body.note).toMatchObject({ isAd: true, adLabel: '广告', sponsor: { operatorId: shop.id, shopName: '好物旗舰店', status: 'confirmed' } });
      ok(await t.http.post(`/operators/${shop.id}/sponsorships/${note.id}/confirm`, undefined, { token: shop.owner.token }));

      const patchSponsor = await t.http.request('PATCH', `/notes/${note.id}`, { sponsoredBy: null }, { token: a.token });
      expect([patchSponsor.status, patchSponsor.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect((await t.http.request('PATCH', `/notes/${note.id}`, { isAd: false }, { token: a.token })).status).toBe(400);
      ok(await t.http.request('PATCH', `/notes/${note.id}`, { title: '只是换个标题', body: '没有广告哦' }, { token: a.token }));
      const seen = [
        (await t.http.get(`/notes/${note.id}`)).body,
        (await t.http.get(`/users/${a.id}/notes`)).body.items.find((n: any) => n.id === note.id),
        (await t.http.get('/feed?tab=discover&limit=100')).body.items.find((n: any) => n.id === note.id),
      ];
      for (const view of seen) expect(view).toMatchObject({ isAd: true, adLabel: '广告', title: '只是换个标题' });

      const unknown = await t.http.post('/notes', { title: '赞助', body: '正文', images: [{ url: note.images[0], tags: [] }], sponsoredBy: 'no-such-operator' }, { token: a.token });
      expect([unknown.status, unknown.body.errors?.[0]?.path]).toEqual([400, '/body/sponsoredBy']);
    });

    it('R11: a tag shows verifiedPurchase only once the author has received an order for that product', async () => {
      const a = await given.user(t, { pin: PIN, viaSms: false });
      await given.funds(t, a, 100_000);
      const addressId = await given.address(t, a);
      const post = (path: string, body: unknown, token: string) => t.http.post(path, body, { token, headers: { 'idempotency-key': randomUUID() } });
      const order = (await post('/orders', { items: [{ skuId: mask.skus[0].id, quantity: 1 }], addressId }, a.token)).body.order.id;
      ok(await post(`/orders/${order}/pay`, { pin: PIN }, a.token));
      const note = await given.note(t, a, [[mask.id, lamp.id]]);
      // Paid is not enough.
      expect(note.tags.map((x: any) => x.verifiedPurchase)).toEqual([false, false]);
      ok(await post(`/orders/${order}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF1234567890' }, shop.owner.token));
      ok(await post(`/orders/${order}/confirm-receipt`, undefined, a.token));
      const tags = (await t.http.get(`/notes/${note.id}`)).body.tags;
      expect(tags.map((x: any) => [x.productId, x.verifiedPurchase])).toEqual([[mask.id, true], [lamp.id, false]]);
      // Another author tagging the same product is not verified by someone else's order.
      const other = await given.note(t, await author(), [[mask.id]]);
      expect(other.tags[0].verifiedPurchase).toBe(false);
    });

    it('opening a tag counts the click and returns an attribution naming exactly this note and its author (R12)', async () => {
      const a = await author();
      const note = await given.note(t, a, [[mask.id], [lamp.id]]);
      const [first, second] = note.tags;
      const opened = await t.http.post(`/notes/${note.id}/tags/${second.id}/open`);
      ok(opened);
      expect(opened.body).toEqual({ productId: lamp.id, skuId: null, attribution: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/) });
      const again = await t.http.post(`/notes/${note.id}/tags/${second.id}/open`, undefined, { token: (await author()).token });
      expect(again.body.attribution).not.toBe(opened.body.attribution);
      const resolved = await t.ctx.social.resolveAttribution(t.ctx.database.db, opened.body.attribution);
      expect(resolved).toMatchObject({ noteId: note.id, tagId: second.id, authorId: a.id, productId: lamp.id, skuId: null });
      expect(await t.ctx.social.resolveAttribution(t.ctx.database.db, 'no-such-token')).toBeUndefined();
      const clicks = await t.ctx.database.db.selectFrom('note_tags').select(['id', 'clicks']).where('note_id', '=', note.id).orderBy('image').execute();
      expect(clicks).toEqual([{ id: first.id, clicks: 0 }, { id: second.id, clicks: 2 }]);
      // A tag of another note, or an unknown one, is not there.
      const elsewhere = await given.note(t, a, [[mask.id]]);
      expect((await t.http.post(`/notes/${note.id}/tags/${elsewhere.tags[0].id}/open`)).status).toBe(404);
      expect((await t.http.post(`/notes/${note.id}/tags/no-such-tag/open`)).status).toBe(404);
    });

    it('R12: the schema cannot hold a referral chain — an attribution references one note and its tag, nothing references an attribution', async () => {
      const db = t.ctx.database.db;
      const columns = await sql<{ column_name: string }>`
        select column_name from information_schema.columns where table_schema = current_schema() and table_name = 'attributions' order by ordinal_position`.execute(db);
      expect(columns.rows.map((r) => r.column_name)).toEqual(['token', 'note_id', 'tag_id', 'created_at']);
      const fks = await sql<{ from_table: string; to_table: string; nullable: string }>`
        select tc.table_name as from_table, ccu.table_name as to_table, c.is_nullable as nullable
        from information_schema.table_constraints tc
        join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
        join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
        join information_schema.columns c on c.table_schema = tc.table_schema and c.table_name = tc.table_name and c.column_name = kcu.column_name
        where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema() and (tc.table_name = 'attributions' or ccu.table_name = 'attributions')`.execute(db);
      expect([...new Set(fks.rows.map((r) => `${r.from_table}→${r.to_table}:${r.nullable}`))]).toEqual(['attributions→note_tags:NO']);
      // And a tag of one note cannot be attributed to another.
      const a = await author();
      const [n1, n2] = [await given.note(t, a, [[mask.id]]), await given.note(t, a, [[lamp.id]])];
      await expect(db.insertInto('attributions').values({ token: 'forged', note_id: n2.id, tag_id: n1.tags[0].id, created_at: new Date() }).execute()).rejects.toThrow();
    });
  });
}
