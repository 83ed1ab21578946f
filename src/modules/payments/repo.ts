import type { Insertable } from 'kysely';
import type { Executor } from '../../database.js';
import type { OrderPaymentsTable, ProviderRefundsTable, TopUpsTable, WithdrawalsTable } from './tables.js';

export const paymentsRepo = {
  /** A repeat of the same id (a retried request) is a no-op. */
  async insertTopUp(ex: Executor, row: Insertable<TopUpsTable>): Promise<void> {
    await ex.insertInto('top_ups').values(row).onConflict((oc) => oc.column('id').doNothing()).execute();
  },

  findTopUp(ex: Executor, id: string) {
    return ex.selectFrom('top_ups').selectAll().where('id', '=', id).executeTakeFirst();
  },

  findTopUpForUpdate(ex: Executor, id: string) {
    return ex.selectFrom('top_ups').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  async markTopUpSucceeded(ex: Executor, id: string, providerRef: string, at: Date): Promise<void> {
    await ex.updateTable('top_ups').set({ status: 'succeeded', provider_ref: providerRef, completed_at: at }).where('id', '=', id).execute();
  },

  findWithdrawal(ex: Executor, id: string) {
    return ex.selectFrom('withdrawals').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async insertWithdrawal(ex: Executor, row: Insertable<WithdrawalsTable>): Promise<void> {
    await ex.insertInto('withdrawals').values(row).execute();
  },
};

/** Orders paid through the provider and the refunds of those payments. */
export const orderPaymentsRepo = {
  async insertPayment(ex: Executor, row: Insertable<OrderPaymentsTable>): Promise<void> {
    await ex.insertInto('order_payments').values(row).onConflict((oc) => oc.column('id').doNothing()).execute();
  },

  findPayment(ex: Executor, id: string) {
    return ex.selectFrom('order_payments').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** FOR NO KEY UPDATE: a refund row referencing the payment (its foreign key) is not blocked. */
  lockPayment(ex: Executor, id: string) {
    return ex.selectFrom('order_payments').selectAll().where('id', '=', id).forNoKeyUpdate().executeTakeFirst();
  },

  /** The payment that paid the order, if the provider did. */
  paidPaymentOf(ex: Executor, orderId: string) {
    return ex.selectFrom('order_payments').selectAll().where('order_id', '=', orderId).where('status', '=', 'succeeded').executeTakeFirst();
  },

  async completePayment(ex: Executor, id: string, status: 'succeeded' | 'returned', providerRef: string, at: Date): Promise<void> {
    await ex.updateTable('order_payments').set({ status, provider_ref: providerRef, completed_at: at }).where('id', '=', id).execute();
  },

  /** A repeat of the same id (the same refund asked again) is a no-op; returns whether it was new. */
  async insertRefund(ex: Executor, row: Insertable<ProviderRefundsTable>): Promise<boolean> {
    const result = await ex.insertInto('provider_refunds').values(row).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  },

  async refundedSoFar(ex: Executor, paymentId: string): Promise<number> {
    const row = await ex.selectFrom('provider_refunds').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.lit(0)).as('total')).where('payment_id', '=', paymentId).executeTakeFirstOrThrow();
    return Number(row.total);
  },

  findRefund(ex: Executor, id: string) {
    return ex.selectFrom('provider_refunds').selectAll().where('id', '=', id).executeTakeFirst();
  },

  pendingRefunds(ex: Executor, createdBefore: Date, limit: number) {
    return ex.selectFrom('provider_refunds').select('id').where('status', '=', 'pending').where('created_at', '<=', createdBefore).orderBy('created_at').limit(limit).execute();
  },

  async refundSucceeded(ex: Executor, id: string, providerRef: string, at: Date): Promise<void> {
    await ex
      .updateTable('provider_refunds')
      .set((eb) => ({ status: 'succeeded', provider_ref: providerRef, completed_at: at, attempts: eb('attempts', '+', 1), last_error: null }))
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .execute();
  },

  async refundFailed(ex: Executor, id: string, error: string): Promise<void> {
    await ex
      .updateTable('provider_refunds')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error.slice(0, 500) }))
      .where('id', '=', id)
      .execute();
  },

  /** For the books: what the provider holds for Agora according to these rows. */
  async clearingTotals(ex: Executor) {
    const sum = (table: 'top_ups' | 'order_payments' | 'withdrawals' | 'provider_refunds', statuses: readonly string[] | null) => {
      let q = ex.selectFrom(table).select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.lit(0)).as('total'));
      if (statuses) q = q.where('status', 'in', statuses as never);
      return q.executeTakeFirstOrThrow().then((r) => Number(r.total));
    };
    return {
      topUps: await sum('top_ups', ['succeeded']),
      orderPayments: await sum('order_payments', ['succeeded', 'returned']),
      withdrawals: await sum('withdrawals', null),
      refunds: await sum('provider_refunds', null),
    };
  },

  /** Payments refunded past their amount, or returned without being refunded in full. */
  overRefunded(ex: Executor) {
    return ex
      .selectFrom('order_payments as p')
      .leftJoin('provider_refunds as r', 'r.payment_id', 'p.id')
      .select((eb) => ['p.id', 'p.status', 'p.amount', eb.fn.coalesce(eb.fn.sum<number>('r.amount'), eb.lit(0)).as('refunded')])
      .groupBy(['p.id', 'p.status', 'p.amount'])
      .having((eb) => eb.or([eb(eb.fn.coalesce(eb.fn.sum<number>('r.amount'), eb.lit(0)), '>', eb.ref('p.amount')), eb.and([eb('p.status', '=', 'returned'), eb(eb.fn.coalesce(eb.fn.sum<number>('r.amount'), eb.lit(0)), '<>', eb.ref('p.amount'))])]))
      .execute();
  },
};
