/**
 * The request form's reading of the rules, from what the server says the order allows
 * (GET /orders/:id/after-sales/options; it checks again on submit): which reasons go with
 * which kind of request, and why R9's no-reason return is not open, in words beside the
 * unavailable option. Plus the countdown formats of the "whose turn" banner.
 */
import type { TFunction } from 'i18next';
import { formatDate } from '../../lib/format';
import type { Order } from '../orders/api';
import type { AfterSaleOptions, AfterSaleReason, AfterSaleType } from './api';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The reasons a kind of request can carry (the server's `requestRefusal`): a return or an
 * exchange needs a reason from the list, an exchange replaces faulty goods (never "no
 * reason"), and "not received" only ever asks for the money back.
 */
export function reasonsFor(type: AfterSaleType, reasons: readonly AfterSaleReason[]): AfterSaleReason[] {
  if (type === 'refund_only') return [...reasons];
  return reasons.filter((reason) => reason !== 'not_received' && reason !== 'other' && !(type === 'exchange' && reason === 'no_reason'));
}

/**
 * R9 in the buyer's words: why the 7-day no-reason return is not open for this order, or
 * null when it is. The excluded item is named (from the order's return classes).
 */
export function noReasonWhy(t: TFunction, options: AfterSaleOptions, order: Order, language: string | undefined): string | null {
  const { noReason } = options;
  if (noReason.allowed) return null;
  switch (noReason.blocked) {
    case 'excluded':
      return t('afterSales.noReason.excluded', { title: order.items.find((item) => item.returnClass === 'excluded')?.title ?? '' });
    case 'consented_exclusion':
      return t('afterSales.noReason.consented', { title: order.items.find((item) => item.returnClass === 'excludable_with_consent')?.title ?? '' });
    case 'window_closed':
      return t('afterSales.noReason.expired', { date: noReason.until ? formatDate(noReason.until, language) : '' });
    default:
      return t('afterSales.noReason.beforeReceipt');
  }
}

/** "47:12:05" from milliseconds left: hours (as many as there are), minutes, seconds. */
export function formatHms(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(seconds / 3600))}:${two(Math.floor((seconds % 3600) / 60))}:${two(seconds % 60)}`;
}

/** Whole days left, counting a started day as one ("请在 6 天内寄回"). */
export const daysLeft = (ms: number) => Math.max(0, Math.ceil(ms / DAY_MS));
