/**
 * Bad input for the social routes (API.md "Social") and consents (API.md "Privacy"):
 * each route answers its valid request, then refuses wrong types, missing and unknown
 * fields at every level (`images[0].tags[0].extra`), tags outside 0..1, unknown
 * products and SKUs, images that are not the caller's uploads, 0 or 10 images, a
 * 1,001-character body, prohibited words, replies to replies, callers without a
 * session or the right, and notes of someone else — each with a 4xx problem+json and
 * a stable `code`. A refused batch changes no table. No response may be 5xx.
 *
 * The route table below must equal SOCIAL_ROUTE_KEYS (test/support/bad-input.ts).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import {
  HTML,
  LONG,
  SOCIAL_ROUTE_KEYS,
  SQL_OR,
  bodyCases,
  guarded,
  itRefusesParamRoutes,
  okBody,
  routeKey,
  uploadImage,
  VF,
  type FieldSpec,
  type ParamCase,
  type ParamRoute,
} from './support/bad-input.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenOperator, type GivenUser } from './support/given.js';
import type { Client } from './support/http.js';

type SocialCase = ParamCase;

interface Setup {
  shop: GivenOperator;
  owner: GivenUser;
  author: GivenUser;
  other: GivenUser;
  admin: GivenUser;
  url: string;
  otherUrl: string;
  mask: { id: string; sku: string };
  lamp: { id: string; sku: string };
  /** The author's note tagging the mask, sponsored by the shop (pending). */
  note: string;
  tag: string;
  /** Another note of the author's, unsponsored, with its own tag. */
  second: string;
  secondTag: string;
  deleted: string;
  comment: string;
  reply: string;
  /** The Idempotency-Key the first note was posted with. */
  noteKey: string;
}

type Who = 'author' | 'other' | 'owner' | 'admin' | 'none';

type RouteSpec = ParamRoute<Setup> & { who: Who };

const vf = (label: string, fields: Omit<SocialCase, 'label' | 'status' | 'code'>): SocialCase => ({ label, ...fields, status: 400, code: VF });
const NF = (label: string, fields: Omit<SocialCase, 'label' | 'status' | 'code'>): SocialCase => ({ label, ...fields, status: 404, code: 'NOT_FOUND' });
const noSession = (): SocialCase => ({ label: 'no session', token: null, status: 401, code: 'UNAUTHENTICATED' });
const forbidden = (label: string, token: string): SocialCase => ({ label, token, status: 403, code: 'FORBIDDEN' });
/** Cases every `{id}` route shares. */
const idCases = (): SocialCase[] => [vf('id of 65 characters', { id: 'i'.repeat(65) }), NF('an unknown id', { id: 'no-such-note' }), NF('id as SQL', { id: SQL_OR }), vf('id with a NUL', { id: 'a\u0000b' })];
const noInput = (): SocialCase[] => [vf('a body', { body: { likes: 100 } }), vf('a query parameter', { query: 'foo=1' })];
const pageCases = (): SocialCase[] => [
  vf('limit 0', { query: 'limit=0' }),
  vf('limit 101', { query: 'limit=101' }),
  vf('limit a word', { query: 'limit=ten' }),
  vf('a cursor of 101 characters', { query: `cursor=${'c'.repeat(101)}` }),
  vf('an unknown query parameter', { query: 'sort=hot' }),
];
const badKeys = (): SocialCase[] =>
  [['empty', ''], ['of 7 characters', 'abcdefg'], ['of 65 characters', 'k'.repeat(65)], ['with a space', 'abc defgh'], ['as SQL', SQL_OR]].map(([l, key]) => vf(`Idempotency-Key ${l}`, { headers: { 'idempotency-key': key! } }));
const prohibited = (label: string, body: unknown): SocialCase => ({ label, body, status: 422, code: 'PROHIBITED_CONTENT' });

const TAG: Record<string, FieldSpec> = {
  productId: { kind: 'text', max: 64 },
  skuId: { kind: 'text', max: 64, optional: true },
  x: { kind: 'fraction' },
  y: { kind: 'fraction' },
};
const NOTE_FIELDS: Record<string, FieldSpec> = {
  title: { kind: 'line', min: 1, max: 40 },
  body: { kind: 'paragraphs', max: 1000 },
  images: { kind: 'objects', min: 1, max: 9, fields: { url: { kind: 'text', max: 200 }, tags: { kind: 'objects', min: 0, max: 10, fields: TAG } } },
  sponsoredBy: { kind: 'text', max: 64, optional: true },
};

