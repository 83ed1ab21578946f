/**
 * Bad input for the oversight routes: the audit-log CSV export
 * and the reports summary for admins and regulators. Dates that are not calendar days,
 * periods that end before they start or span more than 366 days, unknown and repeated
 * parameters, callers without a session or in the wrong role — each a 4xx problem+json
 * with a stable `code`, and a refused batch changes no table (not even the audit log:
 * only a read that was answered is recorded). Then each route's valid request succeeds.
 *
 * The route table below must equal OVERSIGHT_ROUTE_KEYS (test/support/bad-input.ts).
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import {
  OVERSIGHT_ROUTE_KEYS,
  AUDIT_FILTER_FIELDS,
  casesFor,
  enc,
  generatedRequest,
  guarded,
  itCoversExactly,
  itMarksExactlyTheSessionRoutes,
  itRefusesEachRoutesBadInput,
  routeHarness,
  tableFingerprints,
  vf,
  type Case,
  type GeneratedRoute,
} from './support/bad-input.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenUser } from './support/given.js';
import type { Client } from './support/http.js';

interface Setup {
  admin: GivenUser;
  regulator: GivenUser;
  user: GivenUser;
  now: Date;
}

type Role = 'admin' | 'regulator';
interface RouteSpec extends GeneratedRoute<Setup> {
  method: 'GET';
  auth: Role;
}

const forbidden = (label: string, token: (s: Setup) => string, query: string): ((s: Setup) => Case) => (s) => ({ label, token: token(s), query, status: 403, code: 'FORBIDDEN' });
const noSession = (query: string): Case => ({ label: 'no session', token: null, query, status: 401, code: 'UNAUTHENTICATED' });
const MARCH = enc([['from', '2026-03-01'], ['to', '2026-03-31']]);

/** The period cases both summary routes share, and the roles that may not call each. */
const summaryRoute = (path: string, auth: Role, wrongRole: (s: Setup) => string): RouteSpec => ({
  method: 'GET',
  path,
  auth,
  query: { valid: () => ({ from: '2026-03-01', to: '2026-03-31' }), fields: { from: { kind: 'day' }, to: { kind: 'day' } } },
  extra: (s) => [
    vf('to before from', { query: enc([['from', '2026-03-02'], ['to', '2026-03-01']]) }),
    vf('367 days', { query: enc([['from', '2024-01-01'], ['to', '2025-01-01']]) }),
    vf('a limit (the summary is not paged)', { query: enc([['from', '2026-03-01'], ['to', '2026-03-31'], ['limit', '5']]) }),
    noSession(MARCH),
    forbidden('a plain user', (x) => x.user.token, MARCH)(s),
    forbidden(`the wrong staff role`, wrongRole, MARCH)(s),
  ],
  validAnswer: { status: 200, check: (res) => expect(res.body.days).toHaveLength(31) },
});

const ROUTES: RouteSpec[] = [
  {
    method: 'GET',
    path: '/admin/audit-log.csv',
    auth: 'admin',
    query: {
      valid: () => ({ action: 'role.grant', from: '2026-03-01', to: '2026-03-31' }),
      fields: AUDIT_FILTER_FIELDS,
    },
    extra: (s) => [
      vf('to before from', { query: enc([['from', '2026-03-02'], ['to', '2026-03-01']]) }),
      vf('a limit (the export is not paged)', { query: enc([['limit', '5']]) }),
      noSession(''),
      forbidden('a plain user', (x) => x.user.token, '')(s),
      forbidden('a regulator', (x) => x.regulator.token, '')(s),
    ],
    validAnswer: { status: 200, check: (res) => expect(res.text.replace(/^\uFEFF/, '').split('\n')[0]).toBe('id,at,actor_id,actor_role,action,target_type,target_id,detail') },
  },
  summaryRoute('/admin/reports/summary', 'admin', (s) => s.regulator.token),
  summaryRoute('/regulator/reports/summary', 'regulator', (s) => s.admin.token),
];

for (const kind of DATABASE_KINDS) {
  describe(`oversight bad input on ${kind}`, () => {
    let t: TestApp;
    let http: Client;
    let s: Setup;

    const harness = routeHarness({
      http: () => http,
      setup: () => s,
      valid: generatedRequest(() => s),
      tokenFor: (route: RouteSpec) => (route.auth === 'admin' ? s.admin.token : s.regulator.token),
      snapshot: () => tableFingerprints(t),
    });

    beforeAll(async () => {
      t = await startTestApp(kind);
      http = guarded(t.http);
      const admin = await given.admin(t);
      const regulator = await given.user(t);
      expect((await http.post(`/admin/users/${regulator.id}/roles`, { role: 'regulator', granted: true }, { token: admin.token })).status).toBe(200);
      s = { admin, regulator, user: await given.user(t), now: t.clock.now() };
    }, 180_000);
    afterAll(async () => {
      await t?.close();
    });

    itCoversExactly('OVERSIGHT_ROUTE_KEYS', OVERSIGHT_ROUTE_KEYS, ROUTES, harness);
    itMarksExactlyTheSessionRoutes(ROUTES, harness);
    itRefusesEachRoutesBadInput(harness, ROUTES, { cases: casesFor, minCases: 20 });
  });
}
