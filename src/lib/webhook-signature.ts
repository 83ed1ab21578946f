/**
 * Webhook signatures, as real payment providers do them: HMAC-SHA256 over
 * `${timestamp}.${body}` with a shared secret; a timestamp more than 5 minutes off
 * is refused so a captured webhook cannot be replayed later. The payment provider's
 * webhook and API (modules/payments) and the logistics providers' webhook
 * (modules/logistics) speak it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const MAX_WEBHOOK_AGE_S = 300;

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** Why a signed request is refused: its headers are missing or malformed, its timestamp is out of the window, or the signature does not verify. */
export interface WebhookProblem {
  kind: 'malformed' | 'stale' | 'mismatch';
  message: string;
}

/** The headers' shape alone (before a key is looked up): null when both look right. */
export function malformedSignature(timestamp: string | undefined, signature: string | undefined): WebhookProblem | null {
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return { kind: 'malformed', message: 'missing or malformed timestamp' };
  if (!signature || !/^[0-9a-f]{64}$/.test(signature)) return { kind: 'malformed', message: 'missing or malformed signature' };
  return null;
}

export function checkWebhookSignature(secret: string, timestamp: string | undefined, body: string, signature: string | undefined, now: Date): WebhookProblem | null {
  const malformed = malformedSignature(timestamp, signature);
  if (malformed) return malformed;
  const age = now.getTime() / 1000 - Number(timestamp);
  if (age > MAX_WEBHOOK_AGE_S || age < -MAX_WEBHOOK_AGE_S) return { kind: 'stale', message: 'timestamp outside the 5-minute window' };
  const expected = Buffer.from(signWebhook(secret, timestamp!, body), 'hex');
  return timingSafeEqual(expected, Buffer.from(signature!, 'hex')) ? null : { kind: 'mismatch', message: 'signature does not verify' };
}

/** The problem in words, or null (the payment provider's webhook refuses them all alike). */
export function webhookSignatureProblem(secret: string, timestamp: string | undefined, body: string, signature: string | undefined, now: Date): string | null {
  return checkWebhookSignature(secret, timestamp, body, signature, now)?.message ?? null;
}
