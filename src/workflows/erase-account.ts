/**
 * `DELETE /me` (PIPL art. 47, R15, R4): a user closes the account
 * and Agora erases what it holds about them, in one transaction across modules:
 *
 * 1. the password is asked again (403 BAD_PASSWORD, counted like a failed login);
 * 2. the user row is locked, then the blocks are checked under that lock — open
 *    orders, open disputes, open after-sales requests, money in the wallet or on its way, a live shop or
 *    service-provider registration, a closed shop's funds not yet paid out;
 * 3. passkeys go, the vault's phone, name, identity number and address book go
 *    (consents still granted are withdrawn; their history stays as evidence, see
 *    privacy/erasure.ts), the user's notes, comments and reactions are deleted or
 *    left under the pseudonym as the user chose (their reviews too), chats not tied to an order lose their
 *    words (chatgovernance/retention.ts), the row becomes a tombstone named
 *    「已注销用户 8F3K」 and every session is revoked;
 * 4. an audit row records that it happened (who, when, which choice — nothing personal).
 *
 * Orders, ledger lines, disputes, top-ups and withdrawals stay (R4, E-Commerce Law
 * art. 31), naming the tombstone only; `purge-erased-records.ts` strips them three
 * years after they closed.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB, Executor } from '../database.js';
import { clearSessionCookie, requireUser } from '../http/auth.js';
import { AppError } from '../lib/errors.js';
import { Body, problems } from '../http/schemas.js';
import type { Clock } from '../lib/clock.js';
import type { AccountErasure, AccountsService } from '../modules/accounts/index.js';
import type { AfterSalesRetention } from '../modules/aftersales/index.js';
import type { AuditService } from '../modules/audit/index.js';
import type { ChatRetention } from '../modules/chatgovernance/index.js';
import type { DisputeRetention } from '../modules/disputes/index.js';
import type { LedgerService } from '../modules/ledger/index.js';
import type { OperatorsService } from '../modules/operators/index.js';
import type { OrderRetention } from '../modules/orders/index.js';
import type { NotificationsService } from '../modules/notifications/index.js';
import type { PasskeysService } from '../modules/passkeys/index.js';
import { paymentRetention } from '../modules/payments/index.js';
import type { VaultErasure } from '../modules/privacy/index.js';
import type { ReviewsService } from '../modules/reviews/index.js';
import type { QuestionsService } from '../modules/questions/index.js';
import type { ContentChoice, SocialService } from '../modules/social/index.js';

export type BlockerCode = 'OPEN_ORDERS' | 'OPEN_DISPUTES' | 'OPEN_AFTER_SALES' | 'WALLET_NOT_EMPTY' | 'SHOP_OPEN' | 'SHOP_FUNDS_NOT_EMPTY' | 'SERVICE_PROVIDER_ACTIVE';

export interface Blocker {
  code: BlockerCode;
  detail: string;
  /** How many orders or disputes, or how many fen. */
  count: number;
}

export interface ErasureResult {
  pseudonym: string;
  content: ContentChoice;
  erasedAt: string;
}

export interface EraseAccountDeps {
  db: Kysely<DB>;
  accountErasure: AccountErasure;
  vaultErasure: VaultErasure;
  passkeys: PasskeysService;
  notifications: NotificationsService;
  social: SocialService;
  reviews: Pick<ReviewsService, 'erase'>;
  questions: Pick<QuestionsService, 'erase'>;
  orderRetention: OrderRetention;
  disputeRetention: DisputeRetention;
  afterSalesRetention: AfterSalesRetention;
  chatRetention: ChatRetention;
  ledger: LedgerService;
  operators: OperatorsService;
  audit: AuditService;
  /** Its cache of display names, told after the commit. */
  accounts: Pick<AccountsService, 'forgetDisplayNames'>;
  clock: Clock;
}

