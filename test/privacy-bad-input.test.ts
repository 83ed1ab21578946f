/**
 * Bad input for the privacy centre's routes (API.md "Privacy"): the export takes no
 * input at all; a marketing message refuses wrong types, missing, unknown, empty,
 * over-long and control-character fields, a caller who is not an admin or not the
 * shop's owner, and a shop not approved — each a 4xx problem+json with a stable
 * `code`; a refused batch changes no table; no response may be 5xx. Then each route's
 * valid request succeeds.
 *
 * The route table below must equal PRIVACY_ROUTE_KEYS (test/support/bad-input.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJobs } from '../src/jobs/index.js';
import { MARKETING_DELIVERY_QUEUE } from '../src/modules/marketing/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { HTML, LONG, PRIVACY_ROUTE_KEYS, SQL_OR, VF, bodyCases, guarded, itRefusesParamRoutes, routeKey, type ParamCase, type ParamRoute } from './support/bad-input.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenUser } from './support/given.js';

interface Setup {
  user: GivenUser;
  owner: GivenUser;
  admin: GivenUser;
  shop: string;
  pendingShop: string;
  pendingOwner: GivenUser;
}

type Who = 'user' | 'owner' | 'admin';
type RouteSpec = ParamRoute<Setup> & { method: 'GET' | 'POST'; who: Who };

const vf = (label: string, fields: Omit<ParamCase, 'label' | 'status' | 'code'>): ParamCase => ({ label, ...fields, status: 400, code: VF });
const coded = (label: string, status: number, code: string, fields: Omit<ParamCase, 'label' | 'status' | 'code'>): ParamCase => ({ label, ...fields, status, code });
const noSession = (): ParamCase => ({ label: 'no session', token: null, status: 401, code: 'UNAUTHENTICATED' });
const message = { title: '会员日', body: '老顾客专享 8 折，\n仅限本周。' };
const messageCases = (): ParamCase[] =>
  bodyCases(message, { title: { kind: 'line', min: 1, max: 40 }, body: { kind: 'paragraphs', max: 300 } }, new Date()).map((c) => ({ ...c, label: `body: ${c.label}` }));
const exportCases = (): ParamCase[] => [
  vf('a query parameter', { query: 'format=csv' }),
  vf('an SQL parameter name', { query: `${encodeURIComponent(SQL_OR)}=1` }),
  vf('an HTML parameter', { query: `x=${encodeURIComponent(HTML)}` }),
  vf('a 10,000-character parameter', { query: `x=${LONG}` }),
  vf('a user id', { query: 'userId=someone-else' }),
  noSession(),
  { label: 'a bad session', token: 'nonsense', status: 401, code: 'UNAUTHENTICATED' },
];

const ROUTES: RouteSpec[] = [
  { method: 'GET', path: '/me/export', who: 'user', cases: exportCases },
  { method: 'GET', path: '/me/export.zip', who: 'user', cases: exportCases },
  {
    method: 'POST',
    path: '/admin/marketing-messages',
    who: 'admin',
    body: () => message,
    okStatus: 202,
    cases: (s) => [
      ...messageCases(),
      coded('as a user', 403, 'FORBIDDEN', { token: s.user.token }),
      coded("as a shop's owner", 403, 'FORBIDDEN', { token: s.owner.token }),
      vf('a recipient list', { body: { ...message, userIds: [s.user.id] } }),
      vf('a phone to send to', { body: { ...message, phone: s.user.phone } }),
      vf('a query parameter', { query: 'purpose=marketing' }),
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/operators/{id}/marketing-messages',
    who: 'owner',
    params: (s) => ({ id: s.shop }),
    body: () => message,
    okStatus: 202,
    cases: (s) => [
      ...messageCases(),
      vf('id of 65 characters', { params: { id: 'i'.repeat(65) } }),
      coded('an unknown shop', 404, 'NOT_FOUND', { params: { id: 'no-such-shop' } }),
      coded('a shop id as SQL', 404, 'NOT_FOUND', { params: { id: SQL_OR } }),
      coded('as a user who does not own it', 404, 'NOT_FOUND', { token: s.user.token }),
      coded('as an admin (a shop speaks for itself)', 404, 'NOT_FOUND', { token: s.admin.token }),
      coded('a shop not approved', 403, 'OPERATOR_NOT_APPROVED', { params: { id: s.pendingShop }, token: s.pendingOwner.token }),
      vf('a recipient list', { body: { ...message, userIds: [s.user.id] } }),
      vf('a query parameter', { query: 'to=all' }),
      noSession(),
    ],
  },
];

for (const kind of DATABASE_KINDS) {
  describe(`bad input to privacy routes on ${kind}`, () => {
    let t: TestApp;
    let s: Setup;

    const { send } = itRefusesParamRoutes({ listName: 'PRIVACY_ROUTE_KEYS', keys: PRIVACY_ROUTE_KEYS, routes: ROUTES, app: () => t, setup: () => s, tokenOf: (route) => s[route.who].token });

    beforeAll(async () => {
      t = await startTestApp(kind);
      t.http = guarded(t.http);
      // Messages are queued as jobs: the queue exists, nobody works it here.
      t.ctx.jobs = await startJobs(t.ctx.database, { onError: (e) => console.error(e), pollingIntervalSeconds: 5 });
      await t.ctx.jobs.define(MARKETING_DELIVERY_QUEUE);
      const admin = await given.admin(t);
      const shop = await given.operator(t, admin, { viaSms: false });
      const pending = await given.operator(t, admin, { viaSms: false, approve: false });
      const user = await given.user(t, { viaSms: false });
      s = { user, owner: shop.owner, admin, shop: shop.id, pendingShop: pending.id, pendingOwner: pending.owner };
    }, 300_000);
    afterAll(async () => {
      await t?.close();
    });

    it('the valid request of each route succeeds (each case above had one fault only)', async () => {
      for (const route of ROUTES) {
        const res = await send(route, {});
        expect([routeKey(route), res.status], res.text.slice(0, 300)).toEqual([routeKey(route), route.okStatus ?? 200]);
      }
    });
  });
}
