/** HTTP for wallets (API.md "Wallet"), the provider webhook, and the sandbox provider. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { badSignature, validationFailed } from '../../lib/errors.js';
import { Body, IdParams, Page, PageQuery, problems, Query } from '../../http/schemas.js';
import { holdsBadText } from '../../http/validation.js';
import type { Clock } from '../../lib/clock.js';
import { TransferCodeSchema } from '../ledger/index.js';
import type { OrderPaymentEvent } from './order-payments.js';
import type { PaymentsService, ProviderEvent } from './service.js';
import { webhookSignatureProblem } from '../../lib/webhook-signature.js';

export const WEBHOOK_PATH = '/api/v1/payments/webhook';
/** ¥50,000 per top-up or withdrawal. */
const MAX_AMOUNT = 5_000_000;
const Amount = Type.Integer({ minimum: 1, maximum: MAX_AMOUNT, description: 'fen' });

const Wallet = Type.Object({
  balance: Type.Integer({ description: 'spendable, fen' }),
  held: Type.Integer({ description: 'paid into orders, still in escrow' }),
  incoming: Type.Integer({ description: 'on its way in, not yet spendable: referral rewards (R12) until their order completes' }),
});
const TopUp = Type.Object({
  id: Type.String(),
  amount: Type.Integer(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')]),
  createdAt: Type.String({ format: 'date-time' }),
  completedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const Line = Type.Object({
  id: Type.String(),
  code: TransferCodeSchema,
  amount: Type.Integer({ description: 'fen; positive in, negative out' }),
  state: Type.Union([Type.Literal('posted'), Type.Literal('pending'), Type.Literal('released')]),
  reference: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
const Withdrawal = Type.Object({ id: Type.String(), amount: Type.Integer(), status: Type.Literal('completed') });

export const TopUpSchema = TopUp;

/** A webhook event we know, or null: top-ups credit the wallet, order payments go to the pay-order workflow. */
function knownEvent(event: unknown): ProviderEvent | OrderPaymentEvent | null {
  if (!event || typeof event !== 'object') return null;
  const e = event as Record<string, unknown>;
  if (!Number.isSafeInteger(e['amount']) || typeof e['providerRef'] !== 'string' || e['providerRef'].length > 200) return null;
  if (e['type'] === 'top_up.succeeded' && typeof e['topUpId'] === 'string') return e as unknown as ProviderEvent;
  if (e['type'] === 'payment.succeeded' && typeof e['paymentId'] === 'string') return e as unknown as OrderPaymentEvent;
  return null;
}

export function registerPaymentsRoutes(
  untyped: FastifyInstance,
  deps: { payments: PaymentsService; clock: Clock; webhookSecret: string; orderPaymentReceived: (event: OrderPaymentEvent) => Promise<void> },
): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  const { payments } = deps;
  const tags = ['wallet'];
  const user = { auth: 'user' } as const;

  app.get('/wallet', { config: user, schema: { tags, response: { 200: Wallet, ...problems } } }, async (request) => payments.wallet(request.auth!.userId));

  app.get('/wallet/transfers', { config: user, schema: { tags, summary: 'The wallet’s ledger lines, newest first', querystring: Query(PageQuery), response: { 200: Page(Line), ...problems } } }, async (request) =>
    payments.statement(request.auth!.userId, { limit: request.query.limit ?? 20, cursor: request.query.cursor }),
  );

  app.post(
    '/wallet/top-ups',
    { config: { ...user, idempotent: true }, schema: { tags, body: Body({ amount: Amount }), response: { 201: Type.Object({ topUp: TopUp }), ...problems } } },
    async (request, reply) => reply.status(201).send({ topUp: await payments.createTopUp(request.auth!.userId, request.body.amount, request.idempotency?.key) }),
  );

  app.get('/wallet/top-ups/:id', { config: user, schema: { tags, params: IdParams, response: { 200: Type.Object({ topUp: TopUp }), ...problems } } }, async (request) => ({
    topUp: await payments.topUp(request.auth!.userId, request.params.id),
  }));

  app.post(
    '/wallet/withdrawals',
    {
      config: { ...user, idempotent: true },
      schema: { tags, body: Body({ amount: Amount, pin: Type.String({ maxLength: 6, pattern: '^[0-9]{6}$' }) }), response: { 201: Type.Object({ withdrawal: Withdrawal }), ...problems } },
    },
    async (request, reply) =>
      reply.status(201).send({ withdrawal: await payments.withdraw(request.auth!.userId, request.body.amount, request.body.pin, request.idempotency?.key) }),
  );

  // The provider's webhook: the signature covers the exact bytes, so the body is read raw.
  app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) => done(null, body));
    scope.post(
      '/payments/webhook',
      { config: { rawBody: true }, schema: { tags: ['payments'], summary: 'Payment provider events, signed HMAC-SHA256 over `${timestamp}.${body}`', response: { 200: Type.Object({ received: Type.Boolean() }), ...problems } } },
      async (request) => {
        const raw = typeof request.body === 'string' ? request.body : '';
        const headers = request.headers as Record<string, string | undefined>;
        const problem = webhookSignatureProblem(deps.webhookSecret, headers['x-provider-timestamp'], raw, headers['x-provider-signature'], deps.clock.now());
        if (problem) throw badSignature(`Webhook refused: ${problem}`);
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw);
        } catch {
          throw validationFailed(undefined, 'The body is not valid JSON');
        }
        if (holdsBadText(parsed)) throw validationFailed(undefined, 'The event holds NUL characters or lone surrogates');
        const event = knownEvent(parsed);
        if (!event) throw validationFailed(undefined, 'Unknown or malformed event');
        if (event.type === 'payment.succeeded') await deps.orderPaymentReceived(event);
        else await payments.handleProviderEvent(event);
        return { received: true };
      },
    );
  });
}