const noteBody = (s: Setup, image: Record<string, unknown> = {}, fields: Record<string, unknown> = {}) => ({
  title: '通勤包分享',
  body: '容量很大 #通勤',
  images: [{ url: s.url, tags: [{ productId: s.mask.id, skuId: s.mask.sku, x: 0.5, y: 0.5 }], ...image }],
  ...fields,
});
const tagged = (s: Setup, tag: Record<string, unknown>) => noteBody(s, { tags: [{ productId: s.mask.id, x: 0.5, y: 0.5, ...tag }] });

/** What POST /notes and PATCH /notes/{id} both refuse in the images and the text. */
function contentCases(s: Setup, body: (fields: Record<string, unknown>) => unknown): SocialCase[] {
  const images = (value: unknown) => body({ images: value });
  const image = (tags: unknown[], url = s.url) => [{ url, tags }];
  return [
    vf('an unknown product', { body: images(image([{ productId: 'no-such-product', x: 0.5, y: 0.5 }])) }),
    vf('a SKU of another product', { body: images(image([{ productId: s.mask.id, skuId: s.lamp.sku, x: 0.5, y: 0.5 }])) }),
    vf('an unknown SKU', { body: images(image([{ productId: s.mask.id, skuId: 'no-such-sku', x: 0.5, y: 0.5 }])) }),
    vf('x of 1.5', { body: images(image([{ productId: s.mask.id, x: 1.5, y: 0.5 }])) }),
    vf('y of -0.1', { body: images(image([{ productId: s.mask.id, x: 0.5, y: -0.1 }])) }),
    vf('x as a string', { body: images(image([{ productId: s.mask.id, x: '0.5', y: 0.5 }])) }),
    vf('no images', { body: images([]) }),
    vf('10 images', { body: images(Array.from({ length: 10 }, () => ({ url: s.url, tags: [] }))) }),
    vf('11 tags on an image', { body: images(image(Array.from({ length: 11 }, () => ({ productId: s.mask.id, x: 0.5, y: 0.5 })))) }),
    vf('the same image twice', { body: images([{ url: s.url, tags: [] }, { url: s.url, tags: [] }]) }),
    vf("another user's upload", { body: images(image([], s.otherUrl)) }),
    vf('an image URL outside /uploads', { body: images(image([], 'https://evil.example/x.png')) }),
    vf('a tag with an extra field', { body: images(image([{ productId: s.mask.id, x: 0.5, y: 0.5, verifiedPurchase: true }])) }),
    vf('a body of 1,001 characters', { body: body({ body: '字'.repeat(1001) }) }),
    vf('a title of 41 characters', { body: body({ title: '题'.repeat(41) }) }),
    prohibited('a prohibited word in the body', body({ body: '这是全网第一的包' })),
    prohibited('a prohibited word in the title, spaced out', body({ title: '全 网 第 一' })),
  ];
}

