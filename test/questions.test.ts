/**
 * 问大家 (issue 18 item 7, API.md "问大家"; R11) through the HTTP API on both databases:
 * anyone signed in asks (length, prohibited words, 10 in 24 hours); up to 5 recent
 * consenting receivers are invited (never the asker, never an erased account); buyers
 * who received the product (with the SKU) or its shop answer, once each, anyone else
 * 403 NOT_A_BUYER; useful votes order "most useful first"; reports and the platform's
 * audited hide; the shop finds no route to edit or delete; export and erasure.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DAY } from '../src/lib/clock.js';
import { startTestApp, type TestApp } from './support/app.js';
import { PREFIX } from './support/bad-input.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenOperator, type GivenUser } from './support/given.js';

const key = () => ({ 'idempotency-key': randomUUID() });

for (const kind of DATABASE_KINDS) {
  describe(`问大家 on ${kind}`, () => {
    let t: TestApp;
    let admin: GivenUser;
    beforeAll(async () => {
      t = await startTestApp(kind);
    });
    beforeEach(async () => {
      admin = await given.admin(t);
    });
    afterAll(async () => {
      await t?.close();
    });
    const db = () => t.ctx.database.db;
    const login = async (user: GivenUser) => {
      const res = await t.http.post('/auth/login', { phone: user.phone, password: user.password });
      expect(res.status, res.text).toBe(200);
      user.token = res.body.token as string;
      return user;
    };
    const ask = (user: GivenUser, productId: string, body: Record<string, unknown>) => t.http.post(`/products/${productId}/questions`, body, { token: user.token, headers: key() });
    const answer = (user: GivenUser, questionId: string, text: string) => t.http.post(`/questions/${questionId}/answers`, { text }, { token: user.token, headers: key() });
    const consent = async (user: GivenUser, granted = true) => expect((await t.http.put('/me/consents/qa_invitations', { granted }, { token: user.token })).status).toBe(200);
    const invitations = async (user: GivenUser) =>
      ((await t.http.get('/me/notifications?limit=100', { token: user.token })).body.items as { kind: string; link: string }[]).filter((n) => n.kind === 'question.invitation');

    async function shopWithProduct(skus = [{ name: '黑色 M', price: 9900, stock: 500 }]) {
      const shop = await given.operator(t, admin);
      const product = await given.product(t, shop, { title: '纯棉短袖 T 恤', skus });
      return { shop, product, skuIds: (product.skus as { id: string }[]).map((s) => s.id) };
    }
    async function asked(user: GivenUser, productId: string, text = '这件衣服洗了会缩水吗？') {
      const res = await ask(user, productId, { text });
      expect(res.status, res.text).toBe(201);
      return res.body.question as { id: string };
    }
    async function receivers(shop: GivenOperator, skuIds: string[], n: number) {
      const out: GivenUser[] = [];
      for (let i = 0; i < n; i++) {
        out.push((await given.receivedOrder(t, shop, skuIds)).buyer);
        t.clock.advance(60_000);
      }
      return out;
    }

    it('anyone signed in asks; 5–300 characters; a prohibited word 422; signed out 401; the 11th in 24 hours 429', async () => {
      const { product } = await shopWithProduct();
      const shopper = await given.user(t, { viaSms: false, displayName: '提问的小王' });
      expect((await t.http.post(`/products/${product.id}/questions`, { text: '会缩水吗？？' })).status).toBe(401);
      expect((await ask(shopper, product.id, { text: '短' })).status).toBe(400);
      expect((await ask(shopper, product.id, { text: 'x'.repeat(301) })).status).toBe(400);
      const banned = await ask(shopper, product.id, { text: '是不是全网第一的好衣服' });
      expect([banned.status, banned.body.code]).toEqual([422, 'PROHIBITED_CONTENT']);
      const first = await asked(shopper, product.id);
      expect(first).toMatchObject({ productId: product.id, text: '这件衣服洗了会缩水吗？', asker: '提问的小王', answerCount: 0, answers: [], mine: true });
      const hidden = await asked(shopper, product.id, '可以匿名问一下尺码吗');
      const anon = await ask(shopper, product.id, { text: '匿名问：偏大还是偏小？', anonymous: true });
      expect(anon.body.question.asker).toBe('匿名用户');
      expect(hidden.id).toBeTruthy();
      for (let i = 3; i < 10; i++) await asked(shopper, product.id, `第 ${i} 个问题：面料厚吗`);
      const limited = await ask(shopper, product.id, { text: '第 11 个问题：会起球吗' });
      expect([limited.status, limited.body.code]).toEqual([429, 'QUESTION_LIMIT_REACHED']);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      t.clock.advance(DAY);
      await asked(shopper, product.id, '过了一天：会起球吗');
      const list = await t.http.get(`/products/${product.id}/questions?limit=5`);
      expect(list.body.total).toBe(11);
      expect(list.body.items).toHaveLength(5);
      expect(list.text).not.toContain(shopper.id);
      expect((await t.http.get(`/products/no-such-product/questions`)).status).toBe(404);
    });

    it('a new question invites at most 5 recent consenting receivers, latest first, never the asker nor the refusing; once', async () => {
      const { shop, product, skuIds } = await shopWithProduct();
      const buyers = await receivers(shop, skuIds, 9);
      // buyers[8] received last. Consent: all but buyers[6] (refused) and buyers[1] (never asked).
      for (const [i, b] of buyers.entries()) if (i !== 1 && i !== 6) await consent(b);
      await consent(buyers[6]!, false);
      const asker = buyers[8]!; // a buyer asking is not invited to answer their own question
      const q = await asked(asker, product.id);
      expect(await t.ctx.questions.inviteDue()).toBe(5);
      expect(await t.ctx.questions.inviteDue()).toBe(0);
      const invited = [];
      for (const [i, b] of buyers.entries()) if ((await invitations(b)).length > 0) invited.push(i);
      // Six consent; the five latest receivers are invited, buyers[0] (the earliest) is not.
      expect(invited).toEqual([2, 3, 4, 5, 7]);
      const [notice] = await invitations(buyers[5]!);
      expect(notice!.link).toBe(`/products/${product.id}/questions?q=${q.id}`);
    });

    it('buyers (with the SKU) and the shop answer once; a stranger 403 NOT_A_BUYER; canAnswer says so', async () => {
      const { shop, product, skuIds } = await shopWithProduct([
        { name: '白色 L', price: 9900, stock: 50 },
        { name: '黑色 M', price: 9900, stock: 50 },
      ]);
      const { buyer } = await given.receivedOrder(t, shop, [skuIds[1]!]);
      const stranger = await given.user(t, { viaSms: false });
      const q = await asked(stranger, product.id);
      expect((await t.http.get(`/questions/${q.id}`, { token: stranger.token })).body.canAnswer).toBe(false);
      expect((await t.http.get(`/questions/${q.id}`, { token: buyer.token })).body.canAnswer).toBe(true);
      const refused = await answer(stranger, q.id, '我觉得不会');
      expect([refused.status, refused.body.code]).toEqual([403, 'NOT_A_BUYER']);
      const mine = await answer(buyer, q.id, '洗了两次，没有缩');
      expect(mine.status, mine.text).toBe(201);
      expect(mine.body.answer).toMatchObject({ verifiedPurchase: true, byShop: false, sku: '黑色 M', text: '洗了两次，没有缩' });
      const again = await answer(buyer, q.id, '再补充一句');
      expect([again.status, again.body.code]).toEqual([409, 'ALREADY_ANSWERED']);
      const byShop = await answer(shop.owner, q.id, '纯棉预缩处理，不会缩水');
      expect(byShop.body.answer).toMatchObject({ byShop: true, verifiedPurchase: false, sku: null, author: { name: expect.any(String) } });
      const read = await t.http.get(`/questions/${q.id}`, { token: buyer.token });
      expect(read.body).toMatchObject({ answerCount: 2, canAnswer: false, answeredByMe: true });
      expect(read.body.answerPage.items).toHaveLength(2);
      expect((await answer(buyer, 'no-such-question', '有用的回答')).status).toBe(404);
    });

    it('useful votes (idempotent) order answers and "most useful first" questions', async () => {
      const { shop, product, skuIds } = await shopWithProduct();
      const [a, b, c] = await receivers(shop, skuIds, 3);
      const shopper = await given.user(t, { viaSms: false });
      const q1 = await asked(shopper, product.id, '第一个问题：透气吗');
      const q2 = await asked(shopper, product.id, '第二个问题：掉色吗');
      const a1 = (await answer(a!, q1.id, '挺透气的')).body.answer.id as string;
      const a2 = (await answer(b!, q1.id, '一般般吧')).body.answer.id as string;
      const a3 = (await answer(c!, q2.id, '不掉色')).body.answer.id as string;
      for (const voter of [shopper, a!]) expect((await t.http.post(`/answers/${a2}/useful`, undefined, { token: voter.token })).status).toBe(200);
      expect((await t.http.post(`/answers/${a2}/useful`, undefined, { token: shopper.token })).body).toEqual({ usefulCount: 2, usefulByMe: true });
      await t.http.post(`/answers/${a1}/useful`, undefined, { token: shopper.token });
      await t.http.post(`/answers/${a3}/useful`, undefined, { token: shopper.token });
      expect((await t.http.delete(`/answers/${a3}/useful`, undefined, { token: shopper.token })).body).toEqual({ usefulCount: 0, usefulByMe: false });
      expect((await t.http.delete(`/answers/${a3}/useful`, undefined, { token: shopper.token })).body).toEqual({ usefulCount: 0, usefulByMe: false });
      const useful = (await t.http.get(`/products/${product.id}/questions?sort=useful`, { token: shopper.token })).body;
      expect(useful.items.map((q: { id: string }) => q.id)).toEqual([q1.id, q2.id]);
      expect(useful.items[0].answers.map((x: { id: string; usefulByMe: boolean }) => [x.id, x.usefulByMe])).toEqual([
        [a2, true],
        [a1, true],
      ]);
      const newest = (await t.http.get(`/products/${product.id}/questions?sort=newest&limit=1`)).body;
      expect(newest.items.map((q: { id: string }) => q.id)).toEqual([q2.id]);
      const next = (await t.http.get(`/products/${product.id}/questions?sort=useful&limit=1&cursor=${encodeURIComponent(useful.items[0].id === q1.id ? `3.${q1.id}` : '')}`)).body;
      expect(next.items.map((q: { id: string }) => q.id)).toEqual([q2.id]);
    });

    it('reports reach the admin queue; only the platform hides (audited); the shop finds no DELETE or PATCH (R11)', async () => {
      const { shop, product, skuIds } = await shopWithProduct();
      const { buyer } = await given.receivedOrder(t, shop, skuIds);
      const shopper = await given.user(t, { viaSms: false });
      const q = await asked(shopper, product.id, '这家是不是假货？');
      const ans = (await answer(buyer, q.id, '质量很差，别买')).body.answer.id as string;
      const r1 = await t.http.post(`/answers/${ans}/reports`, { reason: '广告' }, { token: shop.owner.token, headers: key() });
      expect(r1.status, r1.text).toBe(201);
      const r2 = await t.http.post(`/answers/${ans}/reports`, { reason: '再报一次' }, { token: shop.owner.token, headers: key() });
      expect(r2.body.report.id).toBe(r1.body.report.id);
      expect((await t.http.post(`/questions/${q.id}/reports`, { reason: '引战' }, { token: shop.owner.token, headers: key() })).status).toBe(201);
      const queue = await t.http.get('/admin/question-reports?limit=100', { token: admin.token });
      expect(queue.body.items.filter((r: { questionId: string }) => r.questionId === q.id).map((r: { targetType: string; text: string }) => [r.targetType, r.text])).toEqual([
        ['answer', '质量很差，别买'],
        ['question', '这家是不是假货？'],
      ]);

      // R11: no route lets anyone (the shop included) edit or delete a question or an answer.
      const doc = (await t.http.get('/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
      const writes = Object.entries(doc.paths)
        .filter(([path]) => /\/(questions|answers)\b/.test(path.replace(PREFIX, '')))
        .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(PREFIX, '')}`))
        .filter((op) => /^(DELETE|PATCH|PUT)/.test(op));
      expect(writes).toEqual(['DELETE /answers/{id}/useful']);
      for (const [method, path] of [
        ['DELETE', `/questions/${q.id}`],
        ['PATCH', `/questions/${q.id}`],
        ['DELETE', `/answers/${ans}`],
        ['PATCH', `/answers/${ans}`],
      ] as const) {
        const res = await t.http.request(method, path, method === 'PATCH' ? { text: '改掉' } : undefined, { token: shop.owner.token });
        expect(res.status, `${method} ${path}`).toBe(404);
      }
      expect((await t.http.post(`/admin/answers/${ans}/hide`, { reason: '无依据' }, { token: shop.owner.token, headers: key() })).status).toBe(403);

      const hid = await t.http.post(`/admin/answers/${ans}/hide`, { reason: '无依据的指控' }, { token: admin.token, headers: key() });
      expect(hid.status, hid.text).toBe(204);
      const again = await t.http.post(`/admin/answers/${ans}/hide`, { reason: '无依据的指控' }, { token: admin.token, headers: key() });
      expect(again.body.code).toBe('ALREADY_HIDDEN');
      expect((await t.http.get(`/questions/${q.id}`)).body).toMatchObject({ answerCount: 0, answers: [] });
      expect((await t.http.post(`/admin/questions/${q.id}/hide`, { reason: '引战' }, { token: admin.token, headers: key() })).status).toBe(204);
      expect((await t.http.get(`/questions/${q.id}`)).status).toBe(404);
      expect((await t.http.get(`/products/${product.id}/questions`)).body).toMatchObject({ total: 0, items: [] });
      const audit = await db().selectFrom('audit_log').select(['action', 'target_id']).where('actor_id', '=', admin.id).where('action', 'like', 'question%').orderBy('id').execute();
      expect(audit).toEqual([
        { action: 'question_answer.hide', target_id: ans },
        { action: 'question.hide', target_id: q.id },
      ]);
      const left = await t.http.get('/admin/question-reports?limit=100', { token: admin.token });
      expect(left.body.items.filter((r: { questionId: string }) => r.questionId === q.id)).toEqual([]);
    });

    /** A buyer who asked, answered, voted and was invited, on a completed order (so the account may be erased). */
    async function erasable(displayName: string) {
      const { shop, product, skuIds } = await shopWithProduct();
      const buyer = await given.user(t, { pin: '258036', viaSms: false, displayName });
      await given.funds(t, buyer, 9900);
      await given.receivedOrder(t, shop, skuIds, buyer);
      await consent(buyer);
      const other = (await given.receivedOrder(t, shop, skuIds)).buyer;
      const theirs = await asked(other, product.id, '别人的问题：起球吗');
      await t.ctx.questions.inviteDue();
      const own = await asked(buyer, product.id, '独一无二的提问内容');
      const mine = (await answer(buyer, theirs.id, '独一无二的回答内容')).body.answer.id as string;
      const otherAnswer = (await answer(other, own.id, '别人的回答')).body.answer.id as string;
      await t.http.post(`/answers/${otherAnswer}/useful`, undefined, { token: buyer.token });
      t.clock.advance(8 * DAY);
      await t.ctx.orderTimers.sweep();
      await login(buyer);
      return { buyer, product, own, theirs, mine, otherAnswer };
    }

    it('the export holds questions, answers, useful votes and invitations', async () => {
      const { buyer, own, theirs, mine, otherAnswer } = await erasable('导出的买家');
      const exported = (await t.http.get('/me/export', { token: buyer.token })).body.questions;
      expect(exported.questions).toEqual([expect.objectContaining({ id: own.id, text: '独一无二的提问内容' })]);
      expect(exported.answers).toEqual([expect.objectContaining({ id: mine, questionId: theirs.id, verifiedPurchase: true, skuName: '黑色 M' })]);
      expect(exported.useful).toEqual([expect.objectContaining({ answerId: otherAnswer })]);
      expect(exported.invitations).toEqual([expect.objectContaining({ questionId: theirs.id })]);
    });

    it('erasure "anonymise": questions and answers stay under the pseudonym; "delete": emptied, out of lists and counts', async () => {
      const kept = await erasable('改名前的买家甲');
      const anonymised = await t.http.delete('/me', { password: kept.buyer.password, content: 'anonymise' }, { token: kept.buyer.token });
      expect(anonymised.status, anonymised.text).toBe(200);
      const list = await t.http.get(`/products/${kept.product.id}/questions`);
      expect(list.text).not.toContain('改名前的买家甲');
      expect(list.body.items.find((q: { id: string }) => q.id === kept.own.id).asker).toBe(anonymised.body.pseudonym);
      expect((await t.http.get(`/questions/${kept.theirs.id}`)).body.answerPage.items[0].author.name).toBe(anonymised.body.pseudonym);

      admin = await given.admin(t); // the first one's session lapsed with the 8 days
      const gone = await erasable('删除内容的买家乙');
      const deleted = await t.http.delete('/me', { password: gone.buyer.password, content: 'delete' }, { token: gone.buyer.token });
      expect(deleted.status, deleted.text).toBe(200);
      const after = await t.http.get(`/products/${gone.product.id}/questions`);
      expect(after.body.total).toBe(1);
      expect(after.body.items.map((q: { id: string; answerCount: number }) => [q.id, q.answerCount])).toEqual([[gone.theirs.id, 0]]);
      expect((await t.http.get(`/questions/${gone.own.id}`)).status).toBe(404);
      const row = await db().selectFrom('question_answers').select(['text', 'deleted_at']).where('id', '=', gone.mine).executeTakeFirstOrThrow();
      expect([row.text, row.deleted_at !== null]).toEqual(['', true]);
      expect(await db().selectFrom('question_answer_useful').select('answer_id').where('user_id', '=', gone.buyer.id).execute()).toEqual([]);
      expect(await db().selectFrom('question_invitations').select('question_id').where('user_id', '=', gone.buyer.id).execute()).toEqual([]);
      // An erased account has no consents: a new question never invites it.
      await asked(await given.user(t, { viaSms: false }), gone.product.id, '注销之后还会邀请吗');
      await t.ctx.questions.inviteDue();
      expect(await db().selectFrom('question_invitations').select('question_id').where('user_id', '=', gone.buyer.id).execute()).toEqual([]);
    });
  });
}
