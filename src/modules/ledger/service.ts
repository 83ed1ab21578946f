/**
 * The ledger (DESIGN "Data and money"): double-entry, modelled on TigerBeetle.
 *
 * - Accounts keep four running totals: debits/credits, pending/posted. A balance
 *   is derived from them; limits ("a wallet never goes below zero") are checked
 *   here and again by CHECK constraints.
 * - Transfers are immutable and carry an id the caller chose: the same id with the
 *   same body is a no-op that answers as the first did; with another body it is
 *   refused. A retry can therefore never move money twice.
 * - Two-phase: a `pending` transfer reserves money; it is later `post`ed (in full,
 *   or partly, the rest returning) or `void`ed, at most once (a unique index).
 * - Every function takes the caller's transaction, so several legs commit or fail
 *   together with the order, refund or ruling that caused them.
 * - Accounts are per owner: a wallet, receivable or deposit per user or shop, and
 *   escrow per buyer (`platform_escrow` owned by the buyer), so payments of different
 *   buyers lock different rows. How an order's money moves through them is escrow.ts.
 *
 * @example
 *   await db.transaction().execute(async (tx) => {
 *     const wallet = await ledger.account(tx, 'user_wallet', buyerId);
 *     const escrow = await ledger.account(tx, 'platform_escrow', buyerId);
 *     await ledger.transfer(tx, { id: `order-hold:${orderId}`, debit: wallet, credit: escrow, amount: 12900, code: 'order_payment', reference: orderId, pending: true });
 *   });
 */
import type { Executor } from '../../database.js';
import { AppError, validationFailed } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { ledgerRepo, type AccountRow, type TransferRow } from './repo.js';
import type { AccountCode, TransferKind } from './tables.js';

export const CNY = 'CNY';

/** Which side may not overdraw: liabilities (what Agora owes) may not be debited past their credits. */
const LIMITS: Record<AccountCode, { debitsMustNotExceedCredits: boolean; creditsMustNotExceedDebits: boolean }> = {
  user_wallet: { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false },
  operator_receivable: { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false },
  operator_deposit: { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false },
  platform_escrow: { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false },
  platform_fees: { debitsMustNotExceedCredits: true, creditsMustNotExceedDebits: false },
  // Money held at the payment provider: an asset, never credited past what came in.
  provider_clearing: { debitsMustNotExceedCredits: false, creditsMustNotExceedDebits: true },
  // What an operator owes the platform (compensation it advanced, RULES.md "Disputes"): an asset, never credited past what was advanced.
  operator_debt: { debitsMustNotExceedCredits: false, creditsMustNotExceedDebits: true },
  // D7: compensation a ruling charged a service provider, advanced by the platform (a provider keeps no deposit here).
  provider_debt: { debitsMustNotExceedCredits: false, creditsMustNotExceedDebits: true },
};

export const ledgerErrors = {
  insufficientFunds: (available: number) => new AppError('payment_required', 'INSUFFICIENT_FUNDS', 'The balance is not enough', { extra: { available } }),
  idReused: (id: string) => new AppError('conflict', 'TRANSFER_ID_REUSED', `Transfer ${id} already exists with a different body`),
  pendingNotFound: (id: string) => new AppError('conflict', 'PENDING_TRANSFER_NOT_FOUND', `No pending transfer ${id}`),
  alreadyResolved: (id: string) => new AppError('conflict', 'PENDING_ALREADY_RESOLVED', `Pending transfer ${id} was already posted or voided`),
  postExceedsPending: () => new AppError('conflict', 'POST_EXCEEDS_PENDING', 'Cannot post more than is pending'),
  badAmount: () => validationFailed(undefined, 'A transfer amount is a positive whole number of fen'),
};

export interface TransferInput {
  id: string;
  debit: string;
  credit: string;
  amount: number;
  code: string;
  reference?: string | undefined;
  /** Reserve now, post or void later. */
  pending?: boolean;
}

