/**
 * Reports (DESIGN.md "reports"): the platform's figures for a period
 * of whole UTC days, for admins and for regulators. Aggregates only: no row of the
 * answer is about one person, so a regulator may read it (DESIGN.md "regulator":
 * never personal data beyond what the law asks).
 *
 * The module has no tables and no SQL of its own: it asks orders, disputes and group
 * buys for their per-day figures through their services (each module counts over its
 * own tables, CONVENTIONS.md §4), and composes them. Each read is an audited action.
 *
 * @example
 *   const reports = createReportsService({ db, orders, disputes, groupBuys, audit });
 *   const s = await reports.summary({ userId, role: 'regulator' }, '2026-03-01', '2026-03-31');
 *   s.gmv; // fen, orders paid in March and not cancelled or refunded
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../database.js';
import { period } from '../../lib/period.js';
import type { AuditService, StaffRole } from '../audit/index.js';
import type { DisputesService } from '../disputes/index.js';
import type { GroupBuyService } from '../groupbuy/index.js';
import type { OrdersService } from '../orders/index.js';

/** A year and a day: a leap year fits, and the per-day series stays a few hundred rows. */
export const MAX_REPORT_DAYS = 366;

export interface ReportDay {
  date: string;
  gmv: number;
  orders: number;
  groupBuysCompleted: number;
  disputesOpened: number;
  disputesResolved: number;
}

export interface ReportSummary {
  from: string;
  to: string;
  /** Fen: totals of orders paid in the period and not cancelled or refunded (API.md). */
  gmv: number;
  /** Those orders. */
  orders: number;
  /** Distinct buyers of those orders. */
  buyers: number;
  groupBuysCompleted: number;
  disputesOpened: number;
  /** Cases that ended resolved (accepted or ruled) in the period; withdrawn cases are not resolved. */
  disputesResolved: number;
  /** Median hours from opening to resolution of the cases resolved in the period; null when none. */
  medianResolutionHours: number | null;
  /**
   * Orders with a case opened in the period per order paid in the period (every paid
   * order, whatever became of it): a rate over one window, as card networks compute
   * dispute ratios. Null when nothing was paid.
   */
  shareDisputed: number | null;
  days: ReportDay[];
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

export function createReportsService(deps: { db: Kysely<DB>; orders: OrdersService; disputes: DisputesService; groupBuys: GroupBuyService; audit: AuditService }) {
  const { db, orders, disputes, groupBuys, audit } = deps;
  return {
    async summary(actor: { userId: string; role: StaffRole }, from: string, to: string): Promise<ReportSummary> {
      const p = period(from, to, { maxDays: MAX_REPORT_DAYS });
      const window = { start: p.start, end: p.end };
      const { sales, cases, groups } = await db.transaction().execute(async (tx) => {
        await audit.record(tx, { actorId: actor.userId, actorRole: actor.role, action: 'reports.summary.read', targetType: 'reports', targetId: 'summary', detail: { from, to } });
        return { sales: await orders.salesStats(tx, window), cases: await disputes.disputeStats(tx, window), groups: await groupBuys.completedGroupBuys(tx, window) };
      });
      const days = p.days.map((date) => {
        const sale = sales.days.get(date);
        const disputed = cases.days.get(date);
        return {
          date,
          gmv: sale?.gmv ?? 0,
          orders: sale?.orders ?? 0,
          groupBuysCompleted: groups.get(date) ?? 0,
          disputesOpened: disputed?.opened ?? 0,
          disputesResolved: disputed?.resolved ?? 0,
        };
      });
      const sum = (pick: (d: ReportDay) => number) => days.reduce((total, d) => total + pick(d), 0);
      const paid = [...sales.days.values()].reduce((total, d) => total + d.paid, 0);
      const disputedOrders = [...cases.days.values()].reduce((total, d) => total + d.disputedOrders, 0);
      return {
        from,
        to,
        gmv: sum((d) => d.gmv),
        orders: sum((d) => d.orders),
        buyers: sales.buyers,
        groupBuysCompleted: sum((d) => d.groupBuysCompleted),
        disputesOpened: sum((d) => d.disputesOpened),
        disputesResolved: sum((d) => d.disputesResolved),
        medianResolutionHours: cases.medianResolutionHours === null ? null : round(cases.medianResolutionHours, 2),
        shareDisputed: paid === 0 ? null : round(disputedOrders / paid, 4),
        days,
      };
    },
  };
}

export type ReportsService = ReturnType<typeof createReportsService>;
