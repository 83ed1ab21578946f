/**
 * The wallet's calls (API.md "Wallet", amounts in fen), the reads shared by pages
 * (balance, statement) and the checks a typed amount goes through before any money moves.
 */
import { useInfiniteQuery, useQuery, type QueryClient } from '@tanstack/react-query';
import { formatFen, parseYuan } from '../../lib/money';
import type { InputProblem } from '../../lib/validation';
import { at, call, client, idempotent, type BodyOf, type ItemOf, type QueryOf, type ResponseOf } from '../../api/client';

/** GET /wallet: spendable balance, money held in escrow and R12 rewards on their way in, in fen. */
export type Wallet = ResponseOf<'/wallet'>;
/** One line of GET /wallet/transfers, from the wallet's side (amount: positive in, negative out). */
export type WalletLine = ItemOf<ResponseOf<'/wallet/transfers'>>;
/** Why money moved: every ledger transfer code the server knows. */
export type TransferCode = WalletLine['code'];
export type TopUp = ResponseOf<'/wallet/top-ups/{id}'>['topUp'];
export type Withdrawal = ResponseOf<'/wallet/withdrawals', 'post'>['withdrawal'];

const byId = (id: string) => at({ id });

/** Every money POST carries an Idempotency-Key (api/idempotency.ts). */
export const walletApi = {
  wallet: () => call(client.GET('/wallet')),
  walletLines: (params: QueryOf<'/wallet/transfers'>) => call(client.GET('/wallet/transfers', { params: { query: params } })),
  createTopUp: (amount: number, idempotencyKey: string) => call(client.POST('/wallet/top-ups', { body: { amount }, ...idempotent(idempotencyKey) })),
  topUp: (topUpId: string) => call(client.GET('/wallet/top-ups/{id}', byId(topUpId))),
  /** Sandbox only: the sandbox payment provider pays the top-up (it calls Agora's signed webhook). */
  completeSandboxTopUp: (topUpId: string) => call(client.POST('/sandbox/top-ups/{id}/complete', byId(topUpId))),
  withdraw: (input: BodyOf<'/wallet/withdrawals'>, idempotencyKey: string) =>
    call(client.POST('/wallet/withdrawals', { body: input, ...idempotent(idempotencyKey) })),
};

/** Everything under this key is the wallet: invalidate it after money moves. */
export const WALLET_KEY = 'wallet';
const STATEMENT_PAGE = 20;

/** ¥50,000: the most one top-up or withdrawal may be (API.md "Wallet"). */
export const MAX_WALLET_AMOUNT = 5_000_000;
/** ¥1,000,000: the most one deposit payment may be. */
export const MAX_DEPOSIT_AMOUNT = 100_000_000;

/**
 * The top-up page for `amount` fen that, once paid, goes back to `backTo` (a
 * checkout short of that much); only paths under /checkout are followed back.
 */
export function topUpPath(amount: number, backTo: string): string {
  return `/wallet/top-up?${new URLSearchParams({ amount: String(amount), back: backTo }).toString()}`;
}

/** Where a finished top-up returns to: a checkout on this site, never anywhere else. */
export function topUpReturn(back: string | null): string | null {
  return back !== null && /^\/checkout(?:[?#]|$)/.test(back) ? back : null;
}

export function useWallet() {
  return useQuery({ queryKey: [WALLET_KEY, 'balance'], queryFn: walletApi.wallet });
}

/** GET /wallet/transfers, a page at a time ("load more"). */
export function useStatement() {
  return useInfiniteQuery({
    queryKey: [WALLET_KEY, 'lines'],
    queryFn: ({ pageParam }) => walletApi.walletLines({ limit: STATEMENT_PAGE, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/**
 * Money moved: read balance and statement again, also where no page shows them
 * right now, so the next page to show them never starts from the old figures.
 */
export function refreshWallet(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: [WALLET_KEY], refetchType: 'all' });
}

/** A typed amount that cannot be sent, as a message key and its values. */
export interface AmountProblem {
  key: InputProblem;
  values?: Record<string, string>;
}

/**
 * Yuan as typed → fen, or why not: not an amount, zero, above `max`, or above
 * what the wallet holds (`available`, when known).
 */
export function readAmount(text: string, limits: { max: number; available?: number | undefined }): { fen: number } | { problem: AmountProblem } {
  const fen = parseYuan(text);
  if (fen === null) return { problem: { key: 'validation.amount' } };
  if (fen <= 0) return { problem: { key: 'validation.amountPositive' } };
  if (fen > limits.max) return { problem: { key: 'validation.amountMax', values: { max: formatFen(limits.max) } } };
  if (limits.available !== undefined && fen > limits.available) {
    return { problem: { key: 'validation.amountOverBalance', values: { available: formatFen(limits.available) } } };
  }
  return { fen };
}
