import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';

/** Seconds in the largest unit that reads naturally: 45 秒, 3 分钟, 2 小时. */
export function durationWords(t: TFunction, seconds: number): string {
  if (seconds < 60) return t('shop.inbox.seconds', { count: Math.max(1, Math.round(seconds)) });
  if (seconds < 3600) return t('shop.inbox.minutes', { count: Math.round(seconds / 60) });
  return t('shop.inbox.hours', { count: Math.round(seconds / 3600) });
}

/**
 * The storefront's 平均响应时间 (issue 18 item 3): the shop's average time to a first answer
 * over the last 30 days, from GET /operators/:id `chat`; nothing while there is no answer to average.
 */
export function ResponseTime({ chat }: { chat: { firstResponseSeconds: number | null } | undefined }) {
  const { t } = useTranslation();
  if (chat?.firstResponseSeconds === null || chat?.firstResponseSeconds === undefined) return null;
  return (
    <p className="muted shop-response-time" data-testid="storefront-response-time">
      {t('shop.inbox.responseTime', { time: durationWords(t, chat.firstResponseSeconds) })}
    </p>
  );
}
