/**
 * The ledger's invariants on both databases: double entry, caller-chosen ids,
 * immutable transfers, two-phase resolution at most once, balance limits, atomic
 * legs — and races on PostgreSQL with real parallel transactions.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/database.js';
import { createLedgerService, type LedgerService } from '../src/modules/ledger/index.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from './support/databases.js';

const ledger: LedgerService = createLedgerService();

for (const kind of DATABASE_KINDS) {
  describe(`ledger on ${kind}`, () => {
    let testDb: TestDatabase;
    let database: Database;
    beforeAll(async () => {
      testDb = await createTestDatabase(kind, { poolSize: 30 });
      database = testDb.database;
    });
    afterAll(async () => {
      await testDb?.drop();
    });
    // ledger:check after every test: the books balance whatever the test did.
    afterEach(async () => {
      expect(await ledger.check(database.db)).toEqual([]);
    });

    /** A user wallet holding `amount`, topped up from the provider. */
    async function fundedWallet(amount: number): Promise<{ wallet: string; clearing: string }> {
      return database.db.transaction().execute(async (tx) => {
        const wallet = await ledger.account(tx, 'user_wallet', randomUUID());
        const clearing = await ledger.account(tx, 'provider_clearing');
        if (amount > 0) await ledger.transfer(tx, { id: randomUUID(), debit: clearing, credit: wallet, amount, code: 'top_up' });
        return { wallet, clearing };
      });
    }
    const available = async (account: string) => (await ledger.balance(database.db, account)).available;

    it('moves money by double entry and never lets a wallet go below zero', async () => {
      const { wallet } = await fundedWallet(10_000);
      const other = await ledger.account(database.db, 'user_wallet', randomUUID());
      await database.db.transaction().execute((tx) => ledger.transfer(tx, { id: randomUUID(), debit: wallet, credit: other, amount: 2_500, code: 'gift' }));
      expect([await available(wallet), await available(other)]).toEqual([7_500, 2_500]);
      await expect(
        database.db.transaction().execute((tx) => ledger.transfer(tx, { id: randomUUID(), debit: wallet, credit: other, amount: 7_501, code: 'gift' })),
      ).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS', kind: 'payment_required', extra: { available: 7_500 } });
      expect(await available(wallet)).toBe(7_500);
    });

    it('transferAvailable moves as much as the limits allow, up to a ceiling, and nothing (no row) when there is none', async () => {
      const { wallet } = await fundedWallet(1_000);
      const other = await ledger.account(database.db, 'user_wallet', randomUUID());
      const move = (id: string, upTo: number) => database.db.transaction().execute((tx) => ledger.transferAvailable(tx, { id, debit: wallet, credit: other, upTo, code: 'sweep' }));
      expect(await move('sweep-1', 400)).toBe(400);
      expect(await move('sweep-2', 5_000)).toBe(600);
      expect(await move('sweep-3', 5_000)).toBe(0);
      expect((await sql<{ n: number }>`select count(*)::int as n from ledger_transfers where id = 'sweep-3'`.execute(database.db)).rows[0]!.n).toBe(0);
      // A repeat answers what the first moved.
      expect(await move('sweep-1', 400)).toBe(400);
      expect([await available(wallet), await available(other)]).toEqual([0, 1_000]);
    });

    it('the balance limit is also a CHECK constraint the database enforces', async () => {
      const { wallet } = await fundedWallet(100);
      await expect(sql`update ledger_accounts set debits_posted = debits_posted + 101 where id = ${wallet}`.execute(database.db)).rejects.toThrow(/ledger_accounts_debit_limit/);
    });

    it('a transfer id is applied once: the same body is a no-op, another body is refused', async () => {
      const { wallet } = await fundedWallet(1_000);
      const shop = await ledger.account(database.db, 'operator_receivable', randomUUID());
      const id = randomUUID();
      const input = { id, debit: wallet, credit: shop, amount: 300, code: 'payment' };
      const first = await database.db.transaction().execute((tx) => ledger.transfer(tx, input));
      const again = await database.db.transaction().execute((tx) => ledger.transfer(tx, input));
      expect([first.created, again.created]).toEqual([true, false]);
      expect(again.transfer).toEqual(first.transfer);
      expect(await available(wallet)).toBe(700);
      await expect(database.db.transaction().execute((tx) => ledger.transfer(tx, { ...input, amount: 301 }))).rejects.toMatchObject({ code: 'TRANSFER_ID_REUSED' });
      expect(await available(wallet)).toBe(700);
    });

    it('transfers are immutable: UPDATE and DELETE are refused by a trigger', async () => {
      const { wallet, clearing } = await fundedWallet(500);
      const [transfer] = await ledger.transfers(database.db, wallet, { limit: 1 });
      await expect(sql`update ledger_transfers set amount = 1 where id = ${transfer!.id}`.execute(database.db)).rejects.toThrow(/immutable/);
      await expect(sql`delete from ledger_transfers where id = ${transfer!.id}`.execute(database.db)).rejects.toThrow(/immutable/);
      expect((await ledger.transfers(database.db, clearing, { limit: 100 })).some((t) => t.id === transfer!.id && t.amount === 500)).toBe(true);
    });

    it('two-phase: a pending transfer holds money; post in part returns the rest; void returns it all; each resolves once', async () => {
      const { wallet } = await fundedWallet(10_000);
      const escrow = await ledger.account(database.db, 'platform_escrow');
      const hold = randomUUID();
      await database.db.transaction().execute((tx) => ledger.transfer(tx, { id: hold, debit: wallet, credit: escrow, amount: 4_000, code: 'order_payment', pending: true }));
      expect(await ledger.balance(database.db, wallet)).toMatchObject({ available: 6_000, held: 4_000 });
      // Cannot spend what is held.
      await expect(
        database.db.transaction().execute((tx) => ledger.transfer(tx, { id: randomUUID(), debit: wallet, credit: escrow, amount: 6_001, code: 'x', pending: true })),
      ).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' });

      await expect(database.db.transaction().execute((tx) => ledger.post(tx, { id: randomUUID(), pendingId: hold, amount: 4_001, code: 'settle' }))).rejects.toMatchObject({ code: 'POST_EXCEEDS_PENDING' });
      const postId = randomUUID();
      await database.db.transaction().execute((tx) => ledger.post(tx, { id: postId, pendingId: hold, amount: 2_500, code: 'settle' }));
      expect(await ledger.balance(database.db, wallet)).toMatchObject({ available: 7_500, held: 0, debitsPosted: 2_500 });
      expect(await ledger.pendingState(database.db, hold)).toBe('posted');
      // A retry of the same post is a no-op; a second resolution is refused.
      expect((await database.db.transaction().execute((tx) => ledger.post(tx, { id: postId, pendingId: hold, amount: 2_500, code: 'settle' }))).created).toBe(false);
      await expect(database.db.transaction().execute((tx) => ledger.void(tx, { id: randomUUID(), pendingId: hold, code: 'refund' }))).rejects.toMatchObject({ code: 'PENDING_ALREADY_RESOLVED' });

      const second = randomUUID();
      await database.db.transaction().execute((tx) => ledger.transfer(tx, { id: second, debit: wallet, credit: escrow, amount: 1_000, code: 'order_payment', pending: true }));
      await database.db.transaction().execute((tx) => ledger.void(tx, { id: randomUUID(), pendingId: second, code: 'refund' }));
      expect(await ledger.balance(database.db, wallet)).toMatchObject({ available: 7_500, held: 0 });
      expect(await ledger.pendingState(database.db, second)).toBe('voided');
    });

    it('legs in one transaction commit together or not at all', async () => {
      const { wallet } = await fundedWallet(1_000);
      const shop = await ledger.account(database.db, 'operator_receivable', randomUUID());
      const fees = await ledger.account(database.db, 'platform_fees');
      await expect(
        database.db.transaction().execute(async (tx) => {
          await ledger.transfer(tx, { id: randomUUID(), debit: wallet, credit: shop, amount: 900, code: 'payment' });
          await ledger.transfer(tx, { id: randomUUID(), debit: wallet, credit: fees, amount: 200, code: 'fee' }); // 100 short
        }),
      ).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
      expect([await available(wallet), await available(shop)]).toEqual([1_000, 0]);
    });

    it('ledger:check finds books that were changed behind the ledger’s back', async () => {
      const { wallet } = await fundedWallet(700);
      await sql`update ledger_accounts set credits_posted = credits_posted + 1 where id = ${wallet}`.execute(database.db);
      const problems = await ledger.check(database.db);
      expect(problems.some((p) => p.includes(wallet))).toBe(true);
      expect(problems.some((p) => p.startsWith('ledger CNY: debits'))).toBe(true);
      await sql`update ledger_accounts set credits_posted = credits_posted - 1 where id = ${wallet}`.execute(database.db);
    });

    it('model test: random top-ups, payments, posts, voids and failing steps keep every invariant', async () => {
      const users = await Promise.all([0, 1, 2].map(() => ledger.account(database.db, 'user_wallet', randomUUID())));
      const clearing = await ledger.account(database.db, 'provider_clearing');
      const escrow = await ledger.account(database.db, 'platform_escrow');
      const model = { available: new Map(users.map((u) => [u, 0])), held: new Map(users.map((u) => [u, 0])), pending: [] as { id: string; user: string; amount: number }[] };
      const op = fc.oneof(
        fc.record({ type: fc.constant('topUp' as const), user: fc.nat(2), amount: fc.integer({ min: 1, max: 5_000 }) }),
        fc.record({ type: fc.constant('pay' as const), user: fc.nat(2), amount: fc.integer({ min: 1, max: 4_000 }), fail: fc.boolean() }),
        fc.record({ type: fc.constant('post' as const), pick: fc.nat(), part: fc.integer({ min: 0, max: 100 }) }),
        fc.record({ type: fc.constant('void' as const), pick: fc.nat() }),
        fc.record({ type: fc.constant('retry' as const), pick: fc.nat() }),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
          for (const o of ops) {
            if (o.type === 'topUp') {
              const user = users[o.user]!;
              await database.db.transaction().execute((tx) => ledger.transfer(tx, { id: randomUUID(), debit: clearing, credit: user, amount: o.amount, code: 'top_up' }));
              model.available.set(user, model.available.get(user)! + o.amount);
            } else if (o.type === 'pay') {
              const user = users[o.user]!;
              const id = randomUUID();
              const attempt = database.db.transaction().execute(async (tx) => {
                await ledger.transfer(tx, { id, debit: user, credit: escrow, amount: o.amount, code: 'order_payment', pending: true });
                // An injected failure after the money moved, before commit: the transaction must undo it.
                if (o.fail) throw new Error('injected failure before commit');
              });
              const affordable = model.available.get(user)! >= o.amount;
              if (o.fail || !affordable) {
                await expect(attempt).rejects.toThrow();
              } else {
                await attempt;
                model.available.set(user, model.available.get(user)! - o.amount);
                model.held.set(user, model.held.get(user)! + o.amount);
                model.pending.push({ id, user, amount: o.amount });
              }
            } else if (model.pending.length > 0) {
              const index = o.pick % model.pending.length;
              const p = model.pending[index]!;
              if (o.type === 'retry') {
                // The same pending transfer again, after commit: a no-op.
                const again = await database.db.transaction().execute((tx) => ledger.transfer(tx, { id: p.id, debit: p.user, credit: escrow, amount: p.amount, code: 'order_payment', pending: true }));
                expect(again.created).toBe(false);
                continue;
              }
              const posted = o.type === 'post' ? Math.floor((p.amount * o.part) / 100) : 0;
              await database.db.transaction().execute((tx) =>
                o.type === 'post' ? ledger.post(tx, { id: randomUUID(), pendingId: p.id, amount: posted, code: 'settle' }) : ledger.void(tx, { id: randomUUID(), pendingId: p.id, code: 'refund' }),
              );
              model.pending.splice(index, 1);
              model.held.set(p.user, model.held.get(p.user)! - p.amount);
              model.available.set(p.user, model.available.get(p.user)! + p.amount - posted);
            }
            for (const user of users) {
              expect(await ledger.balance(database.db, user)).toMatchObject({ available: model.available.get(user), held: model.held.get(user) });
            }
            expect(await ledger.check(database.db)).toEqual([]);
          }
        }),
        { numRuns: kind === 'pglite' ? 15 : 10 },
      );
    });

    if (kind === 'postgres') {
      it('race: 30 parallel spends of 100 from a wallet of 1,000 → exactly 10 succeed, balance 0', async () => {
        const { wallet } = await fundedWallet(1_000);
        const shop = await ledger.account(database.db, 'operator_receivable', randomUUID());
        const results = await Promise.allSettled(
          Array.from({ length: 30 }, () => database.db.transaction().execute((tx) => ledger.transfer(tx, { id: randomUUID(), debit: wallet, credit: shop, amount: 100, code: 'payment' }))),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
        expect([await available(wallet), await available(shop)]).toEqual([0, 1_000]);
      });

      it('race: 20 parallel transfers with one id → applied once', async () => {
        const { wallet } = await fundedWallet(1_000);
        const shop = await ledger.account(database.db, 'operator_receivable', randomUUID());
        const id = randomUUID();
        const results = await Promise.all(
          Array.from({ length: 20 }, () => database.db.transaction().execute((tx) => ledger.transfer(tx, { id, debit: wallet, credit: shop, amount: 250, code: 'payment' }))),
        );
        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect(await available(wallet)).toBe(750);
      });

      it('race: post and void on one hold → exactly one wins', async () => {
        for (let round = 0; round < 5; round++) {
          const { wallet } = await fundedWallet(1_000);
          const escrow = await ledger.account(database.db, 'platform_escrow');
          const hold = randomUUID();
          await database.db.transaction().execute((tx) => ledger.transfer(tx, { id: hold, debit: wallet, credit: escrow, amount: 600, code: 'order_payment', pending: true }));
          const [post, voided] = await Promise.allSettled([
            database.db.transaction().execute((tx) => ledger.post(tx, { id: randomUUID(), pendingId: hold, code: 'settle' })),
            database.db.transaction().execute((tx) => ledger.void(tx, { id: randomUUID(), pendingId: hold, code: 'refund' })),
          ]);
          expect([post.status, voided.status].filter((s) => s === 'fulfilled')).toHaveLength(1);
          const loser = post.status === 'rejected' ? post : voided;
          expect((loser as PromiseRejectedResult).reason).toMatchObject({ code: 'PENDING_ALREADY_RESOLVED' });
          expect(await available(wallet)).toBe(post.status === 'fulfilled' ? 400 : 1_000);
        }
      });
    }
  });
}
