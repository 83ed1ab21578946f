/**
 * The payment provider behind one interface: create a charge (where the payer confirms
 * it), refund (part of) a charge, verify a webhook's signature. The `hmac` adapter speaks
 * HTTP with HMAC-SHA256 signatures over `${timestamp}.${body}` in both directions, as
 * WeChat Pay (API v2 key) and Alipay do; the sandbox provider (routes.ts) is the same
 * adapter pointed at this server. A real WeChat Pay or Alipay is one more adapter.
 *
 * Requests carry our ids (payment, refund) as the provider's idempotency keys, so a
 * retried refund is refunded once.
 *
 * @example
 *   const provider = createHmacProvider({ apiUrl: () => 'https://pay.example.com/v1', secret, now: () => clock.now() });
 *   const { payUrl } = await provider.createCharge({ paymentId, amount: 12900, channel: 'alipay', description: '订单 …', returnUrl });
 */
import { AppError } from '../../lib/errors.js';
import { signWebhook, webhookSignatureProblem } from '../../lib/webhook-signature.js';
import type { PaymentChannel } from './tables.js';

export interface ChargeRequest {
  paymentId: string;
  amount: number;
  channel: PaymentChannel;
  /** What the payer sees on the provider's page: the merchant's order number. */
  description: string;
  /** Where the provider's page sends the payer back. */
  returnUrl: string;
}

export interface RefundRequest {
  refundId: string;
  paymentId: string;
  amount: number;
}

export interface PaymentProviderAdapter {
  /** The provider's page where the payer confirms the charge. */
  createCharge(charge: ChargeRequest): Promise<{ payUrl: string }>;
  /** Refund through the provider; the refund id is its idempotency key. */
  refund(refund: RefundRequest): Promise<{ providerRef: string }>;
  /** null when the webhook is signed by the provider and fresh; otherwise why not. */
  webhookProblem(headers: Record<string, string | undefined>, rawBody: string, now: Date): string | null;
}

/** Headers of our signed requests to the provider (its webhooks use `x-provider-*`). */
export const MERCHANT_HEADERS = { timestamp: 'x-merchant-timestamp', signature: 'x-merchant-signature' } as const;

const providerFailed = (what: string, detail: string) => new AppError('upstream_failed', 'PROVIDER_FAILED', `The payment provider did not accept the ${what}: ${detail}`);

export function createHmacProvider(deps: { apiUrl: () => string | undefined; secret: string; now: () => Date }): PaymentProviderAdapter {
  async function call<T>(what: string, path: string, payload: object): Promise<T> {
    const base = deps.apiUrl();
    if (!base) throw new AppError('unavailable', 'PROVIDER_UNAVAILABLE', 'Paying through the provider is not configured (PAYMENT_PROVIDER_URL)');
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(deps.now().getTime() / 1000));
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [MERCHANT_HEADERS.timestamp]: timestamp, [MERCHANT_HEADERS.signature]: signWebhook(deps.secret, timestamp, body) },
        body,
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw providerFailed(what, (error as Error).message);
    }
    if (!response.ok) throw providerFailed(what, `HTTP ${response.status} ${(await response.text()).slice(0, 300)}`);
    return (await response.json()) as T;
  }

  return {
    async createCharge(charge) {
      const answer = await call<{ payUrl?: unknown }>('charge', '/charges', charge);
      if (typeof answer.payUrl !== 'string') throw providerFailed('charge', 'no payUrl in the answer');
      return { payUrl: answer.payUrl };
    },
    async refund(refund) {
      const answer = await call<{ providerRef?: unknown; status?: unknown }>('refund', '/refunds', refund);
      if (answer.status !== 'succeeded' || typeof answer.providerRef !== 'string') throw providerFailed('refund', `status ${String(answer.status)}`);
      return { providerRef: answer.providerRef };
    },
    webhookProblem: (headers, rawBody, now) => webhookSignatureProblem(deps.secret, headers['x-provider-timestamp'], rawBody, headers['x-provider-signature'], now),
  };
}
