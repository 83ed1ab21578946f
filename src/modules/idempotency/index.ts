export {
  createIdempotencyService,
  purgeExpiredIdempotencyKeys,
  IDEMPOTENCY_WAIT_MS,
  IDEMPOTENCY_RETENTION_MS,
  type IdempotencyService,
  type IdempotencyDeps,
  type KeyedRequest,
  type HeldKey,
  type IdempotentAnswer,
} from './service.js';
export { LEASE_HEARTBEAT_MS, LEASE_STALE_MS } from './lease.js';
export { idempotencyResponsesColumn } from './rotation.js';
export type { IdempotencyTables } from './tables.js';
