import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isLive, useMyDisputes } from '../api';
import type { Order } from '../../orders/api';

/** Orders the buyer may open a dispute on: paid (held in escrow) or delivered (API.md "Disputes"). */
const DISPUTABLE = new Set<Order['status']>(['paid', 'shipped', 'received', 'completed']);

/**
 * On the buyer's order: the way to its dispute if it has one (newest first), and
 * 「申请售后/发起纠纷」 while it has no open one and can still be disputed.
 */
export function OrderDispute({ order }: { order: Order }) {
  const { t } = useTranslation();
  const mine = useMyDisputes('buyer');
  const latest = mine.data?.pages.flatMap((page) => page.items).find((dispute) => dispute.orderId === order.id);
  const open = latest !== undefined && isLive(latest.status);
  return (
    <div className="button-row">
      {latest && (
        <Link to={`/disputes/${latest.id}`} className="button secondary" data-testid="order-dispute-link" data-status={latest.status}>
          {t('disputes.viewCase')}
        </Link>
      )}
      {!open && DISPUTABLE.has(order.status) && !mine.isPending && (
        <Link to={`/orders/${order.id}/dispute`} className="button secondary" data-testid="order-open-dispute">
          {t('disputes.openFromOrder')}
        </Link>
      )}
    </div>
  );
}
