/**
 * The admin audit log, on both databases: append-only in the database
 * itself; every admin and regulator operation of the OpenAPI document is accounted for
 * (it writes a row, or is a read of nothing personal, said here why); staff reads of
 * personal data, reviews, role grants and the regulator's register downloads write
 * their row with the actor's role; the list filters by actor, action, target and UTC
 * days; the CSV export holds the filtered rows (UTF-8 with a BOM) and is audited itself.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../src/lib/clock.js';
import { startTestApp, type TestApp } from './support/app.js';
import { PREFIX } from './support/bad-input.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenOperator, type GivenUser } from './support/given.js';

/**
 * Each admin or regulator operation: the action it records, or `null` and why not.
 * A new /admin or /regulator route fails the first test until it is added here.
 */
const STAFF_OPERATIONS: Record<string, string | { none: string }> = {
  'GET /admin/audit-log': { none: 'reading the log itself; exporting it is audited' },
  'GET /admin/audit-log.csv': 'audit_log.export',
  'GET /admin/disputes': { none: 'the arbitration queue: cases, not the vault (rulings are audited)' },
  'GET /admin/chat-reports': { none: 'the queue of reported chat messages: reasons and display names, no message text' },
  'GET /admin/chat-reports/{id}': 'personal_data.read',
  'POST /admin/chat-reports/{id}/resolve': 'chat_report.resolve',
  'GET /admin/disputes/{id}/chat': 'personal_data.read',
  'GET /admin/disputes/{id}/case': { none: 'the case, the order as admins see it (no address) and its ledger lines: no vault read' },
  'POST /admin/disputes/{id}/parties': 'dispute.add_party',
  'POST /admin/disputes/{id}/rule': 'dispute.rule',
  'POST /admin/marketing-messages': 'marketing.send',
  'POST /admin/notes/{id}/hide': 'note.hide',
  'GET /admin/operators': 'personal_data.read',
  'POST /admin/operators/{id}/approve': 'operator.approve',
  'POST /admin/operators/{id}/reject': 'operator.reject',
  'POST /admin/operators/{id}/reverify': 'operator.reverify',
  'GET /admin/question-reports': { none: 'the queue of reported questions and answers: public texts and report reasons (hiding is audited)' },
  'POST /admin/questions/{id}/hide': 'question.hide',
  'POST /admin/answers/{id}/hide': 'question_answer.hide',
  'GET /admin/reports': { none: 'the moderation queue of reported notes: public notes and report reasons' },
  'GET /admin/reports/summary': 'reports.summary.read',
  'GET /admin/review-appeals': { none: "shops' appeals and the public reviews they name: nothing from the vault (decisions are audited)" },
  'POST /admin/review-appeals/{id}/uphold': 'review.hide',
  'POST /admin/review-appeals/{id}/reject': 'review.appeal_reject',
  'GET /admin/service-providers': 'personal_data.read',
  'POST /admin/service-providers/{id}/approve': 'service_provider.approve',
  'POST /admin/service-providers/{id}/reject': 'service_provider.reject',
  'POST /admin/service-providers/{id}/credentials': 'service_provider.credentials_issue',
  'GET /admin/service-providers/{id}/credentials': { none: 'key ids and dates of a company\u2019s webhook credentials: no secret, nothing personal' },
  'GET /admin/users/{id}/personal-data': 'personal_data.read',
  'POST /admin/users/{id}/roles': 'role.grant',
  'GET /regulator/operators.csv': 'register.download',
  'GET /regulator/reports/summary': 'reports.summary.read',
};

