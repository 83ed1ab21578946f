/**
 * `Idempotency-Key` for money-moving POSTs (API.md "Conventions"). Every user
 * action gets a fresh key; only when the same submission is sent again after a
 * failure that left its outcome unknown (the network dropped, a 5xx, the first
 * attempt still running) is the same key sent, so the server answers the retry
 * with the first attempt's result instead of moving the money twice.
 *
 * @example
 *   const keys = useIdempotencyKeys();
 *   const pay = useMutation({ mutationFn: (amount: number) => keys.send({ amount }, (key) => walletApi.createTopUp(amount, key)) });
 */
import { useState } from 'react';
import { ApiError } from './client';

/** A random UUID v4; `crypto.randomUUID` exists only in secure contexts, so it is built by hand elsewhere. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = 0x40 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A failure after which the request may or may not have taken effect: retry with the same key. */
export function outcomeUnknown(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return error.code === 'NETWORK_ERROR' || error.status >= 500 || error.code === 'IDEMPOTENCY_KEY_IN_PROGRESS';
}

export interface IdempotencyKeys {
  /** Sends `body` with its key: the previous key when this is a retry of the same body after an unknown outcome, else a new one. */
  send<T>(body: unknown, request: (key: string) => Promise<T>): Promise<T>;
  /** The key the last submission used (for tests and debugging). */
  readonly lastKey: string | null;
}

/** Keys for one form. The form's submissions are one after another, never two at once. */
export function createIdempotencyKeys(): IdempotencyKeys {
  let last: { body: string; key: string; retryable: boolean } | null = null;
  return {
    async send<T>(body: unknown, request: (key: string) => Promise<T>): Promise<T> {
      const text = JSON.stringify(body);
      const key = last && last.retryable && last.body === text ? last.key : newIdempotencyKey();
      const attempt = { body: text, key, retryable: false };
      last = attempt;
      try {
        return await request(key);
      } catch (error) {
        attempt.retryable = outcomeUnknown(error);
        throw error;
      }
    },
    get lastKey() {
      return last?.key ?? null;
    },
  };
}

/** `createIdempotencyKeys()` kept for the life of the component. */
export function useIdempotencyKeys(): IdempotencyKeys {
  const [keys] = useState(createIdempotencyKeys);
  return keys;
}
