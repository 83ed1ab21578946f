/**
 * GET /me/export and /me/export.zip on both databases (PIPL art. 45):
 * a user active in every module exports; then every table anywhere in the database
 * is searched for that user's id, and every row found must be in the export (by its
 * id) unless its table and column are in EXEMPT with a reason. The export holds no
 * credential, reading it writes no access-log row, and the zip holds export.json and
 * the user's images.
 */
import { randomUUID } from 'node:crypto';
import { unzipSync, strFromU8 } from 'fflate';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJobs } from '../src/jobs/index.js';
import { MARKETING_DELIVERY_QUEUE } from '../src/modules/marketing/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenUser } from './support/given.js';

const PIN = '258036';

/** Columns that hold a user's id and are deliberately not in that user's export. */
const EXEMPT: Record<string, string> = {
  'passkey_challenges.user_id': 'one-time WebAuthn challenges: secrets by nature, deleted a day after they expire',
  'personal_data_access_log.actor_id': "reads this user made of other people's data: each is in its subject's own access log, and is theirs",
  'audit_log.actor_id': "staff decisions: the admin audit log's, not a customer's data",
  // Until the export shows shop roles (issue 18's export work is the governance branch's): the owner row mirrors operators.owner_id, exported with the user's shops.
  'operator_members.user_id': "the user's role in a shop (owner: the same fact as the shop's owner_id, in the export under the user's shops; staff rows are added by the staff branch)",
  'operator_members.added_by': 'who added a member to a shop: the owner row names the owner themself; a staff row is the staff member’s record',
  'discover_candidates.author_id': 'a derived cache of the public discover ranking, rebuilt each minute and dropped with its snapshot: the notes it ranks are in the export under social',
};

/** Tables without an `id` column: how the export shows their rows. */
const WITHOUT_ID: Record<string, (data: any) => boolean> = {
  'bargain_help_days.helper_id': (data) => data.bargains.helpDays.length > 0,
  'review_helpful.user_id': (data) => data.reviews.helpful.length > 0,
  'review_due.buyer_id': (data) => data.reviews.awaitingReview.length > 0,
};

