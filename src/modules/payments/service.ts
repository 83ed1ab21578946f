/**
 * Money in and out of wallets through the payment provider (API.md "Wallet").
 *
 * A top-up is created pending; the provider pays and calls our webhook, signed
 * (signature.ts); the webhook credits the wallet with a ledger transfer whose id
 * is derived from the top-up, so a repeated webhook credits once. Withdrawals
 * need the payment PIN (D4) and a verified identity.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../database.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { Clock } from '../../lib/clock.js';
import { derivedId, newId } from '../../lib/ids.js';
import type { AccountsService } from '../accounts/index.js';
import type { LedgerService } from '../ledger/index.js';
import { paymentsRepo } from './repo.js';
import { nextCursor } from '../../lib/paging.js';

export interface TopUpView {
  id: string;
  amount: number;
  status: 'pending' | 'succeeded' | 'failed';
  createdAt: string;
  completedAt: string | null;
}

export interface WalletLine {
  id: string;
  code: string;
  /** From the wallet's side: positive in, negative out. */
  amount: number;
  state: 'posted' | 'pending' | 'released';
  reference: string | null;
  createdAt: string;
}

export interface ProviderEvent {
  type: 'top_up.succeeded';
  topUpId: string;
  amount: number;
  providerRef: string;
}

const topUpView = (row: { id: string; amount: number; status: TopUpView['status']; created_at: Date; completed_at: Date | null }): TopUpView => ({
  id: row.id,
  amount: row.amount,
  status: row.status,
  createdAt: row.created_at.toISOString(),
  completedAt: row.completed_at ? row.completed_at.toISOString() : null,
});

export function createPaymentsService(deps: { db: Kysely<DB>; ledger: LedgerService; accounts: AccountsService; clock: Clock }) {
  const { db, ledger, accounts, clock } = deps;

  const walletOf = (ex: Parameters<LedgerService['account']>[0], userId: string) => ledger.account(ex, 'user_wallet', userId);

  return {
    /** `balance` may be spent; `held` sits in escrow for unpaid-out orders; `incoming` is money on its way in (R12 rewards until their order completes). */
    async wallet(userId: string): Promise<{ balance: number; held: number; incoming: number }> {
      const balance = await ledger.balanceOf(db, 'user_wallet', userId);
      return { balance: balance.available, held: balance.held, incoming: balance.creditsPending };
    },

    async statement(userId: string, page: { limit: number; cursor?: string | undefined }) {
      const wallet = await ledger.findAccount(db, 'user_wallet', userId);
      if (!wallet) return { items: [], nextCursor: null };
      const beforeSeq = page.cursor !== undefined && /^\d{1,15}$/.test(page.cursor) ? Number(page.cursor) : undefined;
      const lines = await ledger.statement(db, wallet, { limit: page.limit, beforeSeq });
      const items: WalletLine[] = lines.map(({ transfer: t, state, amount }) => ({
        id: t.id,
        code: t.code,
        amount: t.debitAccountId === wallet ? -amount : amount,
        state,
        reference: t.reference,
        createdAt: t.createdAt.toISOString(),
      }));
      return { items, nextCursor: nextCursor(lines, page.limit, (line) => String(line.transfer.seq)) };
    },

    /**
     * With an Idempotency-Key the top-up's id derives from it: a retry whose first
     * answer was lost finds the same top-up, so the provider is not asked to collect twice.
     */
    async createTopUp(userId: string, amount: number, requestKey?: string): Promise<TopUpView> {
      const id = requestKey ? derivedId(`top-up:${userId}:${requestKey}`) : newId(clock.now().getTime());
      await paymentsRepo.insertTopUp(db, { id, user_id: userId, amount, status: 'pending', created_at: clock.now() });
      return topUpView((await paymentsRepo.findTopUp(db, id))!);
    },

    async topUp(userId: string, id: string): Promise<TopUpView> {
      const row = await paymentsRepo.findTopUp(db, id);
      if (!row || row.user_id !== userId) throw notFound('top-up');
      return topUpView(row);
    },

    /** For the sandbox provider: the top-up it is asked to collect, whoever owns it. */
    async topUpForProvider(id: string): Promise<TopUpView | undefined> {
      const row = await paymentsRepo.findTopUp(db, id);
      return row ? topUpView(row) : undefined;
    },

    /**
     * A verified provider event. The wallet is credited once however often the
     * provider repeats it: the ledger transfer id is the top-up's.
     */
    async handleProviderEvent(event: ProviderEvent): Promise<TopUpView> {
      return db.transaction().execute(async (tx) => {
        const row = await paymentsRepo.findTopUpForUpdate(tx, event.topUpId);
        if (!row) throw notFound('top-up');
        if (row.amount !== event.amount) throw new AppError('invalid', 'AMOUNT_MISMATCH', 'The paid amount differs from the top-up');
        const clearing = await ledger.account(tx, 'provider_clearing');
        await ledger.transfer(tx, { id: `top-up:${row.id}`, debit: clearing, credit: await walletOf(tx, row.user_id), amount: row.amount, code: 'top_up', reference: row.id });
        if (row.status === 'pending') await paymentsRepo.markTopUpSucceeded(tx, row.id, event.providerRef, clock.now());
        return topUpView((await paymentsRepo.findTopUp(tx, row.id))!);
      });
    },

    /**
     * D4: identity verified and the PIN right (accounts.authorisePayment: a wrong PIN
     * counts, even though the withdrawal fails). With an Idempotency-Key the withdrawal's id derives from it,
     * so a retry after a crash finds the first withdrawal instead of making another.
     */
    async withdraw(userId: string, amount: number, pin: string, requestKey?: string): Promise<{ id: string; amount: number; status: 'completed' }> {
      const id = requestKey ? derivedId(`withdrawal:${userId}:${requestKey}`) : newId(clock.now().getTime());
      const done = await paymentsRepo.findWithdrawal(db, id);
      if (done && done.user_id === userId) return { id: done.id, amount: done.amount, status: done.status };
      await accounts.authorisePayment(userId, { kind: 'withdrawal', amount }, { pin });
      return db.transaction().execute(async (tx) => {
        const clearing = await ledger.account(tx, 'provider_clearing');
        await ledger.transfer(tx, { id: `withdrawal:${id}`, debit: await walletOf(tx, userId), credit: clearing, amount, code: 'withdrawal', reference: id });
        await paymentsRepo.insertWithdrawal(tx, { id, user_id: userId, amount, status: 'completed', created_at: clock.now() });
        return { id, amount, status: 'completed' as const };
      });
    },
  };
}

export type PaymentsService = ReturnType<typeof createPaymentsService>;
