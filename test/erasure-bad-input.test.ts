/**
 * Bad input for account deletion: wrong types, missing and unknown
 * fields, an unknown content choice, query parameters, a wrong password, no session,
 * and a user who still has money — each a 4xx problem+json with a stable code; a
 * refused batch changes no table (nothing is erased); no response may be 5xx. Then
 * each route's valid request succeeds, and the valid DELETE really erased.
 *
 * The route table below must equal ERASURE_ROUTE_KEYS (test/support/bad-input.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { ERASURE_ROUTE_KEYS, HTML, SQL_OR, VF, bodyCases, guarded, itRefusesParamRoutes, routeKey, type ParamCase, type ParamRoute } from './support/bad-input.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenUser } from './support/given.js';

interface Setup {
  user: GivenUser;
  /** A user with money in the wallet: DELETE /me is refused 409. */
  saver: GivenUser;
}

type RouteSpec = ParamRoute<Setup> & { method: 'GET' | 'DELETE' };

const vf = (label: string, fields: Omit<ParamCase, 'label' | 'status' | 'code'>): ParamCase => ({ label, ...fields, status: 400, code: VF });
const coded = (label: string, status: number, code: string, fields: Omit<ParamCase, 'label' | 'status' | 'code'>): ParamCase => ({ label, ...fields, status, code });
const noSession = (): ParamCase => ({ label: 'no session', token: null, status: 401, code: 'UNAUTHENTICATED' });
const queries = () => ['foo=1', 'content=delete', 'limit=5', 'password=x', `q=${encodeURIComponent(SQL_OR)}`, `q=${encodeURIComponent(HTML)}`].map((query) => vf(`a query parameter (${query})`, { query }));

const ROUTES: RouteSpec[] = [
  {
    method: 'GET',
    path: '/me/deletion',
    cases: () => [...queries(), noSession(), coded('a made-up token', 401, 'UNAUTHENTICATED', { token: 'not-a-session-token' })],
  },
  {
    method: 'DELETE',
    path: '/me',
    body: (s) => ({ password: s.user.password, content: 'delete' }),
    cases: (s) => [
      ...bodyCases({ password: s.user.password, content: 'delete' }, { password: { kind: 'text', max: 128 }, content: { kind: 'enum', values: ['delete', 'anonymise'], optional: true } }, new Date()).map((c) => ({ ...c, label: `body: ${c.label}` })),
      vf('an empty password', { body: { password: '' } }),
      vf('content in Chinese', { body: { password: s.user.password, content: '删除' } }),
      vf('an id of another user', { body: { password: s.user.password, userId: s.saver.id } }),
      vf('a query parameter', { query: 'content=delete' }),
      coded('a wrong password', 403, 'BAD_PASSWORD', { body: { password: 'not-the-password' } }),
      coded('a password as SQL', 403, 'BAD_PASSWORD', { body: { password: SQL_OR } }),
      coded('a user with money in the wallet', 409, 'WALLET_NOT_EMPTY', { token: s.saver.token, body: { password: s.saver.password } }),
      noSession(),
    ],
  },
];

for (const kind of DATABASE_KINDS) {
  describe(`bad input to account deletion on ${kind}`, () => {
    let t: TestApp;
    let s: Setup;

    const { send } = itRefusesParamRoutes({ listName: 'ERASURE_ROUTE_KEYS', keys: ERASURE_ROUTE_KEYS, routes: ROUTES, app: () => t, setup: () => s, tokenOf: () => s.user.token });

    beforeAll(async () => {
      t = await startTestApp(kind);
      t.http = guarded(t.http);
      const user = await given.user(t, { viaSms: false });
      const saver = await given.user(t, { viaSms: false });
      await given.funds(t, saver, 1_000);
      s = { user, saver };
    });
    afterAll(async () => {
      await t?.close();
    });

    it('the valid request of each route succeeds, and the valid DELETE erased the account', async () => {
      for (const route of ROUTES) {
        const res = await send(route, {});
        expect([routeKey(route), res.status], res.text.slice(0, 300)).toEqual([routeKey(route), 200]);
      }
      expect((await t.http.get('/me', { token: s.user.token })).status).toBe(401);
      expect((await t.http.get('/me', { token: s.saver.token })).status).toBe(200);
    });
  });
}
