/**
 * Sending SMS through a gateway over HTTP, signed like a real carrier API:
 * `X-Sms-Timestamp` and `X-Sms-Signature` = HMAC-SHA256(secret, `${timestamp}.${body}`).
 * The sandbox gateway (sandbox-gateway.ts) checks the same signature.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../lib/errors.js';

const smsUnavailable = (detail: string) => new AppError('unavailable', 'SMS_UNAVAILABLE', detail);

export interface SmsSender {
  send(to: string, text: string): Promise<void>;
}

export function signSms(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function verifySmsSignature(secret: string, timestamp: string, body: string, signature: string, now: Date): boolean {
  const age = Math.abs(now.getTime() / 1000 - Number(timestamp));
  if (!Number.isFinite(age) || age > 300) return false;
  const expected = Buffer.from(signSms(secret, timestamp, body), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function createHttpSmsSender(options: { gatewayUrl: () => string; secret: string; now: () => Date }): SmsSender {
  return {
    async send(to, text) {
      const body = JSON.stringify({ to, text });
      const timestamp = String(Math.floor(options.now().getTime() / 1000));
      let response: Response;
      try {
        response = await fetch(options.gatewayUrl(), {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-sms-timestamp': timestamp,
            'x-sms-signature': signSms(options.secret, timestamp, body),
          },
          body,
          signal: AbortSignal.timeout(5000),
        });
      } catch {
        throw smsUnavailable('The SMS gateway cannot be reached; try again shortly');
      }
      if (!response.ok) throw smsUnavailable('The SMS gateway refused the message; try again shortly');
    },
  };
}
