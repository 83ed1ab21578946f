import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { PageHeader } from '../../../ui/PageHeader';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { formatFen } from '../../../lib/money';
import { orderChanged, useOrder, ordersApi, type Order } from '../api';
import { refreshWallet } from '../../wallet/api';
import { OrderAfterSales } from '../../aftersales/components/OrderAfterSales';
import { OrderDispute } from '../../disputes/components/OrderDispute';
import { OrderReviews } from '../../reviews/components/OrderReviews';
import { ContactShop } from '../../chat/components/ContactShop';
import { OrderDetails } from '../components/OrderDetails';
import { PaySheet } from '../components/PaySheet';
import { TrackingTimeline } from '../components/TrackingTimeline';

/** What the buyer can do next: cancel before shipping, confirm receipt (returns and refunds are after-sales, OrderAfterSales). */
function BuyerActions({ order }: { order: Order }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const [askingReceipt, setAskingReceipt] = useState(false);
  const done = async ({ order: changed }: { order: Order }) => {
    await orderChanged(queryClient, changed);
    await refreshWallet(queryClient);
  };
  const cancel = useMutation({ mutationFn: () => keys.send({ cancel: order.id }, (key) => ordersApi.cancelOrder(order.id, key)), onSuccess: done });
  const receipt = useMutation({
    mutationFn: () => keys.send({ receipt: order.id }, (key) => ordersApi.confirmReceipt(order.id, key)),
    onSuccess: done,
    onSettled: () => setAskingReceipt(false),
  });
  const canCancel = order.status === 'pending_payment' || order.status === 'paid';
  if (!canCancel && order.status !== 'shipped' && !cancel.error && !receipt.error) return null;
  return (
    <section className="card" data-testid="order-actions">
      <ErrorBanner error={cancel.error ?? receipt.error} testId="order-action-error" />
      {canCancel && (
        <button
          type="button"
          className="button danger-outline"
          disabled={cancel.isPending}
          data-testid="order-cancel"
          onClick={() => {
            if (window.confirm(t('orders.cancelConfirm'))) cancel.mutate();
          }}
        >
          {t('orders.cancel')}
        </button>
      )}
      {order.status === 'shipped' && (
        <>
          <button type="button" className="button primary" disabled={receipt.isPending} data-testid="order-confirm-receipt" onClick={() => setAskingReceipt(true)}>
            {t('orders.confirmReceipt')}
          </button>
          {/* Receipt releases escrow to the shop: asked once, with the amount, before it happens. */}
          <ConfirmDialog
            open={askingReceipt}
            title={t('orders.confirmReceiptTitle')}
            confirmLabel={t('orders.confirmReceiptYes')}
            cancelLabel={t('orders.confirmReceiptNo')}
            busy={receipt.isPending}
            testId="receipt-dialog"
            onConfirm={() => receipt.mutate()}
            onCancel={() => setAskingReceipt(false)}
          >
            <p>{t('orders.confirmReceiptBody', { amount: formatFen(order.total) })}</p>
          </ConfirmDialog>
        </>
      )}
    </section>
  );
}

/** /orders/:id: the status, the pay sheet while unpaid, the details and what can be done next. */
export function OrderPage() {
  const { t } = useTranslation();
  const { orderId = '' } = useParams();
  const order = useOrder(orderId);
  if (order.isPending) return <Loading />;
  if (order.isError) {
    return (
      <div className="page" data-testid="order-page">
        <PageHeader title={t('orders.order')} back={{ to: '/orders', label: t('orders.title') }} />
        <ErrorBanner error={order.error} testId="order-error" />
      </div>
    );
  }
  const o = order.data;
  return (
    <div className="page" data-testid="order-page" data-order-id={o.id}>
      <title>{`${t('orders.order')} · ${t('app.name')}`}</title>
      <PageHeader title={t('orders.order')} back={{ to: '/orders', label: t('orders.title') }} />
      <div className="status-head">
        <span className="pill" data-testid="order-status" data-status={o.status}>
          {t(`orders.status.${o.status}`)}
        </span>
        {o.awaitingGroup && (
          <span className="pill wait" data-testid="order-awaiting-group">
            {t('orders.awaitingGroup')}
          </span>
        )}
        <span className="muted" data-testid="order-number">
          {t('orders.number', { number: o.number })}
        </span>
      </div>
      {o.source && (
        <Link
          to={o.source.kind === 'group_buy' ? `/group-buys/${o.source.id}` : `/bargains/${o.source.id}`}
          className="button secondary"
          data-testid="order-campaign-link"
        >
          {o.source.kind === 'group_buy' ? t('orders.viewGroup') : t('orders.viewBargain')}
        </Link>
      )}
      {o.status === 'pending_payment' && <PaySheet order={o} />}
      {/* Where the parcel is comes first once it is on its way, as the buyer comes back for it. */}
      {o.shipping && <TrackingTimeline order={o} />}
      <OrderDetails order={o} />
      <ContactShop operatorId={o.operatorId} offer={{ order: o.id }} />
      <BuyerActions order={o} />
      <OrderAfterSales order={o} />
      <OrderReviews order={o} />
      <OrderDispute order={o} />
    </div>
  );
}
