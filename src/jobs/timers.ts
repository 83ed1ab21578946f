/**
 * The timers each module registers. Foundation: idempotency keys older than a
 * day are deleted once an hour.
 */
import type { AppContext } from '../context.js';
import { idempotencyRepo } from '../http/idempotency-repo.js';
import { IDEMPOTENCY_RETENTION_MS } from '../http/idempotency.js';

export const PURGE_IDEMPOTENCY_KEYS = 'maintenance.purge-idempotency-keys';

export async function registerTimers(ctx: AppContext): Promise<void> {
  const jobs = ctx.jobs;
  if (!jobs) return;
  await jobs.define(PURGE_IDEMPOTENCY_KEYS, async () => {
    await idempotencyRepo.deleteOlderThan(ctx.database.db, new Date(ctx.clock.now().getTime() - IDEMPOTENCY_RETENTION_MS));
  });
  await jobs.schedule(PURGE_IDEMPOTENCY_KEYS, '17 * * * *');
}
