/**
 * The sandbox payment provider, mounted only in sandbox mode (never in production:
 * `/sandbox/*` is then 404). It plays the provider's side of the same HTTP protocol a
 * real one speaks (provider.ts):
 * - `POST /sandbox/provider/charges` and `/sandbox/provider/refunds`: the provider's API,
 *   called by Agora with signed requests (refused unsigned); refunds are recorded here.
 * - `GET /sandbox/pay/:id`: the provider's cashier page — merchant, amount, order,
 *   确认支付 / 取消; confirming sends the signed webhook to Agora and returns the payer
 *   to the order page.
 * - `POST /sandbox/payments/:id/complete`, `POST /sandbox/top-ups/:id/complete`: the
 *   payer pays (for scripts and tests), the same signed webhook inside.
 * What it records lives in this process's memory: a sandbox keeps no books.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import escapeHtml from 'escape-html';
import { Type } from 'typebox';
import { allowInlineStyles } from '../../http/security-headers.js';
import { Body, IdParams, problems, Query } from '../../http/schemas.js';
import { AppError, badSignature, notFound, validationFailed } from '../../lib/errors.js';
import type { Clock } from '../../lib/clock.js';
import type { OrderPaymentsService } from './order-payments.js';
import { MERCHANT_HEADERS } from './provider.js';
import { TopUpSchema, WEBHOOK_PATH } from './routes.js';
import type { PaymentsService } from './service.js';
import { signWebhook, webhookSignatureProblem } from '../../lib/webhook-signature.js';

interface SandboxDeps {
  payments: PaymentsService;
  orderPayments: OrderPaymentsService;
  clock: Clock;
  webhookSecret: string;
  selfUrl: () => string;
}

const CHANNEL_NAMES = { wechat_pay: '微信支付 WeChat Pay', alipay: '支付宝 Alipay' } as const;
const PAGE_STYLE =
  'body{margin:0;font-family:system-ui,sans-serif;background:#f2f3f5;color:#1f2329}main{max-width:420px;margin:0 auto;padding:24px 16px}' +
  '.card{background:#fff;border-radius:12px;padding:20px;text-align:center}.amount{font-size:2.2rem;font-weight:700;margin:12px 0}' +
  'dl{text-align:left;display:grid;grid-template-columns:auto 1fr;gap:8px 12px;margin:16px 0}dt{color:#646a73}dd{margin:0;word-break:break-all}' +
  'button,a.cancel{display:block;width:100%;box-sizing:border-box;padding:14px;border-radius:8px;font-size:1rem;margin-top:12px;text-align:center;text-decoration:none}' +
  'button{background:#07c160;color:#fff;border:0}button.alipay{background:#1677ff}a.cancel{background:#fff;color:#1f2329;border:1px solid #d0d3d6}.note{color:#8f959e;font-size:.8rem;margin-top:16px}';

/** Charges Agora asked for (their page and return address), and refunds made, by id. */
const charges = new Map<string, { description: string; returnUrl: string }>();
const refunds = new Map<string, { refundId: string; paymentId: string; amount: number; providerRef: string; at: string }>();
let failingRefunds = 0;

/** Only a path on this site: the cashier never sends the payer elsewhere. */
const safeReturn = (url: string, fallback: string) => (/^\/(?!\/)[^\s\\]*$/.test(url) ? url : fallback);
const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

