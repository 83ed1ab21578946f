/**
 * Search, on both databases: a catalog of 40 products and a table of
 * queries — Chinese words and substrings, other segmentations, English, mixed, case
 * and full-width variants, one-character typos in both scripts — each naming the
 * products that must be in its first five results. Then paging, edits, and bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, pngImage, upload, type GivenOperator } from './support/given.js';
import { SEARCH_PRODUCTS, type SearchProductKey } from './support/search-products.js';
import { idsOfAllPages, itFindsEachInTopFive, type SearchCase } from './support/search-table.js';

type K = SearchProductKey;

const QUERIES: SearchCase<K>[] = [
  { what: 'Chinese word', q: '耳机', top5: ['earbuds', 'headphones'] },
  { what: 'Chinese words', q: '蓝牙耳机', top5: ['earbuds'] },
  { what: 'Chinese words', q: '保湿面霜', top5: ['faceCream'] },
  { what: 'Chinese word in title and description', q: '敏感肌', top5: ['faceCream', 'toner'] },
  { what: 'Chinese word', q: '咖啡豆', top5: ['coffeeBeans'] },
  { what: 'Chinese place name', q: '埃塞俄比亚', top5: ['coffeeBeans'] },
  { what: 'Chinese name the segmenter does not know', q: '耶加雪菲', top5: ['coffeeBeans'] },
  { what: 'Chinese words from two title words', q: '龙井绿茶', top5: ['greenTea'] },
  { what: 'Chinese, author and title', q: '刘慈欣 三体', top5: ['novel'] },
  { what: 'Chinese substring', q: '蓝牙', top5: ['earbuds', 'speaker'] },
  { what: 'Chinese substring', q: '充电', top5: ['charger', 'powerBank'] },
  { what: 'Chinese substring across a word', q: '雪菲', top5: ['coffeeBeans'] },
  { what: 'Chinese substring of one character', q: '鞋', top5: ['runningShoes'] },
  { what: 'Chinese, other order and segmentation', q: '降噪耳机', top5: ['earbuds'] },
  { what: 'Chinese, other order and segmentation', q: '耳机降噪无线', top5: ['earbuds'] },
  { what: 'Chinese, other order', q: '咖啡手冲', top5: ['coffeeBeans'] },
  { what: 'Chinese, in the description only', q: '茉莉花香', top5: ['coffeeBeans'] },
  { what: 'English words', q: 'merino wool socks', top5: ['woolSocks'] },
  { what: 'English singular for a plural', q: 'sock', top5: ['woolSocks'] },
  { what: 'English', q: 'cast iron', top5: ['castIron'] },
  { what: 'English', q: 'espresso beans', top5: ['espresso'] },
  { what: 'English', q: 'lavender candle', top5: ['candle'] },
  { what: 'English, in the description', q: 'bluetooth', top5: ['mouse'] },
  { what: 'mixed', q: 'iPhone 15 手机壳', top5: ['iphoneCase'] },
  { what: 'mixed', q: '机械键盘 keyboard', top5: ['keyboard'] },
  { what: 'mixed', q: 'TypeScript 电子书', top5: ['ebook'] },
  { what: 'mixed, no space', q: 'T恤cotton', top5: ['tshirt'] },
  { what: 'mixed, number and unit', q: '65W充电器', top5: ['charger'] },
  { what: 'full-width', q: 'ＩＰＨＯＮＥ１５', top5: ['iphoneCase'] },
  { what: 'full-width', q: 'ｌｅｇｏ', top5: ['legoSet'] },
  { what: 'upper case', q: 'MERINO', top5: ['woolSocks'] },
  { what: 'letters and digits run together', q: 'spf50', top5: ['sunscreen'] },
  { what: 'Chinese typo (homophone)', q: '蓝芽耳机', top5: ['earbuds'] },
  { what: 'Chinese typo in the middle', q: '咖非豆', top5: ['coffeeBeans'] },
  { what: 'Chinese typo', q: '机戒键盘', top5: ['keyboard'] },
  { what: 'Chinese typo at the end', q: '羽绒福', top5: ['downJacket'] },
  { what: 'Chinese typo in the middle', q: '跑部鞋', top5: ['runningShoes'] },
  { what: 'Chinese typo at the end', q: '手机克', top5: ['iphoneCase'] },
  { what: 'Chinese typo', q: '保显面霜', top5: ['faceCream'] },
  { what: 'English typo (letter missing)', q: 'merno wool', top5: ['woolSocks'] },
  { what: 'English typo (letter missing)', q: 'keybord', top5: ['keyboard'] },
  { what: 'English typo (letter missing)', q: 'espreso', top5: ['espresso'] },
  { what: 'English typo (letter missing)', q: 'skilet', top5: ['castIron'] },
  { what: 'English typo (letter wrong)', q: 'shampoi', top5: ['shampoo'] },
  { what: 'English typo in one of two words', q: 'waterprof jacket', top5: ['raincoat'] },
  { what: 'mixed with a Chinese typo', q: 'iphone 15 手机克', top5: ['iphoneCase'] },
  { what: 'category name', q: '美妆', top5: ['faceCream', 'sunscreen', 'lipstick', 'shampoo', 'toner'] },
  { what: 'shop name and a word', q: '小林数码 耳机', top5: ['earbuds', 'headphones'] },
];

const shopOf = (category: string) => (category === 'electronics' || category === 'general' ? 'lin' : 'nordic');

for (const kind of DATABASE_KINDS) {
  describe(`search on ${kind}`, () => {
    let t: TestApp;
    const keyOf = new Map<string, K>();
    const idOf = new Map<K, string>();
    let shops: Record<'lin' | 'nordic', { operator: GivenOperator; image: string }>;

    const search = (query: Record<string, string>) => t.http.get(`/search?${new URLSearchParams(query)}`);
    const top = async (q: string, limit = 5): Promise<K[]> => {
      const res = await search({ q, type: 'products', limit: String(limit) });
      expect(res.status, res.text).toBe(200);
      return res.body.items.map((p: { id: string }) => keyOf.get(p.id)!);
    };

    beforeAll(async () => {
      t = await startTestApp(kind);
      const admin = await given.admin(t);
      const shop = async (shopName: string) => {
        const operator = await given.operator(t, admin, { shopName });
        return { operator, image: (await upload(t, operator.owner.token, await pngImage())).body.url as string };
      };
      shops = { lin: await shop('小林数码旗舰店'), nordic: await shop('Nordic Living') };
      for (const [key, p] of Object.entries(SEARCH_PRODUCTS) as [K, (typeof SEARCH_PRODUCTS)[K]][]) {
        const { operator, image } = shops[shopOf(p.category)];
        const res = await t.http.post(`/operators/${operator.id}/products`, { ...p, images: [image], skus: [{ name: '默认', price: 1000, stock: 5 }] }, { token: operator.owner.token });
        expect(res.status, res.text).toBe(201);
        keyOf.set(res.body.product.id, key);
        idOf.set(key, res.body.product.id);
      }
    }, 120_000);
    afterAll(async () => {
      await t?.close();
    });

    itFindsEachInTopFive(QUERIES, top);

    it(`the table holds ${QUERIES.length} queries over ${Object.keys(SEARCH_PRODUCTS).length} products`, () => {
      expect(QUERIES.length).toBeGreaterThanOrEqual(30);
    });

    it('exact matches rank above typo matches; unrelated words and punctuation find nothing', async () => {
      // 咖啡豆 matches the beans exactly and the cold brew (咖啡) only with one character wrong.
      expect(await top('咖啡豆')).toEqual(['coffeeBeans', 'coldBrew']);
      // One character of a two-character word is not enough to call it a typo.
      expect(await top('面膜')).toEqual([]);
      expect(await top('火锅底料')).toEqual([]);
      expect(await top('%')).toEqual([]);
    });

    it('GET /products?q= is the same search, with its filters', async () => {
      const res = await t.http.get(`/products?${new URLSearchParams({ q: '耳机', operatorId: shops.lin.operator.id, category: 'electronics' })}`);
      expect(res.status).toBe(200);
      expect(res.body.items.map((p: { id: string }) => keyOf.get(p.id))).toEqual(expect.arrayContaining(['earbuds', 'headphones']));
      const elsewhere = await t.http.get(`/products?${new URLSearchParams({ q: '耳机', operatorId: shops.nordic.operator.id })}`);
      expect(elsewhere.body.items).toEqual([]);
      expect(res.body.items.find((p: { id: string }) => p.id === idOf.get('earbuds'))).toMatchObject({ title: '无线蓝牙耳机 降噪', operator: { shopName: '小林数码旗舰店' }, available: true, price: 1000 });
    });

    it('pages by cursor without repeats, in the order of one long page', async () => {
      const all = (await search({ q: '美妆', type: 'products', limit: '100' })).body.items.map((p: { id: string }) => p.id);
      expect(all).toHaveLength(5);
      const seen = await idsOfAllPages(async (cursor) => (await search({ q: '美妆', type: 'products', limit: '2', ...(cursor ? { cursor } : {}) })).body, 2);
      expect(seen).toEqual(all);
    });

    it('an edit re-indexes the product in the same request', async () => {
      const id = idOf.get('magazine')!;
      const res = await t.http.request('PATCH', `/products/${id}`, { title: '国家地理 中文版 年度订阅' }, { token: shops.nordic.operator.owner.token });
      expect(res.status, res.text).toBe(200);
      expect(await top('中文版')).toEqual(['magazine']);
      const edited = await t.http.request('PATCH', `/products/${id}`, { title: '旅行者 杂志', category: 'general' }, { token: shops.nordic.operator.owner.token });
      expect(edited.status, edited.text).toBe(200);
      expect(await top('中文版')).toEqual([]);
      expect(await top('旅行者')).toEqual(['magazine']);
      // The category's names are indexed too: periodicals no longer, general now.
      expect(await top('报纸期刊')).toEqual([]);
      const rows = await t.ctx.database.db.selectFrom('product_search').select('product_id').execute();
      expect(rows).toHaveLength(Object.keys(SEARCH_PRODUCTS).length);
    });

    it('bad input: 400 with a stable code', async () => {
      const cases: [Record<string, string>, number, string][] = [
        [{ type: 'products' }, 400, 'VALIDATION_FAILED'],
        [{ q: '', type: 'products' }, 400, 'VALIDATION_FAILED'],
        [{ q: 'x'.repeat(101), type: 'products' }, 400, 'VALIDATION_FAILED'],
        [{ q: '耳\u0000机', type: 'products' }, 400, 'VALIDATION_FAILED'],
        [{ q: '耳机' }, 400, 'VALIDATION_FAILED'],
        [{ q: '耳机', type: 'users' }, 400, 'VALIDATION_FAILED'],
        [{ q: '耳机', type: 'products', cursor: 'abc' }, 400, 'VALIDATION_FAILED'],
        [{ q: '耳机', type: 'products', cursor: '1000' }, 400, 'VALIDATION_FAILED'],
        [{ q: '耳机', type: 'products', cursor: '-1' }, 400, 'VALIDATION_FAILED'],
      ];
      for (const [query, status, code] of cases) {
        const res = await search(query);
        expect([res.status, res.body?.code], JSON.stringify(query)).toEqual([status, code]);
      }
      expect((await search({ q: 'x'.repeat(100), type: 'products' })).status).toBe(200);
    });
  });
}
