/**
 * Webhook signatures, as real payment providers do them: HMAC-SHA256 over
 * `${timestamp}.${body}` with a shared secret; a timestamp older than 5 minutes
 * is refused so a captured webhook cannot be replayed later.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const MAX_WEBHOOK_AGE_S = 300;

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function webhookSignatureProblem(secret: string, timestamp: string | undefined, body: string, signature: string | undefined, now: Date): string | null {
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return 'missing or malformed timestamp';
  if (!signature || !/^[0-9a-f]{64}$/.test(signature)) return 'missing or malformed signature';
  const age = now.getTime() / 1000 - Number(timestamp);
  if (age > MAX_WEBHOOK_AGE_S || age < -MAX_WEBHOOK_AGE_S) return 'timestamp outside the 5-minute window';
  const expected = Buffer.from(signWebhook(secret, timestamp, body), 'hex');
  return timingSafeEqual(expected, Buffer.from(signature, 'hex')) ? null : 'signature does not verify';
}