export function registerSandboxPaymentProvider(untyped: FastifyInstance, deps: SandboxDeps): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['sandbox'];

  async function sendWebhook(event: object): Promise<void> {
    const body = JSON.stringify(event);
    const timestamp = String(Math.floor(deps.clock.now().getTime() / 1000));
    const response = await fetch(`${deps.selfUrl()}${WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-provider-timestamp': timestamp, 'x-provider-signature': signWebhook(deps.webhookSecret, timestamp, body) },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new AppError('upstream_failed', 'PROVIDER_WEBHOOK_FAILED', `Agora refused the provider's webhook (${response.status})`);
  }

  async function payOrder(id: string) {
    const payment = await deps.orderPayments.forProvider(id);
    if (!payment) throw notFound('payment');
    await sendWebhook({ type: 'payment.succeeded', paymentId: payment.id, amount: payment.amount, providerRef: `sandbox-${payment.id}` });
    return { payment, returnUrl: safeReturn(charges.get(id)?.returnUrl ?? '', `/orders/${payment.order_id}`) };
  }

  app.post(
    '/sandbox/top-ups/:id/complete',
    { schema: { tags, summary: 'The sandbox provider pays the top-up (a signed webhook inside)', params: IdParams, response: { 200: Type.Object({ topUp: TopUpSchema }), ...problems } } },
    async (request) => {
      const topUp = await deps.payments.topUpForProvider(request.params.id);
      if (!topUp) throw notFound('top-up');
      await sendWebhook({ type: 'top_up.succeeded', topUpId: topUp.id, amount: topUp.amount, providerRef: `sandbox-${topUp.id}` });
      return { topUp: (await deps.payments.topUpForProvider(topUp.id))! };
    },
  );

  const PaymentState = Type.Object({ payment: Type.Object({ id: Type.String(), status: Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('returned')]) }) });
  app.post(
    '/sandbox/payments/:id/complete',
    { schema: { tags, summary: 'The sandbox provider collects an order payment (a signed webhook inside)', params: IdParams, response: { 200: PaymentState, ...problems } } },
    async (request) => {
      await payOrder(request.params.id);
      const payment = (await deps.orderPayments.forProvider(request.params.id))!;
      return { payment: { id: payment.id, status: payment.status } };
    },
  );

  // The fake provider's own API and test switches: not Agora's API, so not in its document (the route walk still covers them).
  const Refund = Type.Object({ refundId: Type.String(), paymentId: Type.String(), amount: Type.Integer(), providerRef: Type.String(), at: Type.String() });
  app.get(
    '/sandbox/provider/refunds',
    { schema: { hide: true, tags, summary: 'The refunds the sandbox provider made, for a payment', querystring: Query({ paymentId: Type.String({ minLength: 1, maxLength: 64 }) }), response: { 200: Type.Object({ items: Type.Array(Refund) }), ...problems } } },
    async (request) => ({ items: [...refunds.values()].filter((r) => r.paymentId === request.query.paymentId) }),
  );
  app.post(
    '/sandbox/provider/outage',
    { schema: { hide: true, tags, summary: 'The sandbox provider refuses the next `refunds` refund requests (to try retries)', body: Body({ refunds: Type.Integer({ minimum: 0, maximum: 100 }) }), response: { 204: Type.Null(), ...problems } } },
    async (request, reply) => {
      failingRefunds = request.body.refunds;
      return reply.status(204).send(null);
    },
  );

  // The payer's side: the cashier page and its buttons (a plain form, no script).
  app.register(async (untypedScope) => {
    const scope = untypedScope.withTypeProvider<TypeBoxTypeProvider>();
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_req, _body, done) => done(null, {}));
    scope.get('/sandbox/pay/:id', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
      const payment = await deps.orderPayments.forProvider(request.params.id);
      if (!payment) throw notFound('payment');
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
      allowInlineStyles(reply, PAGE_STYLE);
      const e = escapeHtml;
      const charge = charges.get(payment.id);
      const back = safeReturn(charge?.returnUrl ?? '', `/orders/${payment.order_id}`);
      const done = payment.status !== 'pending';
      // 取消 returns without the payment in the address: the order page then does not wait for a confirmation.
      return reply.send(
        page(
          `${CHANNEL_NAMES[payment.channel]} · 确认支付`,
          `<div class="card"><div>${e(CHANNEL_NAMES[payment.channel])} · 沙箱 Sandbox</div><div class="amount">${e(yuan(payment.amount))}</div>` +
            `<dl><dt>收款方 Merchant</dt><dd>Agora</dd><dt>商品 Order</dt><dd>${e(charge?.description ?? 'Agora 订单')}</dd></dl>` +
            (done
              ? `<p>已支付 · Paid</p><a class="cancel" href="${e(back)}">返回商家 · Back to Agora</a>`
              : `<form method="post" action="/api/v1/sandbox/pay/${e(payment.id)}/confirm"><button type="submit" class="${payment.channel === 'alipay' ? 'alipay' : 'wechat'}">确认支付 · Pay</button></form><a class="cancel" href="${e(back.split('?')[0]!)}">取消 · Cancel</a>`) +
            '<p class="note">这是沙箱支付，不会产生真实扣款。<br>Sandbox payment: no real money moves.</p></div>',
        ),
      );
    });
    scope.post('/sandbox/pay/:id/confirm', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
      const { returnUrl } = await payOrder(request.params.id);
      return reply.redirect(returnUrl, 303);
    });
  });

  // The provider's API, as Agora calls it: signed requests, read raw for the signature.
  app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) => done(null, body));
    const signed = (request: { headers: Record<string, unknown>; body: unknown }) => {
      const raw = typeof request.body === 'string' ? request.body : '';
      const h = request.headers as Record<string, string | undefined>;
      const problem = webhookSignatureProblem(deps.webhookSecret, h[MERCHANT_HEADERS.timestamp], raw, h[MERCHANT_HEADERS.signature], deps.clock.now());
      if (problem) throw badSignature(`Request refused: ${problem}`);
      try {
        return JSON.parse(raw) as Record<string, unknown>;
      } catch {
        throw validationFailed(undefined, 'The body is not valid JSON');
      }
    };
    scope.post('/sandbox/provider/charges', { config: { rawBody: true }, schema: { hide: true, tags, summary: 'The provider’s API: a charge to collect (signed by Agora)', response: { 200: Type.Object({ payUrl: Type.String() }), ...problems } } }, async (request) => {
      const charge = signed(request);
      const payment = typeof charge['paymentId'] === 'string' ? await deps.orderPayments.forProvider(charge['paymentId']) : undefined;
      if (!payment || charge['amount'] !== payment.amount) throw validationFailed(undefined, 'Unknown payment or wrong amount');
      charges.set(payment.id, { description: String(charge['description'] ?? '').slice(0, 100), returnUrl: String(charge['returnUrl'] ?? '').slice(0, 300) });
      return { payUrl: `/api/v1/sandbox/pay/${payment.id}` };
    });
    scope.post(
      '/sandbox/provider/refunds',
      { config: { rawBody: true }, schema: { hide: true, tags, summary: 'The provider’s API: refund part of a charge (signed by Agora; the refund id is the idempotency key)', response: { 200: Type.Object({ status: Type.Literal('succeeded'), providerRef: Type.String() }), ...problems } } },
      async (request) => {
        const asked = signed(request);
        const refundId = asked['refundId'];
        if (typeof refundId !== 'string' || refundId.length > 64) throw validationFailed(undefined, 'refundId is required');
        const done = refunds.get(refundId);
        if (done) return { status: 'succeeded' as const, providerRef: done.providerRef };
        if (failingRefunds > 0) {
          failingRefunds--;
          throw new AppError('unavailable', 'PROVIDER_BUSY', 'The sandbox provider is refusing refunds for now');
        }
        const payment = typeof asked['paymentId'] === 'string' ? await deps.orderPayments.forProvider(asked['paymentId']) : undefined;
        const amount = asked['amount'];
        const refundedBefore = [...refunds.values()].filter((r) => r.paymentId === payment?.id).reduce((sum, r) => sum + r.amount, 0);
        if (!payment || payment.status === 'pending' || !Number.isSafeInteger(amount) || (amount as number) <= 0 || refundedBefore + (amount as number) > payment.amount) {
          throw validationFailed(undefined, 'Unknown payment, or more than was collected');
        }
        const providerRef = `sandbox-refund-${refundId}`;
        refunds.set(refundId, { refundId, paymentId: payment.id, amount: amount as number, providerRef, at: deps.clock.now().toISOString() });
        return { status: 'succeeded' as const, providerRef };
      },
    );
  });
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${PAGE_STYLE}</style></head><body><main>${body}</main></body></html>`;
}
