/**
 * Bad input for 问大家 (API.md "问大家"): each route refuses wrong types, missing and
 * unknown fields, texts outside their lengths, unknown ids, callers without a session
 * or the right (a stranger answering: 403 NOT_A_BUYER; the shop hiding: 403), and the
 * states the rules forbid (answered, hidden), each with a 4xx problem+json and a stable
 * `code`; no response may be 5xx. The route table must equal QUESTION_ROUTE_KEYS.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { QUESTION_ROUTE_KEYS, SQL_OR, VF, bodyCases, guarded, itRefusesParamRoutes, queryCases, type ParamCase, type ParamRoute } from './support/bad-input.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenUser } from './support/given.js';

interface Setup {
  admin: GivenUser;
  owner: GivenUser;
  buyer: GivenUser;
  stranger: GivenUser;
  productId: string;
  /** Answered by the buyer (so answering again is 409). */
  question: string;
  answer: string;
  /** Hidden by the platform already. */
  hiddenQuestion: string;
  hiddenAnswer: string;
}

interface RouteSpec extends ParamRoute<Setup> {
  who: 'buyer' | 'owner' | 'admin' | 'stranger' | 'none';
}

const vf = (label: string, fields: Omit<ParamCase, 'label' | 'status' | 'code'>): ParamCase => ({ label, ...fields, status: 400, code: VF });
const NF = (label: string, fields: Omit<ParamCase, 'label' | 'status' | 'code'> = {}): ParamCase => ({ label, ...fields, status: 404, code: 'NOT_FOUND' });
const coded = (label: string, status: number, code: string, fields: Omit<ParamCase, 'label' | 'status' | 'code'> = {}): ParamCase => ({ label, ...fields, status, code });
const noSession = (): ParamCase => ({ label: 'no session', token: null, status: 401, code: 'UNAUTHENTICATED' });
const idCases = (name = 'id'): ParamCase[] => [
  vf(`${name} of 65 characters`, { params: { [name]: 'i'.repeat(65) } }),
  NF(`an unknown ${name}`, { params: { [name]: 'no-such-thing' } }),
  NF(`${name} as SQL`, { params: { [name]: SQL_OR } }),
  vf(`${name} with a NUL`, { params: { [name]: 'a\u0000b' } }),
];
const badKeys = (): ParamCase[] => [['empty', ''], ['of 7 characters', 'abcdefg'], ['as SQL', SQL_OR]].map(([l, k]) => vf(`Idempotency-Key ${l}`, { headers: { 'idempotency-key': k! } }));
const PAGE = { limit: { kind: 'limit' as const, optional: true }, cursor: { kind: 'cursor' as const, optional: true } };
const ASK = { text: '这件会缩水吗？' };
const ANSWER = { text: '不会缩' };
const REASON = { reason: '广告' };

