import { sql } from 'kysely';
import type { Executor } from '../../database.js';
import { utcDay, type Window } from '../../db/day.js';

/** Orders that count as sales: paid and not since cancelled or refunded (API.md `gmv`). */
const UNSOLD = ['cancelled', 'refunded'] as const;

export const orderStatsRepo = {
  /** Per UTC day of payment: sales (total, count) and every order paid, whatever became of it. */
  dailySales(ex: Executor, window: Window) {
    const day = utcDay('paid_at');
    return ex
      .selectFrom('orders')
      .select([
        day.as('day'),
        sql<string>`coalesce(sum(total) filter (where status not in (${sql.join(UNSOLD)})), 0)`.as('gmv'),
        sql<string>`count(*) filter (where status not in (${sql.join(UNSOLD)}))`.as('orders'),
        sql<string>`count(*)`.as('paid'),
      ])
      .where('paid_at', '>=', window.start)
      .where('paid_at', '<', window.end)
      .groupBy(day)
      .execute();
  },

  /** Distinct buyers of the sales in the window (not a sum of days: one buyer, many days). */
  async buyers(ex: Executor, window: Window): Promise<number> {
    const row = await ex
      .selectFrom('orders')
      .select(sql<string>`count(distinct buyer_id)`.as('buyers'))
      .where('paid_at', '>=', window.start)
      .where('paid_at', '<', window.end)
      .where('status', 'not in', UNSOLD)
      .executeTakeFirstOrThrow();
    return Number(row.buyers);
  },
};

export interface SalesStats {
  /** Per UTC day of payment that had any: sales total (fen), sales count, all orders paid. */
  days: Map<string, { gmv: number; orders: number; paid: number }>;
  buyers: number;
}

/** For the reports: sales in the window (orders paid in it and not cancelled or refunded). */
export async function salesStats(ex: Executor, window: Window): Promise<SalesStats> {
  const rows = await orderStatsRepo.dailySales(ex, window);
  return {
    days: new Map(rows.map((r) => [r.day, { gmv: Number(r.gmv), orders: Number(r.orders), paid: Number(r.paid) }])),
    buyers: await orderStatsRepo.buyers(ex, window),
  };
}
