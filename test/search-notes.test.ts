/**
 * Note search, on both databases: the notes of
 * test/support/search-notes.ts and a table of queries — Chinese, English, mixed, a
 * tagged product's name, one-character typos in both scripts — each naming the notes
 * that must be in its first five results. Then: deleted and hidden notes never
 * appear, edits re-index in the same request, paging, the migration's backfill, and
 * bad input.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as noteSearchMigration from '../src/db/migrations/0011_note_search.js';
import { startTestApp, type TestApp } from './support/app.js';
import { tableFingerprints } from './support/bad-input.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenUser } from './support/given.js';
import { SEARCH_NOTES, type SearchNoteKey } from './support/search-notes.js';
import { SEARCH_PRODUCTS, type SearchProductKey } from './support/search-products.js';
import { idsOfAllPages, itFindsEachInTopFive, type SearchCase } from './support/search-table.js';

type K = SearchNoteKey;

const QUERIES: SearchCase<K>[] = [
  { what: 'Chinese words', q: '保湿面霜', top5: ['creamReview'] },
  { what: 'Chinese word', q: '敏感肌', top5: ['creamReview'] },
  { what: 'Chinese word in two notes', q: '面霜', top5: ['creamReview', 'oilySkin'] },
  { what: 'hashtag', q: '#护肤', top5: ['creamReview', 'oilySkin'] },
  { what: 'Chinese word in title and hashtag', q: '防晒', top5: ['sunscreen'] },
  { what: "a tagged product's name only", q: '蓝牙耳机', top5: ['commute'] },
  { what: "body and a tagged product's name", q: '降噪耳机', top5: ['commute'] },
  { what: 'Chinese name the segmenter does not know', q: '耶加雪菲', top5: ['pourOver'] },
  { what: "title and a tagged product's name", q: '手冲咖啡', top5: ['pourOver'] },
  { what: 'Chinese word in two notes', q: '咖啡', top5: ['pourOver', 'latteArt'] },
  { what: 'Chinese word', q: '拉花', top5: ['latteArt'] },
  { what: 'Chinese word', q: '火锅', top5: ['hotpot'] },
  { what: 'Chinese word in the body only', q: '毛肚', top5: ['hotpot'] },
  { what: 'Chinese word', q: '养猫', top5: ['kitten'] },
  { what: 'Chinese title in book-title marks', q: '三体', top5: ['threeBody'] },
  { what: 'Chinese words in the body', q: '黑暗森林', top5: ['threeBody'] },
  { what: 'Chinese word', q: '肩颈', top5: ['yoga'] },
  { what: 'Chinese words, other order', q: '正红色口红', top5: ['lipstick'] },
  { what: 'Chinese word', q: '绿植', top5: ['officePlants'] },
  { what: 'Chinese words', q: '抹茶拿铁', top5: ['matcha'] },
  { what: "Chinese, a tagged product's name", q: '机械键盘', top5: ['deskSetup'] },
  { what: 'English words', q: 'merino socks', top5: ['hiking'] },
  { what: 'English word', q: 'hiking', top5: ['hiking'] },
  { what: "English, a tagged product's name", q: 'cast iron skillet', top5: ['steakNight'] },
  { what: 'English word', q: 'sourdough', top5: ['sourdough'] },
  { what: 'English words', q: 'running plan', top5: ['couchTo5k'] },
  { what: 'English words', q: 'kyoto autumn', top5: ['kyoto'] },
  { what: 'upper case', q: 'HIKING', top5: ['hiking'] },
  { what: 'mixed', q: 'iPhone 夜景', top5: ['nightShots'] },
  { what: 'mixed', q: 'setup 桌搭', top5: ['deskSetup'] },
  { what: 'mixed', q: '铸铁锅 ribeye', top5: ['steakNight'] },
  { what: 'mixed, letters and digits run together', q: 'spf50防晒', top5: ['sunscreen'] },
  { what: 'mixed', q: '京都 travel', top5: ['kyoto'] },
  { what: 'full-width', q: 'ＩＰＨＯＮＥ１５', top5: ['nightShots'] },
  { what: 'Chinese typo', q: '保显面霜', top5: ['creamReview'] },
  { what: 'Chinese typo at the end', q: '耶加雪非', top5: ['pourOver'] },
  { what: "Chinese typo in a tagged product's name", q: '机戒键盘', top5: ['deskSetup'] },
  { what: 'Chinese typo at the end', q: '黑暗森临', top5: ['threeBody'] },
  { what: 'Chinese typo (homophone)', q: '抹茶拿贴', top5: ['matcha'] },
  { what: 'English typo (letter missing)', q: 'sourdogh', top5: ['sourdough'] },
  { what: 'English typo (letter missing)', q: 'merno socks', top5: ['hiking'] },
  { what: 'English typo (letter doubled)', q: 'kyotto', top5: ['kyoto'] },
  { what: 'English typo (letter wrong)', q: 'ribeyo', top5: ['steakNight'] },
];

const TAGGED = [...new Set(Object.values(SEARCH_NOTES).flatMap((n) => n.tags as SearchProductKey[]))];

for (const kind of DATABASE_KINDS) {
  describe(`note search on ${kind}`, () => {
    let t: TestApp;
    let admin: GivenUser;
    let authors: GivenUser[];
    const keyOf = new Map<string, K>();
    const idOf = new Map<K, string>();
    const productIdOf = new Map<SearchProductKey, string>();

    const search = (query: Record<string, string>, token?: string) => t.http.get(`/search?${new URLSearchParams(query)}`, token ? { token } : {});
    const ids = async (q: string, limit = 5): Promise<string[]> => {
      const res = await search({ q, type: 'notes', limit: String(limit) });
      expect(res.status, res.text).toBe(200);
      return res.body.items.map((n: { id: string }) => n.id);
    };
    const top = async (q: string, limit = 5) => (await ids(q, limit)).map((id) => keyOf.get(id) ?? id);

    beforeAll(async () => {
      t = await startTestApp(kind);
      admin = await given.admin(t);
      const shop = await given.operator(t, admin);
      for (const key of TAGGED) productIdOf.set(key, (await given.product(t, shop, SEARCH_PRODUCTS[key])).id);
      authors = [await given.user(t), await given.user(t), await given.user(t)];
      for (const [i, [key, n]] of (Object.entries(SEARCH_NOTES) as [K, (typeof SEARCH_NOTES)[K]][]).entries()) {
        const tags: SearchProductKey[] = n.tags;
        const note = await given.note(t, authors[i % authors.length]!, [tags.map((p) => productIdOf.get(p)!)], { title: n.title, body: n.body });
        keyOf.set(note.id, key);
        idOf.set(key, note.id);
      }
    }, 120_000);
    afterAll(async () => {
      await t?.close();
    });

    itFindsEachInTopFive(QUERIES, top);

    it(`the table holds ${QUERIES.length} queries over ${Object.keys(SEARCH_NOTES).length} notes`, () => {
      expect(QUERIES.length).toBeGreaterThanOrEqual(30);
    });

    it('a title match ranks above a body match; unrelated words and punctuation find nothing; type=products finds no notes', async () => {
      expect((await top('面霜'))[0]).toBe('creamReview');
      expect(await top('露营帐篷')).toEqual([]);
      expect(await top('%')).toEqual([]);
      const products = await search({ q: '面霜回购', type: 'products' });
      expect(products.body.items).toEqual([]);
    });

    it('each result is the note as GET /notes/:id shows it to the same viewer (liked, tags with their product)', async () => {
      const viewer = await given.user(t);
      const id = idOf.get('creamReview')!;
      expect((await t.http.post(`/notes/${id}/like`, undefined, { token: viewer.token })).status).toBe(200);
      const found = (await search({ q: '保湿面霜', type: 'notes', limit: '1' }, viewer.token)).body.items[0];
      expect(found).toEqual((await t.http.get(`/notes/${id}`, { token: viewer.token })).body);
      expect(found).toMatchObject({ liked: true, likes: 1, hashtags: ['护肤'], tags: [{ productId: productIdOf.get('faceCream'), product: { title: '保湿面霜 敏感肌' } }] });
      expect((await search({ q: '保湿面霜', type: 'notes', limit: '1' })).body.items[0].liked).toBe(false);
    });

    it('deleted and hidden notes never appear, however exactly they match', async () => {
      const [author, reporter] = [await given.user(t), await given.user(t)];
      const deleted = await given.note(t, author, [[]], { title: '露营装备清单', body: '天幕、睡袋、折叠桌椅 #露营' });
      const hidden = await given.note(t, author, [[]], { title: '露营咖啡壶测评', body: '户外也能喝手冲 #露营' });
      expect(await ids('露营')).toEqual(expect.arrayContaining([deleted.id, hidden.id]));

      expect((await t.http.delete(`/notes/${deleted.id}`, undefined, { token: author.token })).status).toBe(204);
      expect((await t.http.post(`/notes/${hidden.id}/reports`, { reason: '广告引流' }, { token: reporter.token })).status).toBe(201);
      expect((await t.http.post(`/admin/notes/${hidden.id}/hide`, { reason: '站外引流' }, { token: admin.token })).status).toBe(200);

      for (const q of ['露营', '露营装备清单', '露营咖啡壶', '睡袋', '露营装被']) expect(await ids(q, 100), q).toEqual([]);
      // Not for their author either: search is a public listing, like the feed.
      expect((await search({ q: '露营', type: 'notes' }, author.token)).body.items).toEqual([]);
    });

    it('an edit re-indexes the note in the same request: title, body and tagged products', async () => {
      const author = await given.user(t);
      const note = await given.note(t, author, [[productIdOf.get('earbuds')!]], { title: '开箱一个小玩意', body: '包装很精致' });
      expect(await ids('蓝牙耳机', 100)).toContain(note.id);

      const titled = await t.http.request('PATCH', `/notes/${note.id}`, { title: '露台种番茄日记', body: '第一颗果子红了 #阳台种菜' }, { token: author.token });
      expect(titled.status, titled.text).toBe(200);
      expect(await ids('番茄')).toEqual([note.id]);
      expect(await ids('阳台种菜')).toEqual([note.id]);
      expect(await ids('开箱')).toEqual([]);
      // The images were not part of the edit: the earbuds are still tagged and still find it.
      expect(await ids('蓝牙耳机', 100)).toContain(note.id);

      const url = (await t.http.get(`/notes/${note.id}`)).body.images[0];
      const retagged = await t.http.request('PATCH', `/notes/${note.id}`, { images: [{ url, tags: [{ productId: productIdOf.get('castIron')!, x: 0.5, y: 0.5 }] }] }, { token: author.token });
      expect(retagged.status, retagged.text).toBe(200);
      expect(await ids('蓝牙耳机', 100)).not.toContain(note.id);
      expect((await ids('番茄 skillet'))[0]).toBe(note.id);
    });

    it('pages by cursor without repeats, in the order of one long page', async () => {
      const all = await ids('咖啡', 100);
      expect(all.length).toBeGreaterThanOrEqual(2);
      const seen = await idsOfAllPages(async (cursor) => (await search({ q: '咖啡', type: 'notes', limit: '1', ...(cursor ? { cursor } : {}) })).body, 1);
      expect(seen).toEqual(all);
    });

    it('the migration fills the search table for the notes already posted, the same as posting does', async () => {
      const { db } = t.ctx.database;
      const before = await db.selectFrom('note_search').select(['note_id', sql<string>`vector::text`.as('vector')]).orderBy('note_id').execute();
      await sql`drop table note_search`.execute(db);
      await noteSearchMigration.up(db as never);
      const after = await db.selectFrom('note_search').select(['note_id', sql<string>`vector::text`.as('vector')]).orderBy('note_id').execute();
      // Deleted notes are not filled in; every other note is, exactly as written at posting time.
      const live = await db.selectFrom('notes').select('id').where('deleted_at', 'is', null).execute();
      expect(after.map((r) => r.note_id)).toEqual(live.map((r) => r.id).sort());
      expect(after).toEqual(before.filter((r) => after.some((a) => a.note_id === r.note_id)));
      expect(await top('保显面霜')).toContain('creamReview');
    });

    it('bad input: 400 with a stable code, and nothing changes', async () => {
      const before = await tableFingerprints(t);
      const cases: Record<string, string>[] = [
        { q: '', type: 'notes' },
        { q: 'x'.repeat(101), type: 'notes' },
        { q: '面\u0000霜', type: 'notes' },
        { q: '面霜', type: 'Notes' },
        { q: '面霜', type: 'notes', cursor: 'abc' },
        { q: '面霜', type: 'notes', cursor: '1000' },
        { q: '面霜', type: 'notes', limit: '0' },
        { q: '面霜', type: 'notes', limit: '101' },
      ];
      for (const query of cases) {
        const res = await search(query);
        expect([res.status, res.body?.code], JSON.stringify(query)).toEqual([400, 'VALIDATION_FAILED']);
      }
      expect(await tableFingerprints(t)).toEqual(before);
      expect((await search({ q: 'x'.repeat(100), type: 'notes' })).status).toBe(200);
    });
  });
}
