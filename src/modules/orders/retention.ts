/**
 * What erasure asks of orders (R4, E-Commerce Law art. 31; PIPL art. 47).
 *
 * An order is a transaction record: it stays for three years after it completes or
 * closes, naming its buyer only by the erased account's tombstone id. Its shipping
 * address was never copied into it — the order names an entry of the buyer's address
 * book in the vault, which erasure deletes — so nothing else has to be stripped then.
 * Three years on, the purge job strips what is left that could lead to a person:
 * the timeline (actors, free-text details, request keys), the courier and tracking
 * numbers (a courier can look a recipient up by them), the address id and the
 * attribution token. Amounts, items, operator and dates stay for the books and the
 * platform's reports; `records_purged_at` says it was done.
 *
 * @example
 *   if ((await retention.openOrdersOfBuyer(tx, userId)) > 0) throw …;
 *   const due = await retention.purgeable(db, erasedIds, threeYearsAgo, 100);
 *   await retention.strip(tx, due.map((o) => o.id));
 */
import type { Executor } from '../../database.js';
import type { Clock } from '../../lib/clock.js';
import { retentionRepo } from './retention-repo.js';

export function createOrderRetention(deps: { clock: Clock }) {
  return {
    /** Orders the buyer still has to finish (pending payment, paid, shipped, received, returning). */
    openOrdersOfBuyer: (ex: Executor, buyerId: string) => retentionRepo.openOrdersOfBuyer(ex, buyerId),
    purgeable: (ex: Executor, buyerIds: readonly string[], closedBefore: Date, limit: number) => retentionRepo.purgeable(ex, buyerIds, closedBefore, limit),
    strip: (ex: Executor, orderIds: readonly string[]) => retentionRepo.strip(ex, orderIds, deps.clock.now()),
  };
}

export type OrderRetention = ReturnType<typeof createOrderRetention>;