const ROUTES: RouteSpec[] = [
  {
    method: 'POST',
    path: '/notes',
    who: 'author',
    body: (s) => noteBody(s),
    okStatus: 201,
    cases: (s) => [
      ...bodyCases(noteBody(s), NOTE_FIELDS, new Date()).map((c) => ({ ...c, label: `body: ${c.label}` })),
      ...contentCases(s, (fields) => ({ ...noteBody(s), ...fields })),
      vf('isAd set by the author', { body: noteBody(s, {}, { isAd: false }) }),
      vf('an unknown sponsor', { body: noteBody(s, {}, { sponsoredBy: 'no-such-operator' }) }),
      vf('a tag on a product that does not exist, with a valid SKU', { body: tagged(s, { productId: 'nope', skuId: s.mask.sku }) }),
      ...badKeys(),
      { label: 'a used Idempotency-Key with another body', body: noteBody(s, {}, { title: '另一篇' }), headers: { 'idempotency-key': s.noteKey }, status: 422, code: 'IDEMPOTENCY_KEY_REUSED' },
      noSession(),
    ],
  },
  {
    method: 'GET',
    path: '/notes/{id}',
    who: 'none',
    params: (s) => ({ id: s.note }),
    cases: (s) => [...idCases(), vf('a query parameter', { query: 'foo=1' }), NF('a deleted note', { id: s.deleted }), NF('a tag id', { id: s.tag }), NF('the id in upper case', { id: s.note.toUpperCase() })],
  },
  {
    method: 'PATCH',
    path: '/notes/{id}',
    who: 'author',
    params: (s) => ({ id: s.note }),
    body: () => ({ title: '改个标题' }),
    cases: (s) => [
      ...idCases(),
      ...contentCases(s, (fields) => fields),
      vf('an empty body', { body: {} }),
      vf('no body', { body: undefined }),
      vf('sponsoredBy (R8: not editable)', { body: { sponsoredBy: null } }),
      vf('another sponsor', { body: { sponsoredBy: s.shop.id } }),
      vf('isAd false', { body: { isAd: false } }),
      vf('likes', { body: { likes: 1000 } }),
      NF('as another user', { token: s.other.token }),
      NF("as the tagged product's operator (R11)", { token: s.owner.token }),
      NF('as an admin', { token: s.admin.token }),
      NF('a deleted note', { id: s.deleted }),
      noSession(),
    ],
  },
  {
    method: 'DELETE',
    path: '/notes/{id}',
    who: 'author',
    params: (s) => ({ id: s.note }),
    // The valid run deletes the second note: the routes after it still need the first.
    okParams: (s) => ({ id: s.second }),
    okStatus: 204,
    cases: (s) => [
      ...idCases(),
      ...noInput(),
      NF('as another user', { token: s.other.token }),
      NF("as the tagged product's operator (R11)", { token: s.owner.token }),
      NF('as an admin', { token: s.admin.token }),
      NF('a deleted note', { id: s.deleted }),
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/notes/{id}/tags/{tagId}/open',
    who: 'none',
    params: (s) => ({ id: s.note, tagId: s.tag }),
    cases: (s) => [
      ...idCases().map((c) => ({ ...c, params: { tagId: s.tag } })),
      vf('tagId of 65 characters', { params: { tagId: 't'.repeat(65) } }),
      NF('an unknown tag', { params: { tagId: 'no-such-tag' } }),
      NF("another note's tag", { params: { tagId: s.secondTag } }),
      NF('a deleted note', { id: s.deleted, params: { tagId: s.tag } }),
      vf('a body', { body: { ref: 'someone' } }),
      vf('a referrer in the query (R12)', { query: 'ref=someone' }),
    ],
  },
  ...(['like', 'collect'] as const).flatMap((what) =>
    (['POST', 'DELETE'] as const).map(
      (method): RouteSpec => ({
        method,
        path: `/notes/{id}/${what}`,
        who: 'other',
        params: (s) => ({ id: s.note }),
        cases: (s) => [...idCases(), ...noInput(), NF('a deleted note', { id: s.deleted }), noSession()],
      }),
    ),
  ),
  {
    method: 'POST',
    path: '/notes/{id}/comments',
    who: 'other',
    params: (s) => ({ id: s.note }),
    body: () => ({ body: '好看！' }),
    okStatus: 201,
    cases: (s) => [
      ...idCases(),
      ...bodyCases({ body: '好看！' }, { body: { kind: 'paragraphs', max: 500 }, parentId: { kind: 'text', max: 64, optional: true } }, new Date()),
      vf('a reply to a reply', { body: { body: '楼中楼', parentId: s.reply } }),
      vf('an unknown parent', { body: { body: '回复', parentId: 'no-such-comment' } }),
      vf("a parent on another note", { id: s.second, body: { body: '回复', parentId: s.comment } }),
      prohibited('a prohibited word', { body: '加微信私下交易' }),
      ...badKeys(),
      NF('a deleted note', { id: s.deleted }),
      vf('a query parameter', { query: 'foo=1' }),
      noSession(),
    ],
  },
  {
    method: 'GET',
    path: '/notes/{id}/comments',
    who: 'none',
    params: (s) => ({ id: s.note }),
    cases: (s) => [...idCases(), ...pageCases(), NF('a deleted note', { id: s.deleted })],
  },
  ...(['POST', 'DELETE'] as const).map(
    (method): RouteSpec => ({
      method,
      path: '/users/{id}/follow',
      who: 'other',
      params: (s) => ({ id: s.author.id }),
      cases: (s) => [
        ...idCases(),
        ...noInput(),
        { label: 'oneself', token: s.author.token, status: 409, code: 'SELF_FOLLOW' },
        NF('a note id', { id: s.note }),
        noSession(),
      ],
    }),
  ),
  ...(['', '/notes', '/collects', '/followers'] as const).map(
    (tail): RouteSpec => ({
      method: 'GET',
      path: `/users/{id}${tail}`,
      who: 'none',
      params: (s) => ({ id: s.author.id }),
      cases: (s) => [...idCases(), ...(tail === '' ? [vf('a query parameter', { query: 'foo=1' }), vf('a limit', { query: 'limit=5' })] : pageCases()), NF('an operator id', { id: s.shop.id })],
    }),
  ),
  {
    method: 'GET',
    path: '/feed',
    who: 'none',
    query: 'tab=discover',
    cases: () => [
      vf('an unknown tab', { query: 'tab=hot' }),
      vf('the tab in upper case', { query: 'tab=FOLLOWING' }),
      vf('the tab in Chinese', { query: 'tab=发现' }),
      vf('the tab given twice', { query: 'tab=discover&tab=following' }),
      vf('personalised "maybe"', { query: 'personalised=maybe' }),
      vf('a made-up cursor', { query: 'cursor=not-a-cursor' }),
      vf('a cursor naming no snapshot', { query: `cursor=${'0'.repeat(8)}-0000-7000-8000-${'0'.repeat(12)}.20` }),
      ...pageCases(),
      { label: 'following, signed out', query: 'tab=following', status: 401, code: 'UNAUTHENTICATED' },
      { label: 'following with a bad session', query: 'tab=following', headers: { authorization: 'Bearer nonsense' }, status: 401, code: 'UNAUTHENTICATED' },
    ],
  },
  {
    method: 'GET',
    path: '/operators/{id}/sponsorships',
    who: 'owner',
    params: (s) => ({ id: s.shop.id }),
    cases: (s) => [
      vf('id of 65 characters', { id: 'i'.repeat(65) }),
      NF('an unknown operator', { id: 'no-such-operator' }),
      ...pageCases(),
      NF('as the author of the note', { token: s.author.token }),
      NF('as an admin', { token: s.admin.token }),
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/operators/{id}/sponsorships/{noteId}/confirm',
    who: 'owner',
    params: (s) => ({ id: s.shop.id, noteId: s.note }),
    cases: (s) => [
      vf('id of 65 characters', { id: 'i'.repeat(65) }),
      vf('noteId of 65 characters', { params: { noteId: 'n'.repeat(65) } }),
      NF('an unknown operator', { id: 'no-such-operator' }),
      NF('an unknown note', { params: { noteId: 'no-such-note' } }),
      NF('a note this shop does not sponsor', { params: { noteId: s.second } }),
      NF('a deleted note', { params: { noteId: s.deleted } }),
      NF('as the author (R8: only the operator confirms)', { token: s.author.token }),
      NF('as another user', { token: s.other.token }),
      NF('as an admin', { token: s.admin.token }),
      ...noInput(),
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/notes/{id}/reports',
    who: 'other',
    params: (s) => ({ id: s.note }),
    body: () => ({ reason: '虚假宣传' }),
    okStatus: 201,
    cases: (s) => [
      ...idCases(),
      ...bodyCases({ reason: '虚假宣传' }, { reason: { kind: 'line', min: 2, max: 200 } }, new Date()),
      NF('a deleted note', { id: s.deleted }),
      vf('a query parameter', { query: 'foo=1' }),
      noSession(),
    ],
  },
  {
    method: 'GET',
    path: '/admin/reports',
    who: 'admin',
    cases: (s) => [
      vf('an unknown status', { query: 'status=closed' }),
      vf('the status in upper case', { query: 'status=OPEN' }),
      ...pageCases(),
      forbidden('as a user', s.other.token),
      forbidden('as an operator', s.owner.token),
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/admin/notes/{id}/hide',
    who: 'admin',
    params: (s) => ({ id: s.note }),
    body: () => ({ reason: '违规内容' }),
    cases: (s) => [
      ...idCases(),
      ...bodyCases({ reason: '违规内容' }, { reason: { kind: 'line', min: 2, max: 200 } }, new Date()),
      { label: 'a note nobody reported (R11)', status: 409, code: 'NOTE_NOT_REPORTED' },
      NF('a deleted note', { id: s.deleted }),
      forbidden("as the tagged product's operator (R11)", s.owner.token),
      forbidden('as the author', s.author.token),
      noSession(),
    ],
  },
  {
    method: 'GET',
    path: '/me/consents',
    who: 'other',
    cases: () => [
      vf('a query parameter', { query: 'foo=1' }),
      vf('a limit', { query: 'limit=5' }),
      vf('a purpose', { query: 'purpose=marketing' }),
      vf('an SQL parameter name', { query: `${encodeURIComponent(SQL_OR)}=1` }),
      vf('a 10,000-character parameter', { query: `x=${LONG}` }),
      noSession(),
      { label: 'a bad session', token: 'nonsense', status: 401, code: 'UNAUTHENTICATED' },
    ],
  },
  {
    method: 'PUT',
    path: '/me/consents/{purpose}',
    who: 'other',
    params: () => ({ purpose: 'personalised_feed' }),
    body: () => ({ granted: true }),
    cases: () => [
      ...[['an unknown purpose', 'advertising'], ['a purpose in upper case', 'MARKETING'], ['a purpose in Chinese', '个性化推荐'], ['a purpose as SQL', SQL_OR], ['a purpose as HTML', HTML]].map(([l, p]) => vf(l!, { params: { purpose: p! } })),
      ...bodyCases({ granted: true }, { granted: { kind: 'boolean' } }, new Date()),
      { label: 'a grant against an older text', body: { granted: true, textVersion: '1999' }, status: 409, code: 'CONSENT_TEXT_CHANGED' },
      vf('an empty textVersion', { body: { granted: true, textVersion: '' } }),
      vf('a textVersion as SQL', { body: { granted: true, textVersion: SQL_OR } }),
      vf('a textVersion as a number', { body: { granted: true, textVersion: 2026 } }),
      vf('a query parameter', { query: 'granted=true' }),
      noSession(),
    ],
  },
];

for (const kind of DATABASE_KINDS) {
  describe(`bad input to social routes on ${kind}`, () => {
    let t: TestApp;
    let http: Client;
    let s: Setup;

    const { send } = itRefusesParamRoutes({ listName: 'SOCIAL_ROUTE_KEYS', keys: SOCIAL_ROUTE_KEYS, routes: ROUTES, app: () => t, setup: () => s, tokenOf: (route) => (route.who === 'none' ? undefined : s[route.who].token) });

    beforeAll(async () => {
      t = await startTestApp(kind, { env: { PROHIBITED_WORDS: '全网第一,加微信' } });
      http = guarded(t.http);
      t.http = http;
      const admin = await given.admin(t);
      const shop = await given.operator(t, admin);
      const [author, other] = [await given.user(t), await given.user(t)];
      const mask = await given.product(t, shop);
      const lamp = await given.product(t, shop, { title: '护眼台灯' });
      const url = await uploadImage(t, author.token, 1);
      const noteKey = randomUUID();
      const note = (await okBody(http.post('/notes', { title: '面膜', body: '好用', images: [{ url, tags: [{ productId: mask.id, x: 0.3, y: 0.3 }] }], sponsoredBy: shop.id }, { token: author.token, headers: { 'idempotency-key': noteKey } }), 201)).note;
      const second = await given.note(t, author, [[lamp.id]]);
      const deleted = await given.note(t, author, [[mask.id]]);
      await okBody(http.delete(`/notes/${deleted.id}`, undefined, { token: author.token }), 204);
      const comment = (await okBody(http.post(`/notes/${note.id}/comments`, { body: '求链接' }, { token: other.token }), 201)).comment;
      const reply = (await okBody(http.post(`/notes/${note.id}/comments`, { body: '点标签', parentId: comment.id }, { token: author.token }), 201)).comment;
      s = {
        shop,
        owner: shop.owner,
        author,
        other,
        admin,
        url,
        otherUrl: await uploadImage(t, other.token, 2),
        mask: { id: mask.id, sku: mask.skus[0].id },
        lamp: { id: lamp.id, sku: lamp.skus[0].id },
        note: note.id,
        tag: note.tags[0].id,
        second: second.id,
        secondTag: second.tags[0].id,
        deleted: deleted.id,
        comment: comment.id,
        reply: reply.id,
        noteKey,
      };
    });
    afterAll(async () => {
      await t?.close();
    });

    it('the valid request of each route succeeds (each case above had one fault only)', async () => {
      const done = new Set<string>();
      for (const route of ROUTES) {
        // Hiding needs a report first.
        if (routeKey(route) === 'POST /admin/notes/{id}/hide') await okBody(send(ROUTES.find((r) => routeKey(r) === 'POST /notes/{id}/reports')!, {}), 201);
        const res = await send(route, route.okParams ? { params: route.okParams(s) } : {});
        expect([routeKey(route), res.status], res.text.slice(0, 300)).toEqual([routeKey(route), route.okStatus ?? 200]);
        done.add(routeKey(route));
      }
      expect(done.size).toBe(SOCIAL_ROUTE_KEYS.length);
    });
  });
}
