/** Order reads shared by the buyer's pages and the shop dashboard. */
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, type Order, type OrderEvent } from './api';

export const ORDERS_KEY = 'orders';

export const ORDER_STATUSES = ['pending_payment', 'paid', 'shipped', 'received', 'completed', 'cancelled', 'refunded', 'returning'] as const satisfies readonly Order['status'][];
export const ORDER_EVENTS = [
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
] as const satisfies readonly OrderEvent['type'][];
export type OrderEventType = OrderEvent['type'];

export function isKnownEvent(type: string): type is OrderEventType {
  return (ORDER_EVENTS as readonly string[]).includes(type);
}

/** Tracking numbers the API takes: 6–40 letters, digits or -. */
export const TRACKING_NUMBER = /^[A-Za-z0-9-]{6,40}$/;

export function useOrder(orderId: string) {
  return useQuery({ queryKey: [ORDERS_KEY, 'one', orderId], queryFn: () => api.order(orderId) });
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