export interface Transfer {
  id: string;
  seq: number;
  kind: TransferKind;
  debitAccountId: string;
  creditAccountId: string;
  amount: number;
  pendingId: string | null;
  code: string;
  reference: string | null;
  createdAt: Date;
}

/** A transfer as a reviewer reads it: which kinds of account, whose, how much, and whether it moved. */
export interface LedgerLine {
  transferId: string;
  kind: TransferKind;
  /** Why: order_payment, dispute_refund, dispute_compensation… */
  code: string;
  debitAccount: AccountCode;
  debitOwnerId: string | null;
  creditAccount: AccountCode;
  creditOwnerId: string | null;
  amount: number;
  /** pending: still held; posted: moved (a post line, a single transfer, or a pending one posted); voided: released. */
  status: 'pending' | 'posted' | 'voided';
  at: string;
}

export interface Balance {
  accountId: string;
  debitsPending: number;
  debitsPosted: number;
  creditsPending: number;
  creditsPosted: number;
  /** For a liability (wallet, receivable, deposit): what may be spent now. */
  available: number;
  /** Reserved by pending debits (a wallet's money held in escrow). */
  held: number;
}

const toTransfer = (row: TransferRow): Transfer => ({
  id: row.id,
  seq: row.seq,
  kind: row.kind,
  debitAccountId: row.debit_account_id,
  creditAccountId: row.credit_account_id,
  amount: row.amount,
  pendingId: row.pending_id,
  code: row.code,
  reference: row.reference,
  createdAt: row.created_at,
});

const toBalance = (a: AccountRow): Balance => ({
  accountId: a.id,
  debitsPending: a.debits_pending,
  debitsPosted: a.debits_posted,
  creditsPending: a.credits_pending,
  creditsPosted: a.credits_posted,
  available: a.credits_posted - a.debits_posted - a.debits_pending,
  held: a.debits_pending,
});

function assertAmount(amount: number, allowZero = false): void {
  if (!Number.isSafeInteger(amount) || amount < 0 || (amount === 0 && !allowZero)) throw ledgerErrors.badAmount();
}

/** Same id and same body → the first result; same id, other body → refused. */
function sameBody(existing: TransferRow, kind: TransferKind, input: { debit: string; credit: string; amount: number; pendingId: string | null; code: string }): boolean {
  return (
    existing.kind === kind &&
    existing.debit_account_id === input.debit &&
    existing.credit_account_id === input.credit &&
    existing.amount === input.amount &&
    existing.pending_id === input.pendingId &&
    existing.code === input.code
  );
}

