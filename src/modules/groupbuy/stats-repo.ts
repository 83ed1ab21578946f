import { sql } from 'kysely';
import type { Executor } from '../../database.js';
import { utcDay, type Window } from '../../db/day.js';

export const groupBuyStatsRepo = {
  /** Groups completed (every seat paid) per UTC day of completion. */
  dailyCompleted(ex: Executor, window: Window) {
    const day = utcDay('completed_at');
    return ex
      .selectFrom('group_buys')
      .select([day.as('day'), sql<string>`count(*)`.as('completed')])
      .where('completed_at', '>=', window.start)
      .where('completed_at', '<', window.end)
      .groupBy(day)
      .execute();
  },
};

/** For the reports: groups completed per UTC day in the window. */
export async function completedGroupBuys(ex: Executor, window: Window): Promise<Map<string, number>> {
  return new Map((await groupBuyStatsRepo.dailyCompleted(ex, window)).map((r) => [r.day, Number(r.completed)]));
}
