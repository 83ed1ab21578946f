import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isOneOf } from '../../../api/enums';
import { ORDER_STATUSES } from '../../orders/api';
import type { AccessReason as Reason } from '../privacy';

/**
 * Why someone read the reader's data, in words (privacyCentre.accessLog.reasons): the
 * server sends a code and its parameters; an order it names is the reader's own, so it
 * is a link, never an id on the screen.
 */
export function AccessReason({ reason }: { reason: Reason }) {
  const { t } = useTranslation();
  const status = reason.orderStatus && isOneOf(ORDER_STATUSES, reason.orderStatus) ? t(`orders.status.${reason.orderStatus}`) : '';
  const words =
    reason.code === 'masked_order_view'
      ? t('privacyCentre.accessLog.reasons.masked_order_view', { status })
      : reason.code === 'staff_request'
        ? t('privacyCentre.accessLog.reasons.staff_request', { note: reason.note ?? '' })
        : t(`privacyCentre.accessLog.reasons.${reason.code}`);
  return (
    <span data-testid="access-log-reason" data-reason={reason.code}>
      {t('privacyCentre.accessLog.why', { reason: words })}
      {reason.orderId && (
        <>
          {' '}
          <Link to={`/orders/${reason.orderId}`} data-testid="access-log-order">
            {t('privacyCentre.accessLog.orderLink')} ›
          </Link>
        </>
      )}
    </span>
  );
}
