/**
 * Resolve a dispute (RULES.md "Disputes"; D6, D7, R16): the operator accepts the claim
 * or the platform rules, and the outcome's money moves at once, in the case's
 * transaction, in this order:
 * 1. the refund, from escrow first: before receipt the whole refund voids the hold
 *    (the order is refunded), a part is returned by posting only the rest, settled to
 *    the operator (the order is received); after settlement the platform gives back
 *    its fee's share and the operator owes the rest (receivable, then deposit, then
 *    advanced by the platform as the operator's debt);
 * 2. compensation, from the operator's deposit first, then receivable, then advanced;
 * 3. a service provider's share, advanced by the platform as the provider's debt.
 * Then the case records the outcome and everyone is told. Transfer ids derive from the
 * case (or the order), so a repeat moves nothing twice.
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../database.js';
import type { AuditService } from '../modules/audit/index.js';
import type { DisputeRow, DisputesService, DisputeView, Outcome } from '../modules/disputes/index.js';
import type { Escrow, LedgerService } from '../modules/ledger/index.js';
import type { OrdersService } from '../modules/orders/index.js';
import type { OrderPaymentsService } from '../modules/payments/index.js';
import type { RefundOrderWorkflow } from './refund-order.js';

export function createResolveDisputeWorkflow(deps: {
  db: Kysely<DB>;
  disputes: DisputesService;
  orders: OrdersService;
  escrow: Escrow;
  ledger: LedgerService;
  orderPayments: OrderPaymentsService;
  refunds: RefundOrderWorkflow;
  audit: AuditService;
}) {
  const { db, disputes, orders, escrow, ledger, orderPayments, audit } = deps;

  /** The outcome's money, then the case resolved. Returns the provider refund to ask for after commit, if the order was paid through the provider. */
  async function resolve(ex: Executor, d: DisputeRow, by: 'operator' | 'platform', outcome: Outcome, reason: string | null, actorId: string): Promise<string | null> {
    const { refund, compensation, providerCompensation } = outcome;
    const parties = { id: d.id, buyerId: d.buyer_id, operatorId: d.operator_id };
    const { owedByOperator, payer, providerRefund } = await deps.refunds.refundOrder(ex, d.order_id, { refund, idPrefix: `dispute:${d.id}:refund`, actorId, event: 'dispute_refunded', voidCode: 'dispute_refund' });
    const refundFrom = await escrow.collectRefund(ex, parties, owedByOperator, payer);
    const compensationFrom = await escrow.collectCompensation(ex, parties, compensation);
    const providerCompensationFrom = providerCompensation > 0 ? await escrow.chargeProvider(ex, parties, d.service_provider_id!, providerCompensation) : {};
    const moved = { refund, compensation, refundFromOperator: refundFrom, compensationFrom, ...(providerCompensation > 0 ? { providerCompensation, providerCompensationFrom } : {}) };
    await disputes.recordResolution(ex, d, by, outcome, moved, reason, actorId);
    return providerRefund ?? null;
  }

  return {
    /**
     * The operator accepts (pays the claim at once) or refuses with a reason, while the
     * case is open; a named provider accepts (stating its share) or refuses, once.
     */
    async respond(userId: string, id: string, input: { accept: boolean; reason?: string | undefined; share?: number | undefined }): Promise<DisputeView> {
      const providerRefund = await db.transaction().execute(async (tx) => {
        const accepted = await disputes.answer(tx, userId, id, input);
        return accepted ? resolve(tx, accepted, 'operator', { refund: accepted.claim_refund, compensation: accepted.claim_compensation, providerCompensation: 0 }, null, userId) : null;
      });
      // The provider is asked after commit; its job and sweep retry a failure.
      await orderPayments.trySendRefunds([providerRefund]);
      return disputes.viewOf(id);
    },

    /** The platform's ruling on an escalated case: money moves at once, in this transaction. */
    async rule(adminId: string, id: string, input: { refund: number; compensation: number; providerCompensation?: number | undefined; reason: string }): Promise<DisputeView> {
      const providerRefund = await db.transaction().execute(async (tx) => {
        const { d, outcome } = await disputes.lockForRuling(tx, id, input);
        const asked = await resolve(tx, d, 'platform', outcome, input.reason, adminId);
        const detail = { orderId: d.order_id, refund: input.refund, compensation: input.compensation, providerCompensation: outcome.providerCompensation, reason: input.reason };
        await audit.record(tx, { actorId: adminId, action: 'dispute.rule', targetType: 'dispute', targetId: id, detail });
        return asked;
      });
      await orderPayments.trySendRefunds([providerRefund]);
      return disputes.viewOf(id);
    },

    /** The arbitration console (admins only, checked by the route): the case, its order, and every ledger line of both. */
    async caseForAdmin(id: string) {
      const dispute = await disputes.viewOf(id);
      return { dispute, order: await orders.orderForAdmin(dispute.orderId), ledger: await ledger.linesFor(db, [dispute.orderId, dispute.id]) };
    },
  };
}

export type ResolveDisputeWorkflow = ReturnType<typeof createResolveDisputeWorkflow>;