for (const kind of DATABASE_KINDS) {
  describe(`audit log on ${kind}`, () => {
    let t: TestApp;
    let admin: GivenUser;
    let regulator: GivenUser;
    let applicant: GivenOperator;
    const log = (query = '') => t.http.get(`/admin/audit-log?limit=100${query}`, { token: admin.token });

    beforeAll(async () => {
      t = await startTestApp(kind);
      admin = await given.admin(t);
      regulator = await given.user(t, { viaSms: false });
      expect((await t.http.post(`/admin/users/${regulator.id}/roles`, { role: 'regulator', granted: true }, { token: admin.token })).status).toBe(200);
      applicant = await given.operator(t, admin, { approve: false, viaSms: false });
    }, 180_000);
    afterAll(async () => {
      await t?.close();
    });

    it('every admin and regulator operation is accounted for: it writes a row, or reads nothing personal', async () => {
      const doc = (await t.http.get('/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
      const staff = Object.entries(doc.paths)
        .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path.replace(PREFIX, '')}`))
        .filter((op) => /^\w+ \/(admin|regulator)\//.test(op))
        .sort();
      expect(staff).toEqual(Object.keys(STAFF_OPERATIONS).sort());
    });

    it('the database refuses to change or remove a row (UPDATE, DELETE, TRUNCATE)', async () => {
      const db = t.ctx.database.db;
      const before = await sql<{ n: string }>`select count(*)::text as n from audit_log`.execute(db);
      expect(Number(before.rows[0]!.n)).toBeGreaterThan(0);
      for (const statement of [sql`update audit_log set action = 'nothing'`, sql`delete from audit_log`, sql`truncate audit_log`]) {
        await expect(statement.execute(db)).rejects.toThrow(/append-only/);
      }
      const after = await sql<{ n: string; actions: string }>`select count(*)::text as n, string_agg(action, ',' order by id) as actions from audit_log`.execute(db);
      expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
      expect(after.rows[0]!.actions).not.toContain('nothing');
    });

    it('reviews, review-queue reads, personal-data reads, role grants and register downloads each write a row with the role', async () => {
      expect((await t.http.get('/admin/operators?status=pending', { token: admin.token })).status).toBe(200);
      expect((await t.http.get(`/admin/users/${applicant.owner.id}/personal-data?purpose=${encodeURIComponent('核对身份证件 ticket 7')}`, { token: admin.token })).status).toBe(200);
      expect((await t.http.post(`/admin/operators/${applicant.id}/approve`, undefined, { token: admin.token })).status).toBe(200);
      expect((await t.http.get('/regulator/operators.csv', { token: regulator.token })).status).toBe(200);

      const items = (await log()).body.items as { actorId: string; actorRole: string; action: string; targetType: string; targetId: string; detail: any }[];
      const row = (action: string, targetId: string) => items.find((e) => e.action === action && e.targetId === targetId);
      expect(row('role.grant', regulator.id)).toMatchObject({ actorId: admin.id, actorRole: 'admin', detail: { role: 'regulator' } });
      expect(row('operator.approve', applicant.id)).toMatchObject({ actorId: admin.id, actorRole: 'admin', targetType: 'operator' });
      const reads = items.filter((e) => e.action === 'personal_data.read' && e.targetId === applicant.owner.id).map((e) => e.detail.purpose);
      expect(reads).toEqual(expect.arrayContaining([`operator review ${applicant.id}`, '核对身份证件 ticket 7']));
      expect(row('register.download', 'operators')).toMatchObject({ actorId: regulator.id, actorRole: 'regulator', targetType: 'register' });
      // A staff read of personal data is in the person's own access log too.
      const own = (await t.http.get('/me/access-log', { token: applicant.owner.token })).body.items;
      // …as the platform, never naming the staff member.
      expect(own.filter((e: { actorId: string; actorRole: string }) => e.actorId === 'platform' && e.actorRole === 'admin').length).toBeGreaterThanOrEqual(2);
      expect(own.some((e: { actorId: string }) => e.actorId === admin.id)).toBe(false);
    });

    it('filters by actor, action, target and UTC days, and pages newest first', async () => {
      const byRegulator = (await log(`&actorId=${regulator.id}`)).body.items;
      expect(byRegulator.length).toBeGreaterThan(0);
      expect(byRegulator.every((e: { actorId: string }) => e.actorId === regulator.id)).toBe(true);
      const approvals = (await log(`&action=operator.approve&targetType=operator&targetId=${applicant.id}`)).body.items;
      expect(approvals).toHaveLength(1);
      const today = t.clock.now().toISOString().slice(0, 10);
      const tomorrow = new Date(t.clock.now().getTime() + DAY).toISOString().slice(0, 10);
      expect((await log(`&from=${today}&to=${today}`)).body.items.length).toBe((await log()).body.items.length);
      expect((await log(`&from=${tomorrow}`)).body.items).toEqual([]);
      expect((await log(`&to=2000-01-01`)).body.items).toEqual([]);
      const first = (await t.http.get('/admin/audit-log?limit=2', { token: admin.token })).body;
      const second = (await t.http.get(`/admin/audit-log?limit=2&cursor=${first.nextCursor}`, { token: admin.token })).body;
      expect(first.items[0].id > first.items[1].id && first.items[1].id > second.items[0].id).toBe(true);
    });

    it('exports the filtered rows as CSV with a BOM, and the export is itself audited', async () => {
      const res = await fetch(`${t.url}${PREFIX}/admin/audit-log.csv?action=personal_data.read`, { headers: { authorization: `Bearer ${admin.token}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.subarray(3).toString('utf8').trim().split('\n');
      expect(lines[0]).toBe('id,at,actor_id,actor_role,action,target_type,target_id,detail');
      expect(lines.length).toBeGreaterThanOrEqual(3);
      expect(lines.slice(1).every((line) => line.includes(',admin,personal_data.read,user,'))).toBe(true);
      expect(lines.join('\n')).toContain('核对身份证件 ticket 7');
      const exports = (await log('&action=audit_log.export')).body.items;
      expect(exports[0]).toMatchObject({ actorId: admin.id, actorRole: 'admin', detail: { filter: { action: 'personal_data.read' } } });
    });
  });
}
