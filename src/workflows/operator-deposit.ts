/**
 * R16: the published deposit rule and what a shop owes. Spans the catalog (which
 * categories carry which deposit, which ones the shop sells in) and operators (who
 * may see a shop's position); paying it arrives with the ledger, so `paid` and
 * `balance` are 0 until then.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { IdParams, problems } from '../http/schemas.js';
import type { CatalogService } from '../modules/catalog/index.js';
import { DEPOSIT_RULE, DepositRule, DepositStatus, requiredDeposit, type OperatorsService } from '../modules/operators/index.js';

const BASE_CATEGORY = 'general';

export function createDepositWorkflow(deps: { catalog: CatalogService; operators: OperatorsService }) {
  const { catalog, operators } = deps;
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
      const deposits = await catalog.categoryDeposits();
      const sold = await catalog.categoriesOfOperator(operatorId);
      const required = requiredDeposit(
        sold.map((id) => deposits.get(id)?.deposit ?? 0),
        deposits.get(BASE_CATEGORY)?.deposit ?? 0,
      );
      return { required, paid: 0, balance: 0, categories: sold };
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
}
