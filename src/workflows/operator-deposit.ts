/**
 * R16: the published deposit rule, what a shop owes, and paying it. Spans the
 * catalog (which categories carry which deposit, which ones the shop sells in),
 * operators (whose shop it is) and the ledger (the operator's deposit account,
 * paid from the owner's wallet).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB } from '../database.js';
import { Body, IdParams, problems } from '../http/schemas.js';
import { newId } from '../lib/ids.js';
import type { CatalogService } from '../modules/catalog/index.js';
import type { DisputesService } from '../modules/disputes/index.js';
import type { LedgerService } from '../modules/ledger/index.js';
import type { OrdersService } from '../modules/orders/index.js';
import { DEPOSIT_RULE, DepositRule, DepositStatus, operatorsErrors, requiredDeposit, type OperatorsService } from '../modules/operators/index.js';

const BASE_CATEGORY = 'general';

export function createDepositWorkflow(deps: {
  db: Kysely<DB>;
  catalog: CatalogService;
  operators: OperatorsService;
  ledger: LedgerService;
  orders: OrdersService;
  /** Whether a dispute against the shop is still open (its compensation comes from the deposit first). */
  disputes: DisputesService;
}) {
  const { db, catalog, operators, ledger, orders, disputes } = deps;

  async function position(operatorId: string) {
    const deposits = await catalog.categoryDeposits();
    const sold = await catalog.categoriesOfOperator(operatorId);
    const required = requiredDeposit(
      sold.map((id) => deposits.get(id)?.deposit ?? 0),
      deposits.get(BASE_CATEGORY)?.deposit ?? 0,
    );
    const account = await ledger.balanceOf(db, 'operator_deposit', operatorId);
    // `paid` is everything paid in; `balance` is what is left after compensation paid out.
    return { required, paid: account.creditsPosted, balance: account.available, categories: sold };
  }

  return {
    async publishedRule() {
      const categories = [...(await catalog.categoryDeposits()).values()];
      return {
        currency: 'CNY' as const,
        categories: categories.map((c) => ({ id: c.id, name: c.name, nameEn: c.nameEn, deposit: c.deposit })),
        howRequiredIsSet: DEPOSIT_RULE.howRequiredIsSet.zh,
        howRequiredIsSetEn: DEPOSIT_RULE.howRequiredIsSet.en,
        uses: DEPOSIT_RULE.uses.map((u) => u.zh),
        usesEn: DEPOSIT_RULE.uses.map((u) => u.en),
        refund: DEPOSIT_RULE.refund.zh,
        refundEn: DEPOSIT_RULE.refund.en,
        publishedAt: DEPOSIT_RULE.publishedAt,
      };
    },

    async statusOf(userId: string, roles: string[], operatorId: string) {
      await operators.assertDepositReader(userId, roles, operatorId);
      return position(operatorId);
    },

    /**
     * R16: the deposit comes back to the owner's wallet only once the shop has closed
     * and nothing is left that it might have to answer for: no open orders and no open
     * disputes (their compensation comes from the deposit first).
     */
    async refund(userId: string, operatorId: string) {
      await db.transaction().execute(async (tx) => {
        const shop = await operators.requireOwnedShop(tx, userId, operatorId);
        if (!shop.closed) throw operatorsErrors.depositLocked('The deposit is returned after the shop’s closure takes effect');
        if ((await orders.openOrderCount(operatorId, tx)) > 0) throw operatorsErrors.depositLocked('The shop still has open orders');
        if (await disputes.operatorHasOpenDisputes(tx, operatorId)) throw operatorsErrors.depositLocked('The shop still has open disputes');
        const deposit = await ledger.account(tx, 'operator_deposit', operatorId);
        const { available } = await ledger.balance(tx, deposit);
        if (available > 0) {
          await ledger.transfer(tx, { id: `deposit-refund:${operatorId}:${newId()}`, debit: deposit, credit: await ledger.account(tx, 'user_wallet', userId), amount: available, code: 'deposit_refund', reference: operatorId });
        }
      });
      return position(operatorId);
    },

    /** The owner pays toward the deposit from its own wallet (any positive amount). */
    async pay(userId: string, operatorId: string, amount: number) {
      await db.transaction().execute(async (tx) => {
        const shop = await operators.requireOwnedShop(tx, userId, operatorId);
        // Only an approved shop can ever close and get its deposit back (R16).
        if (!shop.approved) throw operatorsErrors.notApproved('Only an approved shop keeps a deposit');
        const wallet = await ledger.account(tx, 'user_wallet', userId);
        const deposit = await ledger.account(tx, 'operator_deposit', operatorId);
        const id = newId();
        await ledger.transfer(tx, { id: `deposit:${id}`, debit: wallet, credit: deposit, amount, code: 'deposit', reference: operatorId });
      });
      return position(operatorId);
    },
  };
}

export function registerDepositRoutes(untyped: FastifyInstance, deps: { deposit: ReturnType<typeof createDepositWorkflow> }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/deposit-rule', { schema: { tags: ['operators'], summary: 'The published security-deposit rule (R16)', response: { 200: DepositRule, ...problems } } }, async () =>
    deps.deposit.publishedRule(),
  );
  app.get(
    '/operators/:id/deposit',
    { config: { auth: 'user' }, schema: { tags: ['operators'], summary: 'What the shop owes toward its deposit (operator or admin)', params: IdParams, response: { 200: DepositStatus, ...problems } } },
    async (request) => deps.deposit.statusOf(request.auth!.userId, request.auth!.roles, request.params.id),
  );
  app.post(
    '/operators/:id/deposit',
    {
      config: { auth: 'user', idempotent: true },
      schema: {
        tags: ['operators'],
        summary: 'Pay toward the shop’s security deposit from the owner’s wallet (R16)',
        params: IdParams,
        body: Body({ amount: Type.Integer({ minimum: 1, maximum: 100_000_000, description: 'fen' }) }),
        response: { 200: DepositStatus, ...problems },
      },
    },
    async (request) => deps.deposit.pay(request.auth!.userId, request.params.id, request.body.amount),
  );
  app.post(
    '/operators/:id/deposit/refund',
    {
      config: { auth: 'user', idempotent: true },
      schema: { tags: ['operators'], summary: 'After closure with nothing open, the deposit returns to the owner’s wallet (R16)', params: IdParams, response: { 200: DepositStatus, ...problems } },
    },
    async (request) => deps.deposit.refund(request.auth!.userId, request.params.id),
  );
}