export function createLedgerService() {
  async function lock(ex: Executor, debit: string, credit: string): Promise<{ debit: AccountRow; credit: AccountRow }> {
    const rows = await ledgerRepo.lockAccounts(ex, [debit, credit]);
    const d = rows.find((r) => r.id === debit);
    const c = rows.find((r) => r.id === credit);
    if (!d || !c || d.ledger !== c.ledger) throw new Error(`ledger: unknown accounts or ledgers differ (${debit} → ${credit})`);
    return { debit: d, credit: c };
  }

  async function resolve(ex: Executor, kind: 'post' | 'void', input: { id: string; pendingId: string; amount?: number; code: string; reference?: string | undefined }) {
    const pending = await ledgerRepo.findTransfer(ex, input.pendingId);
    if (!pending || pending.kind !== 'pending') throw ledgerErrors.pendingNotFound(input.pendingId);
    const amount = kind === 'void' ? pending.amount : (input.amount ?? pending.amount);
    assertAmount(amount, true);
    const body = { debit: pending.debit_account_id, credit: pending.credit_account_id, amount, pendingId: pending.id, code: input.code };
    await lock(ex, body.debit, body.credit);
    const existing = await ledgerRepo.findTransfer(ex, input.id);
    if (existing) {
      if (!sameBody(existing, kind, body)) throw ledgerErrors.idReused(input.id);
      return { transfer: toTransfer(existing), created: false };
    }
    if (amount > pending.amount) throw ledgerErrors.postExceedsPending();
    const inserted = await ledgerRepo.insertTransfer(ex, {
      id: input.id,
      ledger: pending.ledger,
      kind,
      debit_account_id: body.debit,
      credit_account_id: body.credit,
      amount,
      pending_id: pending.id,
      code: input.code,
      reference: input.reference ?? pending.reference,
    });
    if (!inserted) throw ledgerErrors.alreadyResolved(pending.id);
    // The whole reservation is released; the posted part (all, some or none) moves.
    const posted = kind === 'post' ? amount : 0;
    await ledgerRepo.addToAccount(ex, body.debit, { debits_pending: -pending.amount, debits_posted: posted });
    await ledgerRepo.addToAccount(ex, body.credit, { credits_pending: -pending.amount, credits_posted: posted });
    return { transfer: toTransfer((await ledgerRepo.findTransfer(ex, input.id))!), created: true };
  }

  /** A single-phase or pending transfer. `created: false` means this id had already been applied. */
  async function transfer(ex: Executor, input: TransferInput): Promise<{ transfer: Transfer; created: boolean }> {
    assertAmount(input.amount);
    const kind: TransferKind = input.pending ? 'pending' : 'single';
    const body = { debit: input.debit, credit: input.credit, amount: input.amount, pendingId: null, code: input.code };
    const { debit, credit } = await lock(ex, input.debit, input.credit);
    // Looked up after the locks: a concurrent twin that committed meanwhile is seen here.
    const existing = await ledgerRepo.findTransfer(ex, input.id);
    if (existing) {
      if (!sameBody(existing, kind, body)) throw ledgerErrors.idReused(input.id);
      return { transfer: toTransfer(existing), created: false };
    }
    if (debit.debits_must_not_exceed_credits && debit.debits_pending + debit.debits_posted + input.amount > debit.credits_posted) {
      throw ledgerErrors.insufficientFunds(Math.max(0, debit.credits_posted - debit.debits_posted - debit.debits_pending));
    }
    if (credit.credits_must_not_exceed_debits && credit.credits_pending + credit.credits_posted + input.amount > credit.debits_posted) {
      throw ledgerErrors.insufficientFunds(Math.max(0, credit.debits_posted - credit.credits_posted - credit.credits_pending));
    }
    const inserted = await ledgerRepo.insertTransfer(ex, {
      id: input.id,
      ledger: debit.ledger,
      kind,
      debit_account_id: input.debit,
      credit_account_id: input.credit,
      amount: input.amount,
      pending_id: null,
      code: input.code,
      reference: input.reference ?? null,
    });
    if (!inserted) throw ledgerErrors.idReused(input.id);
    if (input.pending) {
      await ledgerRepo.addToAccount(ex, input.debit, { debits_pending: input.amount });
      await ledgerRepo.addToAccount(ex, input.credit, { credits_pending: input.amount });
    } else {
      await ledgerRepo.addToAccount(ex, input.debit, { debits_posted: input.amount });
      await ledgerRepo.addToAccount(ex, input.credit, { credits_posted: input.amount });
    }
    return { transfer: toTransfer((await ledgerRepo.findTransfer(ex, input.id))!), created: true };
  }

  return {
    /** The account of this kind for this owner (platform accounts have none), created on first use. */
    async account(ex: Executor, code: AccountCode, ownerId: string | null = null): Promise<string> {
      const found = await ledgerRepo.findAccountFor(ex, CNY, code, ownerId);
      if (found) return found.id;
      const limits = LIMITS[code];
      await ledgerRepo.insertAccount(ex, {
        id: newId(),
        ledger: CNY,
        code,
        owner_id: ownerId,
        debits_must_not_exceed_credits: limits.debitsMustNotExceedCredits,
        credits_must_not_exceed_debits: limits.creditsMustNotExceedDebits,
      });
      return (await ledgerRepo.findAccountFor(ex, CNY, code, ownerId))!.id;
    },

    transfer,

    /**
     * A single-phase transfer of as much as the accounts' limits allow, up to `upTo`
     * (all of the debit's available balance, or all the credit may still take):
     * computed after both accounts are locked, so a concurrent transfer cannot make it
     * overdraw. Returns the amount moved (0: nothing, and no transfer is stored).
     */
    async transferAvailable(ex: Executor, input: Omit<TransferInput, 'amount' | 'pending'> & { upTo: number }): Promise<number> {
      const { debit, credit } = await lock(ex, input.debit, input.credit);
      const existing = await ledgerRepo.findTransfer(ex, input.id);
      if (existing) return existing.amount;
      let amount = input.upTo;
      if (debit.debits_must_not_exceed_credits) amount = Math.min(amount, debit.credits_posted - debit.debits_posted - debit.debits_pending);
      if (credit.credits_must_not_exceed_debits) amount = Math.min(amount, credit.debits_posted - credit.credits_posted - credit.credits_pending);
      if (amount <= 0) return 0;
      await transfer(ex, { ...input, amount });
      return amount;
    },

    /** Post a pending transfer: all of it, or `amount` of it with the rest returned. */
    post: (ex: Executor, input: { id: string; pendingId: string; amount?: number; code: string; reference?: string | undefined }) => resolve(ex, 'post', input),

    /** Void a pending transfer: the reservation returns in full. */
    void: (ex: Executor, input: { id: string; pendingId: string; code: string; reference?: string | undefined }) => resolve(ex, 'void', input),

    /** The pending transfer's state: still pending, or how it was resolved. */
    async pendingState(ex: Executor, pendingId: string): Promise<'pending' | 'posted' | 'voided' | undefined> {
      const pending = await ledgerRepo.findTransfer(ex, pendingId);
      if (!pending || pending.kind !== 'pending') return undefined;
      const resolution = await ledgerRepo.findResolution(ex, pendingId);
      return resolution ? (resolution.kind === 'post' ? 'posted' : 'voided') : 'pending';
    },

    /** The balance of an owner's account of this kind; all zero when it was never used (no row is created). */
    async balanceOf(ex: Executor, code: AccountCode, ownerId: string | null = null): Promise<Balance> {
      const account = await ledgerRepo.findAccountFor(ex, CNY, code, ownerId);
      return account ? toBalance(account) : { accountId: '', debitsPending: 0, debitsPosted: 0, creditsPending: 0, creditsPosted: 0, available: 0, held: 0 };
    },

    /** The account id of this kind for this owner, if it exists. */
    async findAccount(ex: Executor, code: AccountCode, ownerId: string | null = null): Promise<string | undefined> {
      return (await ledgerRepo.findAccountFor(ex, CNY, code, ownerId))?.id;
    },

    async balance(ex: Executor, accountId: string): Promise<Balance> {
      const account = await ledgerRepo.findAccount(ex, accountId);
      if (!account) throw new Error(`ledger: no account ${accountId}`);
      return toBalance(account);
    },

    async transfers(ex: Executor, accountId: string, page: { limit: number; beforeSeq?: number | undefined }): Promise<Transfer[]> {
      return (await ledgerRepo.transfersOfAccount(ex, accountId, page.limit, page.beforeSeq)).map(toTransfer);
    },

    /**
     * A statement: the account's single and pending transfers, newest first, each
     * pending one with how it ended (still held, posted — perhaps in part — or
     * released). Posts and voids are not lines of their own: they end a line.
     */
    async statement(ex: Executor, accountId: string, page: { limit: number; beforeSeq?: number | undefined }) {
      const rows = await ledgerRepo.transfersOfAccount(ex, accountId, page.limit, page.beforeSeq, ['single', 'pending']);
      const resolutions = new Map((await ledgerRepo.resolutionsOf(ex, rows.filter((r) => r.kind === 'pending').map((r) => r.id))).map((r) => [r.pending_id!, r]));
      return rows.map((row) => {
        const end = resolutions.get(row.id);
        const state: 'posted' | 'pending' | 'released' = row.kind === 'single' ? 'posted' : !end ? 'pending' : end.kind === 'void' || end.amount === 0 ? 'released' : 'posted';
        // A partial post moves only what was posted; the rest came back.
        const amount = row.kind === 'pending' && end?.kind === 'post' ? end.amount : row.amount;
        return { transfer: toTransfer(row), state, amount };
      });
    },

    /**
     * Every line (pending, post, void, single) of these references in the order they
     * were written, each account named by its kind and owner, for a reviewer
     * (the arbitration console). A pending line says how it ended.
     */
    async linesFor(ex: Executor, references: readonly string[]): Promise<LedgerLine[]> {
      const rows = (await ledgerRepo.transfersByReferences(ex, references)).filter((row, i, all) => all.findIndex((r) => r.id === row.id) === i);
      const accounts = new Map((await ledgerRepo.findAccounts(ex, [...new Set(rows.flatMap((r) => [r.debit_account_id, r.credit_account_id]))])).map((a) => [a.id, a]));
      const ends = new Map((await ledgerRepo.resolutionsOf(ex, rows.filter((r) => r.kind === 'pending').map((r) => r.id))).map((r) => [r.pending_id!, r]));
      return rows.map((row) => {
        const debit = accounts.get(row.debit_account_id)!;
        const credit = accounts.get(row.credit_account_id)!;
        const end = ends.get(row.id);
        const status = row.kind === 'void' ? 'voided' : row.kind !== 'pending' ? 'posted' : !end ? 'pending' : end.kind === 'void' ? 'voided' : 'posted';
        return {
          transferId: row.id,
          kind: row.kind,
          code: row.code,
          debitAccount: debit.code,
          debitOwnerId: debit.owner_id,
          creditAccount: credit.code,
          creditOwnerId: credit.owner_id,
          amount: row.amount,
          status,
          at: row.created_at.toISOString(),
        };
      });
    },

    async transfersFor(ex: Executor, reference: string): Promise<Transfer[]> {
      return (await ledgerRepo.transfersByReference(ex, reference)).map(toTransfer);
    },

    /**
     * Every ledger invariant, checked from the stored rows: debits equal credits per
     * ledger, each account's totals equal a recomputation from its transfers, every
     * resolution matches its pending transfer and none is resolved twice, and no
     * account is past its limit. An empty list means the books are right.
     */
    async check(ex: Executor): Promise<string[]> {
      const problems: string[] = [];
      for (const t of (await ledgerRepo.totalsPerLedger(ex)).rows) {
        if (Number(t.debits_pending) !== Number(t.credits_pending) || Number(t.debits_posted) !== Number(t.credits_posted)) {
          problems.push(`ledger ${t.ledger}: debits ${t.debits_pending}/${t.debits_posted} ≠ credits ${t.credits_pending}/${t.credits_posted} (pending/posted)`);
        }
      }
      for (const a of (await ledgerRepo.accountsDifferingFromTransfers(ex)).rows) {
        problems.push(`account ${a.id}: stored ${a.stored} ≠ from transfers ${a.recomputed} (dp/dpo/cp/cpo)`);
      }
      for (const r of (await ledgerRepo.badResolutions(ex)).rows) problems.push(`transfer ${r.id}: ${r.problem}`);
      for (const a of await ledgerRepo.accountsOverLimit(ex)) problems.push(`account ${a.id} (${a.code}) is past its balance limit`);
      return problems;
    },
  };
}

export type LedgerService = ReturnType<typeof createLedgerService>;
