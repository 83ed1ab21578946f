import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Loading } from '../../../ui/Loading';
import { formatDateTime } from '../../../lib/format';
import { useIdempotencyKeys } from '../../../api/idempotency';
import { formatFen } from '../../../lib/money';
import { orderChanged, ORDERS_KEY, ordersApi, type Order, type ShipInput } from '../../orders/api';
import { refreshWallet } from '../../wallet/api';
import { ShipmentForm } from '../../orders/components/ShipmentForm';
import { TrackingTimeline } from '../../orders/components/TrackingTimeline';
import { CARRIERS_KEY, trackingApi } from '../../orders/tracking';
import { DataTable, morePages } from '../../../ui/DataTable';

/** Where to ship: asked only for open orders (each look is logged by the server). */
function ShipTo({ orderId }: { orderId: string }) {
  const { t } = useTranslation();
  const address = useQuery({ queryKey: [ORDERS_KEY, 'ship-to', orderId], queryFn: () => ordersApi.shippingAddress(orderId) });
  if (address.isPending) return <Loading />;
  if (address.isError) return <ErrorBanner error={address.error} testId="shop-order-address-error" />;
  const a = address.data.address;
  if (!a) return null;
  return (
    <p data-testid="shop-order-address">
      <span className="muted">{t('orders.shipTo')}</span> {a.recipient} {a.phone} {a.region} {a.line}
    </p>
  );
}

/**
 * The parcel's tracking, the same timeline the buyer sees, read (and followed live) only
 * once opened: every row of the list has its details, and a stream each would be too many.
 */
function ShopTracking({ order }: { order: Order }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <details className="tracking-details" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary data-testid="shop-order-tracking-open">{t('tracking.show')}</summary>
      {open && <TrackingTimeline order={order} viewer="shop" />}
    </details>
  );
}

/** Where a paid order can ship: the approved carriers that report to Agora, or 其他 (the form works without the list). */
function ShipForm({ order }: { order: Order }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const carriers = useQuery({ queryKey: CARRIERS_KEY, queryFn: trackingApi.carriers, staleTime: 5 * 60_000 });
  const ship = useMutation({
    mutationFn: (shipment: ShipInput) => keys.send(shipment, (key) => ordersApi.shipOrder(order.id, shipment, key)),
    onSuccess: ({ order: changed }) => orderChanged(queryClient, changed),
  });
  // The form is there at once with 其他 chosen; the listed carriers join the choice when they arrive.
  return (
    <ShipmentForm
      testId="shop-ship"
      submitLabel={t('orders.shipSubmit')}
      pending={ship.isPending}
      error={ship.error}
      carriers={carriers.data?.items ?? []}
      onSubmit={(s) => ship.mutate(s)}
    />
  );
}

/** What the shop does next with an order: where to ship it and the form, or take the returned goods back. */
function OrderActions({ order }: { order: Order }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const keys = useIdempotencyKeys();
  const received = useMutation({
    mutationFn: () => keys.send({ returnReceived: order.id }, (key) => ordersApi.returnReceived(order.id, key)),
    onSuccess: async ({ order: changed }) => {
      await orderChanged(queryClient, changed);
      await refreshWallet(queryClient);
    },
  });
  return (
    <>
      {order.shipping && (
        <p data-testid="shop-order-shipping">
          <span className="muted">{t('orders.shipping')}</span> {order.shipping.carrier} {order.shipping.trackingNumber}
        </p>
      )}
      {order.shipping && <ShopTracking order={order} />}
      {(order.status === 'paid' || order.status === 'shipped') && <ShipTo orderId={order.id} />}
      {/* A group order ships once its group is complete (409 GROUP_NOT_COMPLETE before). */}
      {order.status === 'paid' && !order.awaitingGroup && (
        <ShipForm order={order} />
      )}
      {order.status === 'returning' && (
        <>
          <ErrorBanner error={received.error} testId="shop-return-error" />
          <button type="button" className="button primary" disabled={received.isPending} data-testid="shop-return-received" onClick={() => received.mutate()}>
            {t('orders.returnReceived')}
          </button>
        </>
      )}
    </>
  );
}

/** The shop's orders (GET /operators/:id/orders), newest first, sortable, a page at a time: ship paid ones, take returns back. */
export function ShopOrdersCard({ operatorId }: { operatorId: string }) {
  const { t, i18n } = useTranslation();
  const orders = useInfiniteQuery({
    queryKey: [ORDERS_KEY, 'shop', operatorId],
    queryFn: ({ pageParam }) => ordersApi.operatorOrders(operatorId, { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = orders.data?.pages.flatMap((page) => page.items) ?? [];
  const status = (order: Order) => t(`orders.status.${order.status}`);
  return (
    <section className="card" data-testid="shop-orders" aria-label={t('orders.shopOrders')}>
      {orders.isPending ? (
        <Loading />
      ) : !orders.data ? (
        <ErrorBanner error={orders.error} testId="shop-orders-error" />
      ) : items.length === 0 ? (
        <p className="empty" data-testid="shop-orders-empty">
          {t('orders.shopNoOrders')}
        </p>
      ) : (
        <DataTable
          testId="shop-orders-table"
          caption={t('orders.shopOrders')}
          rows={items}
          rowKey={(order) => order.id}
          rowProps={(order) => ({ 'data-testid': 'shop-order', 'data-order-id': order.id, 'data-status': order.status })}
          more={morePages(orders)}
          details={(order) => <OrderActions order={order} />}
          columns={[
            {
              key: 'number',
              header: t('shop.orderColumns.number'),
              // Short numbers are the date and a sequence: their order is the order they were placed in.
              sort: (a, b) => a.number.localeCompare(b.number),
              cell: (order) => <span data-testid="shop-order-number">{order.number}</span>,
            },
            { key: 'at', header: t('shop.orderColumns.at'), cell: (order) => formatDateTime(order.createdAt, i18n.resolvedLanguage), sort: (a, b) => a.createdAt.localeCompare(b.createdAt) },
            {
              key: 'items',
              header: t('shop.orderColumns.items'),
              cell: (order) => (
                <>
                  {order.items.map((item) => `${item.title} · ${item.skuName} × ${item.quantity}`).join('；')}
                  {order.addOns.length > 0 && <> + {order.addOns.map((addOn) => addOn.title).join('、')}</>}
                </>
              ),
            },
            { key: 'total', header: t('shop.orderColumns.total'), className: 'num', cell: (order) => <span className="price">{formatFen(order.total)}</span>, sort: (a, b) => a.total - b.total },
            {
              key: 'status',
              header: t('shop.orderColumns.status'),
              sort: (a, b) => status(a).localeCompare(status(b), i18n.resolvedLanguage),
              cell: (order) => (
                <>
                  <span className="pill" data-testid="shop-order-status">
                    {status(order)}
                  </span>
                  {order.awaitingGroup && (
                    <span className="pill wait" data-testid="shop-order-awaiting-group">
                      {t('orders.awaitingGroup')}
                    </span>
                  )}
                </>
              ),
            },
          ]}
        />
      )}
    </section>
  );
}
