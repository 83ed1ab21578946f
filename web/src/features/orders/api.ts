/**
 * Addresses and orders (API.md "Orders"): the calls of the buyer and of the shop that
 * ships, and the order reads shared by the buyer's pages and the shop dashboard.
 * Every money POST carries an Idempotency-Key (api/idempotency.ts).
 */
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { at, call, client, idempotent, type BodyOf, type ItemOf, type QueryOf, type ResponseOf } from '../../api/client';
import { everyValue, isOneOf } from '../../api/enums';

/** An address-book entry (GET/POST /me/addresses). */
export type ShippingAddress = ItemOf<ResponseOf<'/me/addresses'>>;
export type NewAddress = BodyOf<'/me/addresses'>;

export type Order = ResponseOf<'/orders/{id}'>;
export type OrderStatus = Order['status'];
export type OrderItem = Order['items'][number];
export type OrderEvent = Order['timeline'][number];

/** What POST /orders/:id/pay takes: the PIN and, at or above the step-up threshold, one second factor. */
export type PayInput = BodyOf<'/orders/{id}/pay'>;
export type CheckoutInput = BodyOf<'/orders'>;
export type Shipment = BodyOf<'/orders/{id}/ship'>;

const byId = (id: string) => at({ id });

export const ordersApi = {
  addresses: () => call(client.GET('/me/addresses')),
  addAddress: (input: NewAddress, idempotencyKey: string) => call(client.POST('/me/addresses', { body: input, ...idempotent(idempotencyKey) })),
  checkout: (input: CheckoutInput, idempotencyKey: string) => call(client.POST('/orders', { body: input, ...idempotent(idempotencyKey) })),
  orders: (params: QueryOf<'/orders'>) => call(client.GET('/orders', { params: { query: params } })),
  order: (orderId: string) => call(client.GET('/orders/{id}', byId(orderId))),
  payOrder: (orderId: string, input: PayInput, idempotencyKey: string) =>
    call(client.POST('/orders/{id}/pay', { ...byId(orderId), body: input, ...idempotent(idempotencyKey) })),
  /** `refundTo`: a paid order's money back the way it was paid (default), or to the wallet. */
  cancelOrder: (orderId: string, idempotencyKey: string, refundTo?: 'original' | 'wallet') =>
    call(client.POST('/orders/{id}/cancel', { ...byId(orderId), body: refundTo ? { refundTo } : {}, ...idempotent(idempotencyKey) })),
  confirmReceipt: (orderId: string, idempotencyKey: string) => call(client.POST('/orders/{id}/confirm-receipt', { ...byId(orderId), ...idempotent(idempotencyKey) })),
  returnOrder: (orderId: string, input: BodyOf<'/orders/{id}/return'>, idempotencyKey: string) =>
    call(client.POST('/orders/{id}/return', { ...byId(orderId), body: input, ...idempotent(idempotencyKey) })),
  operatorOrders: (operatorId: string, params: QueryOf<'/operators/{id}/orders'>) =>
    call(client.GET('/operators/{id}/orders', { params: { path: { id: operatorId }, query: params } })),
  shipOrder: (orderId: string, input: Shipment, idempotencyKey: string) =>
    call(client.POST('/orders/{id}/ship', { ...byId(orderId), body: input, ...idempotent(idempotencyKey) })),
  shippingAddress: (orderId: string) => call(client.GET('/orders/{id}/shipping-address', byId(orderId))),
  returnReceived: (orderId: string, idempotencyKey: string) =>
    call(client.POST('/orders/{id}/return/received', { ...byId(orderId), ...idempotent(idempotencyKey) })),
};

export const ORDERS_KEY = 'orders';

export const ORDER_STATUSES = everyValue<OrderStatus>()(['pending_payment', 'paid', 'shipped', 'received', 'completed', 'cancelled', 'refunded', 'returning']);
/** Every step of an order's timeline, each with words under orders.events (the typed `t` checks them). */
export const ORDER_EVENTS = everyValue<OrderEvent['type']>()([
  'created',
  'paid',
  'shipped',
  'received',
  'receipt_auto_confirmed',
  'cancelled',
  'expired',
  'return_requested',
  'return_refunded',
  'return_refunded_automatically',
  'completed',
  'group_completed',
  'cancelled_by_campaign',
  'dispute_refunded',
  'after_sale_refunded',
  'return_withdrawn',
]);
export type OrderEventType = OrderEvent['type'];

export const isKnownEvent = (type: string): type is OrderEventType => isOneOf(ORDER_EVENTS, type);

/** Tracking numbers the API takes: 6–40 letters, digits or -. */
export const TRACKING_NUMBER = /^[A-Za-z0-9-]{6,40}$/;

export function useOrder(orderId: string) {
  return useQuery({ queryKey: [ORDERS_KEY, 'one', orderId], queryFn: () => ordersApi.order(orderId) });
}

/** An order changed: show the new one here and read every order list again. */
export async function orderChanged(queryClient: QueryClient, order: Order): Promise<void> {
  queryClient.setQueryData([ORDERS_KEY, 'one', order.id], order);
  await queryClient.invalidateQueries({ queryKey: [ORDERS_KEY], refetchType: 'all' });
}

/** Now, ticking every second while mounted. */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/** "29:59" from milliseconds left. */
export function formatCountdown(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}
