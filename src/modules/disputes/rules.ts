/** RULES.md "Disputes" as numbers and pure checks. */
import { DAY, HOUR } from '../../lib/clock.js';
import type { DisputeCategory } from './tables.js';

/** The operator answers within 48 h, or the platform steps in automatically. */
export const RESPONSE_WINDOW_MS = 48 * HOUR;
/** After a refusal the buyer may escalate within 7 days, or the case closes. */
export const ESCALATION_WINDOW_MS = 7 * DAY;
/** The platform rules within 5 days of escalation. */
export const RULING_WINDOW_MS = 5 * DAY;

/** D5, D6: forced sales and bodily harm may be compensated beyond the price; other complaints up to it. */
export const compensationBeyondPrice = (category: DisputeCategory) => category === 'personal_injury' || category === 'forced_sale';

/** Whether a claim or ruling stays within RULES.md; the field at fault, or null. */
export function claimProblem(category: DisputeCategory, paid: number, refund: number, compensation: number): 'refund' | 'compensation' | null {
  if (refund > paid) return 'refund';
  if (!compensationBeyondPrice(category) && refund + compensation > paid) return 'compensation';
  return null;
}
