import { sql } from 'kysely';
import type { Executor } from '../../database.js';
import { utcDay, type Window } from '../../db/day.js';

export const disputeStatsRepo = {
  /** Cases opened per UTC day, and how many distinct orders they were on. */
  dailyOpened(ex: Executor, window: Window) {
    const day = utcDay('created_at');
    return ex
      .selectFrom('disputes')
      .select([day.as('day'), sql<string>`count(*)`.as('opened'), sql<string>`count(distinct order_id)`.as('orders')])
      .where('created_at', '>=', window.start)
      .where('created_at', '<', window.end)
      .groupBy(day)
      .execute();
  },

  /** Cases resolved (by acceptance or a ruling; not withdrawn) per UTC day of closing. */
  dailyResolved(ex: Executor, window: Window) {
    const day = utcDay('closed_at');
    return ex
      .selectFrom('disputes')
      .select([day.as('day'), sql<string>`count(*)`.as('resolved')])
      .where('status', '=', 'resolved')
      .where('closed_at', '>=', window.start)
      .where('closed_at', '<', window.end)
      .groupBy(day)
      .execute();
  },

  /** The median hours from opening to resolution of the cases resolved in the window; null when none. */
  async medianResolutionHours(ex: Executor, window: Window): Promise<number | null> {
    const row = await ex
      .selectFrom('disputes')
      .select(sql<number | string | null>`percentile_cont(0.5) within group (order by extract(epoch from closed_at - created_at) / 3600)`.as('median'))
      .where('status', '=', 'resolved')
      .where('closed_at', '>=', window.start)
      .where('closed_at', '<', window.end)
      .executeTakeFirstOrThrow();
    return row.median === null ? null : Number(row.median);
  },
};

export interface DisputeStats {
  /** Per UTC day: cases opened (and distinct orders they were on), cases resolved. */
  days: Map<string, { opened: number; disputedOrders: number; resolved: number }>;
  medianResolutionHours: number | null;
}

/** For the reports: cases opened and resolved in the window, and how long resolution took. */
export async function disputeStats(ex: Executor, window: Window): Promise<DisputeStats> {
  const days = new Map<string, { opened: number; disputedOrders: number; resolved: number }>();
  const at = (day: string) => days.get(day) ?? days.set(day, { opened: 0, disputedOrders: 0, resolved: 0 }).get(day)!;
  for (const r of await disputeStatsRepo.dailyOpened(ex, window)) Object.assign(at(r.day), { opened: Number(r.opened), disputedOrders: Number(r.orders) });
  for (const r of await disputeStatsRepo.dailyResolved(ex, window)) at(r.day).resolved = Number(r.resolved);
  return { days, medianResolutionHours: await disputeStatsRepo.medianResolutionHours(ex, window) };
}
