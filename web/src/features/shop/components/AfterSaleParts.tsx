/** Pieces of an after-sales request the shop's inbox and its detail view both show. */
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import { errorMessage } from '../../../api/errors';
import { isOneOf } from '../../../api/enums';
import { timeLeft } from '../../disputes/api';
import { groupOf, type AfterSaleRow } from '../afterSales';

/** The time left to the request's deadline, ticking with `now`; "已超时" past it, "无" once the request is over. */
export function AfterSaleCountdown({ deadline, now, testId = 'after-sale-deadline' }: { deadline: string | null; now: number; testId?: string }) {
  const { t } = useTranslation();
  if (deadline === null)
    return (
      <span className="muted" data-testid={testId}>
        {t('shop.afterSales.noDeadline')}
      </span>
    );
  const left = Date.parse(deadline) - now;
  const parts = timeLeft(left);
  return (
    <time dateTime={deadline} className={left > 0 ? undefined : 'after-sale-overdue'} data-testid={testId} data-overdue={left <= 0}>
      {left <= 0 ? t('shop.afterSales.overdue') : parts.days > 0 ? t('shop.afterSales.countdown', parts) : t('shop.afterSales.countdownHours', parts)}
    </time>
  );
}

/** The status in words, coloured by whether the shop has something to do. */
export function AfterSaleStatusPill({ request, testId = 'after-sale-status' }: { request: Pick<AfterSaleRow, 'status' | 'turn'>; testId?: string }) {
  const { t } = useTranslation();
  const group = groupOf(request.status);
  const tone = request.turn === 'shop' ? 'wait' : group === 'done' ? 'muted' : group === 'escalated' ? 'bad' : 'ok';
  return (
    <span className={`pill ${tone}`} data-testid={testId} data-status={request.status}>
      {t(`shop.afterSales.statuses.${request.status}`)}
    </span>
  );
}

/** Codes only after-sales answers, with words under shop.afterSales.problems. */
const SHOP_CODES = ['NO_RETURN_ADDRESS', 'AFTER_SALE_STATE_CONFLICT', 'NOT_FOUND', 'ESCALATION_NOT_YET', 'ESCALATION_WINDOW_CLOSED', 'RETURN_ADDRESS_DEFAULT', 'RETURN_ADDRESS_IN_USE'] as const;

/**
 * After-sales failures in the shop's words, never a code: `inWords` gives ErrorBanner a
 * failure whose detail is the reader's language (it shows an unknown code's detail),
 * `codeWords` says why one request of a bulk approval was not approved.
 */
export function useShopProblems() {
  const { t } = useTranslation();
  return {
    inWords: (error: unknown): unknown =>
      error instanceof ApiError && isOneOf(SHOP_CODES, error.code) ? new ApiError({ ...error.problem, detail: t(`shop.afterSales.problems.${error.code}`) }, error.retryAfter) : error,
    codeWords: (code: string | undefined): string => {
      if (code && isOneOf(SHOP_CODES, code)) return t(`shop.afterSales.problems.${code}`);
      const words = errorMessage(t, new ApiError({ status: 409, code: code ?? 'UNKNOWN', detail: '' }));
      return words.includes(code ?? 'UNKNOWN') ? t('shop.afterSales.problems.other') : words;
    },
  };
}
