/**
 * The disputes module's part of the user's export (PIPL art. 45): the cases the user
 * opened with their whole timeline, and what the user said or did in any other case.
 */
import type { Executor } from '../../database.js';
import { camelRows } from '../../lib/export-rows.js';

export const disputesExport = {
  async of(ex: Executor, userId: string) {
    const cases = await ex
      .selectFrom('disputes')
      .select(['id', 'order_id', 'operator_id', 'category', 'paid', 'claim_refund', 'claim_compensation', 'description', 'evidence', 'status', 'refund', 'compensation', 'ruling_reason', 'resolved_by', 'created_at', 'closed_at'])
      .where('buyer_id', '=', userId)
      .orderBy('created_at')
      .execute();
    const ids = cases.map((c) => c.id);
    const events = await ex
      .selectFrom('dispute_events')
      .select(['id', 'dispute_id', 'type', 'body', 'evidence', 'at'])
      .select((eb) => eb('actor_id', '=', userId).as('by_me'))
      .where((eb) => (ids.length > 0 ? eb.or([eb('dispute_id', 'in', ids), eb('actor_id', '=', userId)]) : eb('actor_id', '=', userId)))
      .orderBy('at')
      .execute();
    return { cases: camelRows(cases), events: camelRows(events) };
  },
};
