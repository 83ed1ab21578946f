import type { TFunction } from 'i18next';

const MINUTE = 60_000;

/** How long a buyer has waited, in the largest whole unit (刚刚, 5 分钟, 2 小时, 3 天). */
export function waitingWords(t: TFunction, since: string, now: number): string {
  const ms = Math.max(0, now - Date.parse(since));
  if (ms < MINUTE) return t('shop.inbox.justNow');
  if (ms < 60 * MINUTE) return t('shop.inbox.minutes', { count: Math.floor(ms / MINUTE) });
  if (ms < 24 * 60 * MINUTE) return t('shop.inbox.hours', { count: Math.floor(ms / (60 * MINUTE)) });
  return t('shop.inbox.days', { count: Math.floor(ms / (24 * 60 * MINUTE)) });
}