export function createEraseAccountWorkflow(deps: EraseAccountDeps) {
  const { db, accountErasure, vaultErasure, passkeys, social, orderRetention, disputeRetention, ledger, operators, audit, clock } = deps;

  /** Everything that stops the erasure now, in the order the page lists them. */
  async function blockers(ex: Executor, userId: string): Promise<Blocker[]> {
    const found: Blocker[] = [];
    const orders = await orderRetention.openOrdersOfBuyer(ex, userId);
    if (orders > 0) found.push({ code: 'OPEN_ORDERS', count: orders, detail: `${orders} order(s) are still open: pay or cancel, receive, or wait until each completes` });
    if (await disputeRetention.buyerHasOpen(ex, userId)) found.push({ code: 'OPEN_DISPUTES', count: 1, detail: 'A dispute is still open: withdraw it or wait for its outcome' });
    if (await deps.afterSalesRetention.buyerHasOpen(ex, userId)) {
      found.push({ code: 'OPEN_AFTER_SALES', count: 1, detail: 'An after-sales request is still open: withdraw it or wait until it is settled' });
    }
    const wallet = await ledger.balanceOf(ex, 'user_wallet', userId);
    const pendingTopUps = await paymentRetention.pendingTopUps(ex, userId);
    if (wallet.available !== 0 || wallet.creditsPending !== 0 || pendingTopUps > 0) {
      found.push({ code: 'WALLET_NOT_EMPTY', count: wallet.available + wallet.creditsPending, detail: 'The wallet holds money or money is on its way in: withdraw the balance first (POST /wallet/withdrawals), and wait for pending top-ups and rewards' });
    }
    const { operators: shops, serviceProviders } = await operators.registrationsOf(userId, ex);
    const now = clock.now();
    const live = shops.filter((s) => s.status === 'pending' || (s.status === 'approved' && !(s.closure && new Date(s.closure.effectiveAt) <= now)));
    if (live.length > 0) found.push({ code: 'SHOP_OPEN', count: live.length, detail: 'You own a shop that is open or under review: announce its closure and wait until it takes effect (R2: 30 days)' });
    let shopFunds = 0;
    for (const shop of shops.filter((s) => s.status === 'approved')) {
      for (const code of ['operator_receivable', 'operator_deposit'] as const) {
        const b = await ledger.balanceOf(ex, code, shop.id);
        shopFunds += b.available + b.creditsPending;
      }
    }
    if (shopFunds !== 0) found.push({ code: 'SHOP_FUNDS_NOT_EMPTY', count: shopFunds, detail: "Your closed shop still holds a deposit or receivables: have the deposit refunded (POST /operators/{id}/deposit/refund) and withdraw it; receivables cannot be paid out online yet, so contact the platform" });
    if (serviceProviders.some((p) => p.status === 'pending' || p.status === 'approved')) {
      found.push({ code: 'SERVICE_PROVIDER_ACTIVE', count: 1, detail: 'You hold a service-provider registration: ask the platform to end it first' });
    }
    return found;
  }

  return {
    /** What stands in the way of erasing this account now (the page shows it before asking the password). */
    async check(userId: string): Promise<{ blockers: Blocker[] }> {
      return { blockers: await blockers(db, userId) };
    },

    async erase(userId: string, input: { password: string; content?: ContentChoice | undefined }, ip: string): Promise<ErasureResult> {
      const content = input.content ?? 'anonymise';
      // Outside the transaction, so a wrong password's count is kept.
      await accountErasure.verifyPassword(userId, input.password, ip);
      const erased = await db.transaction().execute(async (tx) => {
        await accountErasure.lock(tx, userId);
        const found = await blockers(tx, userId);
        if (found.length > 0) {
          const [first] = found as [Blocker];
          throw new AppError('conflict', first.code, first.detail, { extra: { blockers: found } });
        }
        await passkeys.removeAll(tx, userId);
        await deps.notifications.forget(tx, userId);
        const vault = await vaultErasure.erase(tx, userId);
        const traces = {
          ...(await social.erasure.erase(tx, userId, content)),
          ...(await deps.reviews.erase(tx, userId, content)),
          ...(await deps.questions.erase(tx, userId, content)),
          conversationsEmptied: await deps.chatRetention.eraseBuyer(tx, userId, vaultErasure),
        };
        const { pseudonym, erasedAt } = await accountErasure.erase(tx, userId);
        await audit.record(tx, { actorId: userId, action: 'account.erased', targetType: 'user', targetId: userId, detail: { content, vaultValuesErased: vault.erased, ...traces } });
        return { pseudonym, content, erasedAt: erasedAt.toISOString() };
      });
      // The pseudonym shows at once here; other processes' cached names follow within seconds.
      deps.accounts.forgetDisplayNames([userId]);
      return erased;
    },
  };
}

export type EraseAccountWorkflow = ReturnType<typeof createEraseAccountWorkflow>;

const BLOCKER_CODES: readonly BlockerCode[] = ['OPEN_ORDERS', 'OPEN_DISPUTES', 'OPEN_AFTER_SALES', 'WALLET_NOT_EMPTY', 'SHOP_OPEN', 'SHOP_FUNDS_NOT_EMPTY', 'SERVICE_PROVIDER_ACTIVE'];
const BlockerSchema = Type.Object({
  code: Type.Enum([...BLOCKER_CODES]),
  detail: Type.String(),
  count: Type.Integer(),
});

export function registerErasureRoutes(untyped: FastifyInstance, deps: { erasure: EraseAccountWorkflow; secureCookies: boolean }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['privacy'];
  app.get(
    '/me/deletion',
    { config: { auth: 'user' }, schema: { tags, summary: 'What stands in the way of deleting my account now (empty: nothing)', response: { 200: Type.Object({ blockers: Type.Array(BlockerSchema) }), ...problems } } },
    async (request) => deps.erasure.check(requireUser(request).userId),
  );
  app.delete(
    '/me',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Delete my account: personal data erased, content deleted or anonymised, transaction records kept 3 years without identity (R4, R15)',
        body: Body({
          password: Type.String({ minLength: 1, maxLength: 128 }),
          content: Type.Optional(Type.Union([Type.Literal('delete'), Type.Literal('anonymise')], { description: 'what happens to notes, comments, likes, collects and follows; default anonymise' })),
        }),
        response: {
          200: Type.Object({ pseudonym: Type.String(), content: Type.Union([Type.Literal('delete'), Type.Literal('anonymise')]), erasedAt: Type.String({ format: 'date-time' }) }),
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const result = await deps.erasure.erase(requireUser(request).userId, request.body, request.ip);
      clearSessionCookie(reply, deps.secureCookies);
      return result;
    },
  );
}
