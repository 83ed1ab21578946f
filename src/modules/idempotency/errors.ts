import { AppError } from '../../lib/errors.js';

/** The idempotency module's coded errors (API.md "Conventions", Idempotency-Key). */
export const idempotencyErrors = {
  /** The same key came with another method, path or body. */
  reused: () => new AppError('unprocessable', 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request'),
  /** The first request with the key is still running after the repeat's wait. */
  inProgress: () => new AppError('conflict', 'IDEMPOTENCY_KEY_IN_PROGRESS', 'A request with this key is still being handled; retry shortly', { retryAfter: 1 }),
};
