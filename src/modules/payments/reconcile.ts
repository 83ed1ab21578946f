/**
 * The provider's money in the books (`ledger:check`): provider_clearing — what the
 * payment provider holds for Agora — must equal what the payments rows say came in
 * and went out: top-ups and order payments that arrived, less withdrawals and provider
 * refunds (recorded when asked, as a withdrawal is). A hold paid by the provider counts
 * while pending (escrow.ts). And no payment is refunded past its amount, and a payment
 * that arrived too late (returned) is refunded in full.
 */
import type { Executor } from '../../database.js';
import type { LedgerService } from '../ledger/index.js';
import { orderPaymentsRepo } from './repo.js';

export async function providerMoneyProblems(ex: Executor, ledger: Pick<LedgerService, 'balanceOf'>): Promise<string[]> {
  const problems: string[] = [];
  const b = await ledger.balanceOf(ex, 'provider_clearing');
  const inBooks = b.debitsPosted + b.debitsPending - b.creditsPosted - b.creditsPending;
  const t = await orderPaymentsRepo.clearingTotals(ex);
  const inRows = t.topUps + t.orderPayments - t.withdrawals - t.refunds;
  if (inBooks !== inRows) {
    problems.push(`provider_clearing ${inBooks} ≠ payments rows ${inRows} (top-ups ${t.topUps} + order payments ${t.orderPayments} − withdrawals ${t.withdrawals} − provider refunds ${t.refunds})`);
  }
  for (const p of await orderPaymentsRepo.overRefunded(ex)) problems.push(`order payment ${p.id} (${p.status}, ${p.amount}) refunded ${p.refunded}`);
  return problems;
}