for (const kind of DATABASE_KINDS) {
  describe(`the personal data export on ${kind}`, () => {
    let t: TestApp;
    let user: GivenUser;
    let exported: any;
    const as = (u: GivenUser) => ({ token: u.token });
    const key = () => ({ 'idempotency-key': randomUUID() });
    /** The call succeeded (any 2xx): this file checks the export, not each route's status. */
    const ok = async (res: Promise<{ status: number; body: any }>, _status?: number) => {
      const r = await res;
      expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
      return r.body;
    };

    beforeAll(async () => {
      t = await startTestApp(kind);
      // Marketing is queued as jobs; nobody works the queue here, the delivery stays queued.
      t.ctx.jobs = await startJobs(t.ctx.database, { onError: (e) => console.error(e), pollingIntervalSeconds: 5 });
      await t.ctx.jobs.define(MARKETING_DELIVERY_QUEUE);
      const admin = await given.admin(t);

      // The user runs a shop (operators, catalog, media) and buys from another (orders, ledger, payments).
      const own = await given.operator(t, admin, { shopName: '用户自己的店' });
      user = own.owner;
      const other = await given.operator(t, admin, { viaSms: false, shopName: '别人的店' });
      const product = await given.product(t, other, {
        skus: [
          { name: '标准', price: 5_000, stock: 50, groupPrice: 4_000, groupSize: 2 },
          { name: '砍价款', price: 9_000, stock: 50, bargainFloor: 1_000, maxHelpers: 10 },
        ],
      });
      const [plain, bargained] = product.skus;
      await ok(t.http.put('/me/payment-pin', { pin: PIN }, as(user)), 204);
      await given.funds(t, user, 100_000);
      await ok(t.http.post('/wallet/withdrawals', { amount: 1_000, pin: PIN }, { ...as(user), headers: key() }));
      const addressId = await given.address(t, user);
      const order = (await ok(t.http.post('/orders', { addressId, items: [{ skuId: plain.id, quantity: 1 }] }, as(user)), 201)).order;
      await ok(t.http.post(`/orders/${order.id}/pay`, { pin: PIN }, as(user)));
      await ok(t.http.post('/disputes', { orderId: order.id, category: 'quality', claim: { refund: 1_000 }, description: '包装破损' }, as(user)), 201);
      // Group buys and bargains.
      const group = await ok(t.http.post('/group-buys', { skuId: plain.id, quantity: 1, addressId }, { ...as(user), headers: key() }), 201);
      await ok(t.http.post(`/orders/${group.order.id}/pay`, { pin: PIN }, as(user)));
      await ok(t.http.post('/bargains', { skuId: bargained.id }, { ...as(user), headers: key() }), 201);
      const friend = await given.user(t, { pin: PIN, viaSms: false });
      const theirs = (await ok(t.http.post('/bargains', { skuId: bargained.id }, { ...as(friend), headers: key() }), 201)).bargain;
      await ok(t.http.post(`/bargains/${theirs.id}/help`, undefined, as(user)));
      // A buyer of the user's own shop: the user ships and reads where to (order_events.actor_id, access log actor).
      const ownProduct = await given.product(t, own, { skus: [{ name: '手作', price: 3_000, stock: 5 }] });
      await given.funds(t, friend, 10_000);
      const friendAddress = await given.address(t, friend);
      const sold = (await ok(t.http.post('/orders', { addressId: friendAddress, items: [{ skuId: ownProduct.skus[0].id, quantity: 1 }] }, as(friend)), 201)).order;
      await ok(t.http.post(`/orders/${sold.id}/pay`, { pin: PIN }, as(friend)));
      await ok(t.http.get(`/orders/${sold.id}/shipping-address`, as(user)));
      await ok(t.http.post(`/orders/${sold.id}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF1234567890' }, as(user)));
      // Reviews: one of two items reviewed, followed up and marked helpful; the other waits for its review.
      const bought = await given.receivedOrder(t, other, [plain.id, bargained.id], user);
      const written = (await ok(t.http.post(`/orders/${bought.orderId}/items/${bought.itemIds[0]}/review`, { rating: 4, serviceRating: 5, deliveryRating: 5, text: '不错' }, { ...as(user), headers: key() }), 201)).review;
      await ok(t.http.post(`/reviews/${written.id}/follow-up`, { text: '用了一个月还好' }, { ...as(user), headers: key() }));
      await ok(t.http.post(`/reviews/${written.id}/helpful`, undefined, as(user)));
      // Social: notes, comments, likes, collects, follows both ways, a report, a personalised feed.
      const note = await given.note(t, user);
      const friendsNote = await given.note(t, friend);
      await ok(t.http.post(`/notes/${friendsNote.id}/comments`, { body: '好看！' }, as(user)), 201);
      await ok(t.http.post(`/notes/${friendsNote.id}/like`, undefined, as(user)));
      await ok(t.http.post(`/notes/${friendsNote.id}/collect`, undefined, as(user)));
      await ok(t.http.post(`/users/${friend.id}/follow`, undefined, as(user)));
      await ok(t.http.post(`/users/${user.id}/follow`, undefined, as(friend)));
      await ok(t.http.post(`/notes/${friendsNote.id}/reports`, { reason: '含有不实信息' }, as(user)), 201);
      await ok(t.http.put('/me/consents/personalised_feed', { granted: true }, as(user)));
      await ok(t.http.put('/me/consents/marketing', { granted: true }, as(user)));
      await ok(t.http.get('/feed?tab=discover', as(user)));
      expect(note.id).toBeTruthy();
      // Someone else reads the user's data: an admin, for a reason.
      await ok(t.http.get(`/admin/users/${user.id}/personal-data?purpose=${encodeURIComponent('客服核实 ticket 42')}`, as(admin)));
      // Marketing: a message queued for the user; and the user's shop's own message.
      await ok(t.http.post('/admin/marketing-messages', { title: '上新', body: '新品八折' }, as(admin)), 202);
      await ok(t.http.post(`/operators/${own.id}/marketing-messages`, { title: '店庆', body: '老顾客九折' }, as(user)), 202);

      exported = await ok(t.http.get('/me/export', as(user)));
    }, 600_000);
    afterAll(async () => {
      await t?.close();
    });

    it('every row of every table that holds the user id is in the export, or its column is exempt with a reason', async () => {
      const db = t.ctx.database.db;
      const columns = await sql<{ table_schema: string; table_name: string; column_name: string }>`
        select c.table_schema, c.table_name, c.column_name from information_schema.columns c
        join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name and tb.table_type = 'BASE TABLE'
        where c.table_schema not in ('pg_catalog', 'information_schema') and c.data_type in ('text', 'character varying')
        order by 1, 2, 3`.execute(db);
      const hasId = new Set(columns.rows.filter((c) => c.column_name === 'id').map((c) => `${c.table_schema}.${c.table_name}`));
      const text = JSON.stringify(exported);
      const holding: string[] = [];
      const missing: string[] = [];
      for (const c of columns.rows) {
        const table = sql.table(`${c.table_schema}.${c.table_name}`);
        const column = sql.ref(c.column_name);
        const name = `${c.table_name}.${c.column_name}`;
        if (c.column_name === 'id') {
          // The user's own row: users.id is the account.
          const found = await sql<{ n: number }>`select count(*)::int as n from ${table} where ${column} = ${user.id}`.execute(db);
          if (found.rows[0]!.n > 0) {
            holding.push(name);
            if (name !== 'users.id') missing.push(`${name}: a row whose own id is the user's`);
          }
          continue;
        }
        if (hasId.has(`${c.table_schema}.${c.table_name}`)) {
          const rows = await sql<{ id: string }>`select id from ${table} where ${column} = ${user.id}`.execute(db);
          if (rows.rows.length === 0) continue;
          holding.push(name);
          if (EXEMPT[name]) continue;
          for (const row of rows.rows) if (!text.includes(`"${row.id}"`)) missing.push(`${name}: row ${row.id}`);
        } else {
          const rows = await sql<{ n: number }>`select count(*)::int as n from ${table} where ${column} = ${user.id}`.execute(db);
          if (rows.rows[0]!.n === 0) continue;
          holding.push(name);
          if (EXEMPT[name]) continue;
          const check = WITHOUT_ID[name];
          if (!check) missing.push(`${name}: no id column and no WITHOUT_ID entry`);
          else if (!check(exported)) missing.push(`${name}: not in the export`);
        }
      }
      expect(missing).toEqual([]);
      expect(exported.account.id).toBe(user.id);
      // The user really was active everywhere: each of these holds their id.
      expect(holding).toEqual(
        expect.arrayContaining([
          'users.id', 'sessions.user_id', 'phone_codes.user_id', 'personal_data.subject_id', 'personal_data_access_log.subject_id', 'consents.user_id',
          'operators.owner_id', 'uploads.owner_id', 'ledger_accounts.owner_id', 'top_ups.user_id', 'withdrawals.user_id', 'orders.buyer_id',
          'order_events.actor_id', 'disputes.buyer_id', 'dispute_events.actor_id', 'group_buys.initiator_id', 'bargains.owner_id',
          'bargain_helps.helper_id', 'bargain_help_days.helper_id', 'notes.author_id', 'note_comments.author_id', 'note_likes.user_id',
          'note_collects.user_id', 'follows.follower_id', 'follows.followee_id', 'note_reports.reporter_id', 'feed_snapshots.viewer_id',
          'marketing_deliveries.user_id', 'marketing_messages.sent_by', 'reviews.buyer_id', 'review_helpful.user_id', 'review_due.buyer_id',
        ]),
      );
    });

    it('holds the decrypted personal data and no credential; reading it is not logged as a third-party read', async () => {
      expect(exported.personalData).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'phone', value: user.phone }),
          expect.objectContaining({ kind: 'real_name', value: user.realName }),
          expect.objectContaining({ kind: 'id_number', value: user.idNumber }),
        ]),
      );
      expect(exported.addresses[0]).toMatchObject({ recipient: '王收货', phone: '13912345678' });
      expect(exported.accessLog).toEqual([expect.objectContaining({ actorRole: 'admin', actorName: '平台工作人员', purpose: '客服核实 ticket 42' })]);
      const text = JSON.stringify(exported);
      for (const secret of ['password', 'passwordHash', 'paymentPinHash', 'pinHash', 'tokenHash', 'codeHash', 'totpSecret', 'publicKey', user.token, user.password]) {
        expect(text, secret).not.toContain(secret);
      }
      const users = await sql<{ password_hash: string; payment_pin_hash: string }>`select password_hash, payment_pin_hash from users where id = ${user.id}`.execute(t.ctx.database.db);
      expect(text).not.toContain(users.rows[0]!.password_hash);
      expect(text).not.toContain(users.rows[0]!.payment_pin_hash);
      const before = (await t.http.get('/me/access-log', as(user))).body.items.length;
      await ok(t.http.get('/me/export', as(user)));
      expect((await t.http.get('/me/access-log', as(user))).body.items.length).toBe(before);
    });

    it('the zip holds export.json and every image the user uploaded', async () => {
      const res = await fetch(`${t.url}/api/v1/me/export.zip`, { headers: { authorization: `Bearer ${user.token}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/zip');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="agora-export-\d{4}-\d{2}-\d{2}\.zip"$/);
      const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
      const json = JSON.parse(strFromU8(files['export.json']!));
      expect(json.account.id).toBe(user.id);
      expect(json.orders.orders.length).toBeGreaterThanOrEqual(2);
      const images = Object.keys(files).filter((name) => name.startsWith('images/'));
      expect(images.sort()).toEqual(json.uploads.map((u: { key: string }) => `images/${u.key}`).sort());
      expect(images.length).toBeGreaterThanOrEqual(2);
      const first = json.uploads[0] as { key: string; bytes: number };
      expect(files[`images/${first.key}`]!.length).toBe(first.bytes);
    });

    it('needs a session', async () => {
      for (const path of ['/me/export', '/me/export.zip']) {
        const res = await t.http.get(path);
        expect([res.status, res.body.code]).toEqual([401, 'UNAUTHENTICATED']);
      }
    });
  });
}