const ROUTES: RouteSpec[] = [
  {
    method: 'POST',
    path: '/products/{id}/questions',
    who: 'stranger',
    params: (s) => ({ id: s.productId }),
    body: () => ASK,
    cases: () => [
      ...idCases(),
      ...bodyCases(ASK, { text: { kind: 'line', max: 300 }, anonymous: { kind: 'boolean', optional: true } }, new Date()),
      vf('text of 4 characters', { body: { text: '缩水吗？' } }),
      coded('a prohibited word', 422, 'PROHIBITED_CONTENT', { body: { text: '全网第一的T恤吗' } }),
      ...badKeys(),
      vf('a query parameter', { query: 'anonymous=true' }),
      noSession(),
    ],
  },
  {
    method: 'GET',
    path: '/products/{id}/questions',
    who: 'none',
    params: (s) => ({ id: s.productId }),
    cases: () => [
      ...idCases(),
      ...queryCases({}, PAGE),
      vf('sort unknown', { query: 'sort=oldest' }),
      vf('sort in upper case', { query: 'sort=NEWEST' }),
      vf('a useful cursor it did not give', { query: 'sort=useful&cursor=nope' }),
    ],
  },
  {
    method: 'GET',
    path: '/questions/{id}',
    who: 'none',
    params: (s) => ({ id: s.question }),
    cases: (s) => [...idCases(), ...queryCases({}, PAGE), vf('a cursor it did not give', { query: 'cursor=nope' }), NF('a hidden question', { params: { id: s.hiddenQuestion } }), vf('an unknown query parameter', { query: 'sort=newest' })],
  },
  {
    method: 'POST',
    path: '/questions/{id}/answers',
    who: 'buyer',
    params: (s) => ({ id: s.question }),
    body: () => ANSWER,
    cases: (s) => [
      ...idCases(),
      ...bodyCases(ANSWER, { text: { kind: 'paragraphs', max: 500 } }, new Date()),
      vf('text of one character', { body: { text: '好' } }),
      vf('text of blanks', { body: { text: '    ' } }),
      coded('answered already', 409, 'ALREADY_ANSWERED'),
      coded('a stranger', 403, 'NOT_A_BUYER', { token: s.stranger.token }),
      coded('a prohibited word', 422, 'PROHIBITED_CONTENT', { token: s.owner.token, body: { text: '全网第一的面料' } }),
      NF('a hidden question', { params: { id: s.hiddenQuestion } }),
      ...badKeys(),
      noSession(),
    ],
  },
  ...(['POST', 'DELETE'] as const).map(
    (method): RouteSpec => ({
      method,
      path: '/answers/{id}/useful',
      who: 'stranger',
      params: (s) => ({ id: s.answer }),
      cases: (s) => [...idCases(), vf('a body', { body: { useful: true } }), vf('a query parameter', { query: 'force=1' }), NF('a hidden answer', { params: { id: s.hiddenAnswer } }), noSession()],
    }),
  ),
  ...(['questions', 'answers'] as const).map(
    (target): RouteSpec => ({
      method: 'POST',
      path: `/${target}/{id}/reports`,
      who: 'stranger',
      params: (s) => ({ id: target === 'questions' ? s.question : s.answer }),
      body: () => REASON,
      cases: (s) => [
        ...idCases(),
        ...bodyCases(REASON, { reason: { kind: 'line', max: 500 } }, new Date()),
        NF('a hidden one', { params: { id: target === 'questions' ? s.hiddenQuestion : s.hiddenAnswer } }),
        ...badKeys(),
        noSession(),
      ],
    }),
  ),
  ...(['questions', 'answers'] as const).map(
    (target): RouteSpec => ({
      method: 'POST',
      path: `/admin/${target}/{id}/hide`,
      who: 'admin',
      params: (s) => ({ id: target === 'questions' ? s.hiddenQuestion : s.hiddenAnswer }),
      body: () => REASON,
      cases: (s) => [
        ...idCases(),
        ...bodyCases(REASON, { reason: { kind: 'line', max: 500 } }, new Date()),
        coded('hidden already', 409, 'ALREADY_HIDDEN'),
        coded('as the shop', 403, 'FORBIDDEN', { token: s.owner.token, params: { id: target === 'questions' ? s.question : s.answer } }),
        ...badKeys(),
        noSession(),
      ],
    }),
  ),
  {
    method: 'GET',
    path: '/admin/question-reports',
    who: 'admin',
    params: () => ({}),
    cases: (s) => [...queryCases({}, PAGE), vf('an unknown query parameter', { query: 'status=open' }), coded('as a shop', 403, 'FORBIDDEN', { token: s.owner.token }), noSession()],
  },
];

for (const kind of DATABASE_KINDS) {
  describe(`bad input to 问大家 routes on ${kind}`, () => {
    let t: TestApp;
    let s: Setup;

    beforeAll(async () => {
      t = await startTestApp(kind);
      const http = guarded(t.http);
      t.http = http;
      const key = () => ({ headers: { 'idempotency-key': randomUUID() } });
      const admin = await given.admin(t);
      const shop = await given.operator(t, admin);
      const product = await given.product(t, shop, { skus: [{ name: 'A', price: 1_000, stock: 50 }] });
      const skuIds = (product.skus as { id: string }[]).map((x) => x.id);
      const { buyer } = await given.receivedOrder(t, shop, skuIds);
      const stranger = await given.user(t, { viaSms: false });
      const ask = async (text: string) => (await http.post(`/products/${product.id}/questions`, { text }, { token: stranger.token, ...key() })).body.question.id as string;
      const question = await ask('这件会缩水吗？');
      const answer = (await http.post(`/questions/${question}/answers`, ANSWER, { token: buyer.token, ...key() })).body.answer.id as string;
      const hiddenQuestion = await ask('要被隐藏的提问');
      const other = await ask('另一个问题：起球吗');
      const hiddenAnswer = (await http.post(`/questions/${other}/answers`, { text: '要被隐藏的回答' }, { token: buyer.token, ...key() })).body.answer.id as string;
      expect((await http.post(`/admin/questions/${hiddenQuestion}/hide`, REASON, { token: admin.token, ...key() })).status).toBe(204);
      expect((await http.post(`/admin/answers/${hiddenAnswer}/hide`, REASON, { token: admin.token, ...key() })).status).toBe(204);
      s = { admin, owner: shop.owner, buyer, stranger, productId: product.id, question, answer, hiddenQuestion, hiddenAnswer };
    });
    afterAll(async () => {
      await t?.close();
    });

    itRefusesParamRoutes({ listName: 'QUESTION_ROUTE_KEYS', keys: QUESTION_ROUTE_KEYS, routes: ROUTES, app: () => t, setup: () => s, tokenOf: (route) => (route.who === 'none' ? undefined : s[route.who].token) });
  });
}
