/**
 * R9 (Consumer Rights Protection Law art. 25): 7-day no-reason return, counted
 * from the day after receipt, for goods not excluded by nature and not excluded by
 * the buyer's own confirmation at checkout. R10: the refund follows within 7 days
 * of the operator receiving the goods back.
 */
import { DAY } from '../../lib/clock.js';

/** China has one time zone, UTC+8, with no daylight saving. */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * The end of the return window: midnight (Beijing) after the 7th day following
 * the day of receipt.
 * @example returnDeadline(2026-03-01T10:00+08:00) // 2026-03-09T00:00+08:00
 */
export function returnDeadline(receivedAt: Date): Date {
  const local = receivedAt.getTime() + CHINA_OFFSET_MS;
  const startOfReceiptDay = local - (local % DAY);
  return new Date(startOfReceiptDay + 8 * DAY - CHINA_OFFSET_MS);
}

/** Why these items cannot be returned without a reason, or null when they can. */
export function returnBlocker(items: { returnClass: string; title: string }[], exclusionConfirmed: boolean): string | null {
  const excluded = items.find((i) => i.returnClass === 'excluded');
  if (excluded) return `${excluded.title} is excluded from no-reason return by its nature (custom-made, perishable, digital or periodical)`;
  const consented = items.find((i) => i.returnClass === 'excludable_with_consent');
  if (consented && exclusionConfirmed) return `You confirmed at checkout that ${consented.title} cannot be returned once opened`;
  return null;
}

/** R10: the operator has 7 days from the return being sent to confirm it; then the refund is automatic. */
export const RETURN_CONFIRM_MS = 7 * DAY;
