/**
 * After-sales (售后; API.md "Reviews, tracking, after-sales", R9, R10): the buyer's calls,
 * their query hooks, and the pure reading of a request the pages share — whose turn it is,
 * by when, and what the buyer may do now. Every POST carries an Idempotency-Key
 * (api/idempotency.ts).
 *
 * @example
 *   const request = useAfterSale(id);
 *   const turn = turnOf(request.data); // { kind: 'shopAnswer', by: '2026-12-09T…' }
 */
import { useInfiniteQuery, useQuery, type QueryClient } from '@tanstack/react-query';
import { at, call, client, idempotent, type BodyOf, type ItemOf, type ResponseOf } from '../../api/client';
import { everyValue } from '../../api/enums';

/** GET /after-sales/:id: the request with its timeline, the return address once approved, the shipments. */
export type AfterSale = ResponseOf<'/after-sales/{id}'>;
export type AfterSaleEvent = AfterSale['timeline'][number];
/** A line of GET /me/after-sales (no timeline, no address). */
export type AfterSaleSummary = ItemOf<ResponseOf<'/me/after-sales'>>;
export type AfterSaleType = AfterSale['type'];
export type AfterSaleReason = AfterSale['reason'];
export type AfterSaleStatus = AfterSale['status'];
/** GET /orders/:id/after-sales/options: what the buyer may ask for on this order now. */
export type AfterSaleOptions = ResponseOf<'/orders/{id}/after-sales/options'>;
export type NewAfterSale = BodyOf<'/orders/{id}/after-sales'>;
export type ReturnShipment = BodyOf<'/after-sales/{id}/return-shipment'>;

export const AFTER_SALE_TYPES = everyValue<AfterSaleType>()(['refund_only', 'return_refund', 'exchange']);
export const AFTER_SALE_REASONS = everyValue<AfterSaleReason>()(['no_reason', 'not_received', 'quality_problem', 'not_as_described', 'wrong_item', 'damaged', 'missing_parts', 'other']);
export const AFTER_SALE_STATUSES = everyValue<AfterSaleStatus>()(['requested', 'approved', 'refused', 'returning', 'received', 'refunded', 'exchanged', 'escalated', 'withdrawn']);
/** Every step of a request's timeline, each with words under afterSales.events. */
export const AFTER_SALE_EVENTS = everyValue<AfterSaleEvent['type']>()([
  'requested',
  'approved',
  'approved_automatically',
  'refused',
  'return_shipped',
  'return_received',
  'refunded',
  'refunded_automatically',
  'exchange_shipped',
  'withdrawn',
  'closed_not_shipped',
  'escalated',
  'escalation_window_closed',
]);

const byId = (id: string) => at({ id });

export const afterSalesApi = {
  options: (orderId: string) => call(client.GET('/orders/{id}/after-sales/options', byId(orderId))),
  create: (orderId: string, input: NewAfterSale, key: string) => call(client.POST('/orders/{id}/after-sales', { ...byId(orderId), body: input, ...idempotent(key) })),
  get: (id: string) => call(client.GET('/after-sales/{id}', byId(id))),
  mine: (cursor?: string) => call(client.GET('/me/after-sales', { params: { query: cursor ? { cursor } : {} } })),
  shipReturn: (id: string, input: ReturnShipment, key: string) => call(client.POST('/after-sales/{id}/return-shipment', { ...byId(id), body: input, ...idempotent(key) })),
  withdraw: (id: string, key: string) => call(client.POST('/after-sales/{id}/withdraw', { ...byId(id), ...idempotent(key) })),
  escalate: (id: string, key: string) => call(client.POST('/after-sales/{id}/escalate', { ...byId(id), body: {}, ...idempotent(key) })),
};

/** Everything under this key is after-sales: invalidate it after a request changes. */
export const AFTER_SALES_KEY = 'after-sales';

export function useAfterSale(id: string) {
  return useQuery({ queryKey: [AFTER_SALES_KEY, 'one', id], queryFn: () => afterSalesApi.get(id) });
}

/** Read per state of the order: what it allows changes with it (receipt opens returns), so a cached answer never outlives its state. */
export function useAfterSaleOptions(orderId: string, orderStatus: string | undefined) {
  return useQuery({ queryKey: [AFTER_SALES_KEY, 'options', orderId, orderStatus], queryFn: () => afterSalesApi.options(orderId), enabled: orderStatus !== undefined });
}

/** The buyer's requests, newest first, a page at a time. */
export function useMyAfterSales(enabled = true) {
  return useInfiniteQuery({
    enabled,
    queryKey: [AFTER_SALES_KEY, 'mine'],
    queryFn: ({ pageParam }) => afterSalesApi.mine(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** A request changed: show the new one, and read every list, the options and the orders again (its order's state may have moved). */
export async function afterSaleChanged(queryClient: QueryClient, request: AfterSale): Promise<void> {
  queryClient.setQueryData([AFTER_SALES_KEY, 'one', request.id], request);
  await queryClient.invalidateQueries({ queryKey: [AFTER_SALES_KEY], refetchType: 'all' });
  await queryClient.invalidateQueries({ queryKey: ['orders'], refetchType: 'all' });
}

/** The states in which a request still waits on someone. */
export const isOpen = (status: AfterSaleStatus) => status === 'requested' || status === 'approved' || status === 'refused' || status === 'returning' || status === 'received';

/**
 * What is due now and from whom (API.md: the shop answers in 48 h, the buyer ships an
 * approved return in 7 days, the shop confirms the return in 7 days or the refund is
 * automatic (R10), an exchange is shipped within 48 h of the return arriving).
 */
export type Turn = 'shopAnswer' | 'buyerShip' | 'shopReceive' | 'shopExchange' | 'buyerEscalate' | 'platform';

export function turnOf(request: Pick<AfterSale, 'status' | 'type' | 'deadline'>): Turn | null {
  switch (request.status) {
    case 'requested':
      return 'shopAnswer';
    case 'approved':
      return request.type === 'refund_only' ? null : 'buyerShip';
    case 'returning':
      return 'shopReceive';
    case 'received':
      return request.type === 'exchange' ? 'shopExchange' : null;
    case 'refused':
      // Past the 7 days to escalate the server clears the deadline: nothing is due any more.
      return request.deadline === null ? null : 'buyerEscalate';
    case 'escalated':
      return 'platform';
    default:
      return null;
  }
}

/**
 * RULES.md: escalation is open after a refusal, or when the other side is past its deadline
 * (the server checks again with its own clock).
 */
export function canEscalate(request: Pick<AfterSale, 'status' | 'type' | 'deadline' | 'disputeId'>, now: number): boolean {
  if (request.disputeId) return false;
  if (request.status === 'refused') return request.deadline !== null && new Date(request.deadline).getTime() > now;
  const turn = turnOf(request);
  const shopsTurn = turn === 'shopAnswer' || turn === 'shopReceive' || turn === 'shopExchange';
  return shopsTurn && request.deadline !== null && new Date(request.deadline).getTime() <= now;
}

/** The buyer may withdraw until money has moved or the platform has it. */
export const canWithdraw = (status: AfterSaleStatus) => status === 'requested' || status === 'approved' || status === 'refused';
