import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, type Order, type Shipment } from '../../../api';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field } from '../../../ui/Field';
import { Loading } from '../../../ui/Loading';
import { PageHeader } from '../../../ui/PageHeader';
import { formatDateTime } from '../../../format';
import { useIdempotencyKeys } from '../../../idempotency';
import { formatFen } from '../../../money';
import { isKnownEvent, orderChanged, TRACKING_NUMBER, useOrder } from '../../../orders';
import { refreshWallet } from '../../../wallet';
import { OrderDispute } from '../../disputes/components/OrderDispute';
import { PaySheet } from '../components/PaySheet';

/** Carrier and tracking number: the return form (buyer) and the ship form (shop). */
export function ShipmentForm({
  testId,
  submitLabel,
  pending,
  error,
  onSubmit,
}: {
  testId: string;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (shipment: Shipment) => void;
}) {
  const { t } = useTranslation();
  const [invalid, setInvalid] = useState<{ carrier?: string; trackingNumber?: string }>({});
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const carrier = String(form.get('carrier') ?? '').trim();
    const trackingNumber = String(form.get('trackingNumber') ?? '').trim();
    const problems: { carrier?: string; trackingNumber?: string } = {};
    if (carrier.length < 2 || carrier.length > 40) problems.carrier = t('orders.carrier');
    if (!TRACKING_NUMBER.test(trackingNumber)) problems.trackingNumber = t('orders.trackingHint');
    setInvalid(problems);
    if (Object.keys(problems).length === 0) onSubmit({ carrier, trackingNumber });
  }
  return (
    <form className="form" onSubmit={submit} noValidate data-testid={testId}>
      <Field name="carrier" label={t('orders.carrier')} maxLength={40} error={invalid.carrier} data-testid={`${testId}-carrier`} />
      <Field
        name="trackingNumber"
        label={t('orders.trackingNumber')}
        hint={t('orders.trackingHint')}
        maxLength={40}
        error={invalid.trackingNumber}
        data-testid={`${testId}-tracking`}
      />
      <ErrorBanner error={error} testId={`${testId}-error`} />
      <button type="submit" className="button primary" disabled={pending} data-testid={`${testId}-submit`}>
        {pending ? t('common.submitting') : submitLabel}
      </button>
    </form>
  );
}

/** What the buyer can do next: cancel before shipping, confirm receipt, return within the window. */
function BuyerActions({ order }: { order: Order }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const [returning, setReturning] = useState(false);
  const done = async ({ order: changed }: { order: Order }) => {
    await orderChanged(queryClient, changed);
    await refreshWallet(queryClient);
  };
  const cancel = useMutation({ mutationFn: () => keys.send({ cancel: order.id }, (key) => api.cancelOrder(order.id, key)), onSuccess: done });
  const receipt = useMutation({ mutationFn: () => keys.send({ receipt: order.id }, (key) => api.confirmReceipt(order.id, key)), onSuccess: done });
  const giveBack = useMutation({
    mutationFn: (shipment: Shipment) => keys.send(shipment, (key) => api.returnOrder(order.id, shipment, key)),
    onSuccess: async (answer) => {
      setReturning(false);
      await done(answer);
    },
  });
  const canCancel = order.status === 'pending_payment' || order.status === 'paid';
  if (!canCancel && order.status !== 'shipped' && order.status !== 'received' && !cancel.error && !receipt.error) return null;
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
        <button type="button" className="button primary" disabled={receipt.isPending} data-testid="order-confirm-receipt" onClick={() => receipt.mutate()}>
          {t('orders.confirmReceipt')}
        </button>
      )}
      {order.status === 'received' &&
        (returning ? (
          <>
            <h2>{t('orders.returnTitle')}</h2>
            <p className="fine-print">{t('orders.returnHint')}</p>
            <ShipmentForm testId="order-return" submitLabel={t('orders.returnSubmit')} pending={giveBack.isPending} error={giveBack.error} onSubmit={(s) => giveBack.mutate(s)} />
          </>
        ) : (
          <button type="button" className="button secondary" data-testid="order-return-open" onClick={() => setReturning(true)}>
            {t('orders.returnTitle')}
          </button>
        ))}
    </section>
  );
}

/** The order's facts: items, add-ons, total, shipping, timeline. */
export function OrderDetails({ order }: { order: Order }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  return (
    <>
      <section className="card" data-testid="order-items">
        <h2>{t('orders.items')}</h2>
        <ul className="cart-lines">
          {order.items.map((item) => (
            <li key={item.id} data-testid="order-item">
              <div className="sku-line">
                <span>
                  {item.title} · {item.skuName} × {item.quantity}
                </span>
                <span className="price">{formatFen(item.unitPrice * item.quantity)}</span>
              </div>
            </li>
          ))}
        </ul>
        {order.addOns.length > 0 && (
          <>
            <h3>{t('orders.addOns')}</h3>
            <ul className="addon-list" data-testid="order-addons">
              {order.addOns.map((addOn) => (
                <li key={addOn.id} data-testid="order-addon">
                  {addOn.title} <span className="price">+{formatFen(addOn.price)}</span>
                </li>
              ))}
            </ul>
          </>
        )}
        <dl className="facts">
          <div>
            <dt>{t('orders.total')}</dt>
            <dd className="price" data-testid="order-total">
              {formatFen(order.total)}
            </dd>
          </div>
          <div>
            <dt>{t('orders.createdAt')}</dt>
            <dd>{formatDateTime(order.createdAt, language)}</dd>
          </div>
          <div>
            <dt>{t('orders.shipping')}</dt>
            <dd data-testid="order-shipping">{order.shipping ? `${order.shipping.carrier} ${order.shipping.trackingNumber}` : t('orders.noShipping')}</dd>
          </div>
        </dl>
      </section>
      <section className="card" data-testid="order-timeline">
        <h2>{t('orders.timeline')}</h2>
        <ol className="timeline">
          {order.timeline.map((event, i) => (
            <li key={`${event.type}-${i}`} data-testid="order-event" data-type={event.type}>
              <span>{isKnownEvent(event.type) ? t(`orders.events.${event.type}`) : t('orders.events.other', { type: event.type })}</span>{' '}
              <time className="muted" dateTime={event.at}>
                {formatDateTime(event.at, language)}
              </time>
            </li>
          ))}
        </ol>
      </section>
    </>
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
        <span className="muted">{t('orders.number', { id: o.id })}</span>
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
      <OrderDetails order={o} />
      <BuyerActions order={o} />
      <OrderDispute order={o} />
    </div>
  );
}
