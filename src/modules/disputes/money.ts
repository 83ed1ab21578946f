/**
 * The money of an outcome (issue 7 item 4, D6, D7), inside the case's transaction.
 * Transfer ids derive from the case, so a repeat moves nothing twice.
 */
import type { Executor } from '../../database.js';
import type { LedgerService } from '../ledger/index.js';
import type { OrdersService } from '../orders/index.js';
import type { DisputeRow } from './repo.js';

export function createDisputeMoney(deps: { ledger: LedgerService; orders: OrdersService }) {
  const { ledger, orders } = deps;

  /**
   * The operator pays `amount` to the buyer from its accounts in the given order;
   * what they cannot cover the platform advances, recorded as the operator's debt
   * (its `operator_debt` account). Returns where the money came from.
   */
  async function collect(ex: Executor, d: DisputeRow, amount: number, tag: string, sources: readonly ('operator_deposit' | 'operator_receivable')[]) {
    const wallet = await ledger.account(ex, 'user_wallet', d.buyer_id);
    const from: Record<string, number> = {};
    let rest = amount;
    for (const code of sources) {
      const account = await ledger.account(ex, code, d.operator_id);
      const take = await ledger.transferAvailable(ex, { id: `dispute:${d.id}:${tag}:${code}`, debit: account, credit: wallet, upTo: rest, code: `dispute_${tag}`, reference: d.id });
      if (take <= 0) continue;
      from[code] = take;
      rest -= take;
    }
    if (rest > 0) {
      const debt = await ledger.account(ex, 'operator_debt', d.operator_id);
      await ledger.transfer(ex, { id: `dispute:${d.id}:${tag}:advance`, debit: debt, credit: wallet, amount: rest, code: `dispute_${tag}_advance`, reference: d.id });
      from['platform_advance'] = rest;
    }
    return from;
  }

  /**
   * D7: compensation charged to a service provider. A provider keeps no deposit or
   * receivables here, so the platform pays the buyer now and records the provider's
   * debt (`provider_debt`), to be recovered under the service contract.
   */
  async function chargeProvider(ex: Executor, d: DisputeRow, amount: number) {
    const wallet = await ledger.account(ex, 'user_wallet', d.buyer_id);
    const debt = await ledger.account(ex, 'provider_debt', d.service_provider_id!);
    await ledger.transfer(ex, { id: `dispute:${d.id}:provider_compensation:advance`, debit: debt, credit: wallet, amount, code: 'dispute_provider_compensation_advance', reference: d.id });
    return { provider_debt: amount };
  }

  return {
    /** The outcome's money, at once: the refund (escrow first), then compensation (deposit first), then the provider's share. */
    async pay(ex: Executor, d: DisputeRow, outcome: { refund: number; compensation: number; providerCompensation: number }, actorId: string | null) {
      const { refund, compensation, providerCompensation } = outcome;
      const { owedByOperator } = await orders.refundForDispute(ex, d.order_id, { refund, idPrefix: `dispute:${d.id}:refund`, actorId });
      const refundFrom = owedByOperator > 0 ? await collect(ex, d, owedByOperator, 'refund', ['operator_receivable', 'operator_deposit']) : {};
      const compensationFrom = compensation > 0 ? await collect(ex, d, compensation, 'compensation', ['operator_deposit', 'operator_receivable']) : {};
      const providerCompensationFrom = providerCompensation > 0 ? await chargeProvider(ex, d, providerCompensation) : {};
      return { refund, compensation, refundFromOperator: refundFrom, compensationFrom, ...(providerCompensation > 0 ? { providerCompensation, providerCompensationFrom } : {}) };
    },
  };
}
