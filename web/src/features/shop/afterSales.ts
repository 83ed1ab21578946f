/**
 * The shop's side of after-sales (API.md "Reviews, tracking, after-sales"; RULES.md R9, R10):
 * the calls, their query keys, and the pure reading of a request the console's inbox and
 * detail view share: which of the inbox's five groups a status belongs to, and the nearest deadline first.
 * Types are named views of the server's OpenAPI document, never shapes written here.
 *
 * @example
 *   groupOf('returning') // 'awaitingReceipt'
 *   GROUP_STATUSES.done  // ['refused', 'refunded', 'exchanged', 'withdrawn']
 */
import type { QueryClient } from '@tanstack/react-query';
import { at, call, client, idempotent, type BodyOf, type ItemOf, type Page, type ResponseOf } from '../../api/client';
import { ORDERS_KEY } from '../orders/api';

/** GET /after-sales/:id as the shop sees it: with the timeline, the photos and where returns go. */
export type AfterSale = ResponseOf<'/after-sales/{id}'>;
/** A row of the shop's inbox (GET /operators/:id/after-sales). */
export type AfterSaleRow = ItemOf<ResponseOf<'/operators/{id}/after-sales'>>;
export type AfterSaleStatus = AfterSale['status'];
export type AfterSaleType = AfterSale['type'];
export type AfterSaleReason = AfterSale['reason'];
export type TimelineEntry = AfterSale['timeline'][number];
export type BulkResult = ResponseOf<'/operators/{id}/after-sales/approve', 'post'>['results'][number];

export type ReturnAddress = ItemOf<ResponseOf<'/operators/{id}/return-addresses'>>;
export type ReturnAddressInput = BodyOf<'/operators/{id}/return-addresses'>;
export type ReturnAddressPatch = BodyOf<'/operators/{id}/return-addresses/{addressId}', 'patch'>;

// The server's lists of types, states, reasons and steps are the buyer side's (aftersales/api.ts):
// one list each, worded twice (the shop reads them in its own words under shop.afterSales).
export { AFTER_SALE_EVENTS, AFTER_SALE_REASONS, AFTER_SALE_STATUSES, AFTER_SALE_TYPES } from '../aftersales/api';

/**
 * The inbox's filters, in the words a shop thinks in, each the server statuses it gathers:
 * 待处理 is every request waiting on the shop's decision or, for an exchange whose return came
 * back, on its replacement parcel; 待寄回 approved returns the buyer has yet to send;
 * 待收货确认 returns on their way back. Every status is in exactly one group (the list
 * below names them all, so a status the server adds fails the typecheck here).
 */
export const GROUP_STATUSES = {
  pending: ['requested', 'received'],
  awaitingReturn: ['approved'],
  awaitingReceipt: ['returning'],
  done: ['refused', 'refunded', 'exchanged', 'withdrawn'],
  escalated: ['escalated'],
} as const satisfies Record<string, readonly AfterSaleStatus[]>;
export type InboxGroup = keyof typeof GROUP_STATUSES;
export const INBOX_GROUPS = Object.keys(GROUP_STATUSES) as InboxGroup[];
type Ungrouped = Exclude<AfterSaleStatus, (typeof GROUP_STATUSES)[InboxGroup][number]>;
/** Checked by the compiler: a status the server adds is `{ ungrouped: … }` here until a group has it. */
export const EVERY_STATUS_GROUPED: [Ungrouped] extends [never] ? true : { ungrouped: Ungrouped } = true;

export function groupOf(status: AfterSaleStatus): InboxGroup {
  return INBOX_GROUPS.find((group) => (GROUP_STATUSES[group] as readonly AfterSaleStatus[]).includes(status)) ?? 'done';
}

/** Oldest deadline first; requests with none (over) after every one that still has one. */
export function byDeadline(a: Pick<AfterSaleRow, 'deadline'>, b: Pick<AfterSaleRow, 'deadline'>): number {
  if (a.deadline === b.deadline) return 0;
  if (a.deadline === null) return 1;
  if (b.deadline === null) return -1;
  return Date.parse(a.deadline) - Date.parse(b.deadline);
}

/** Approving a return or an exchange tells the buyer where to send it: the shop needs a return address first. */
export const needsReturnAddress = (type: AfterSaleType) => type !== 'refund_only';

/** Where the money of a request stands: the amount to refund plus the return postage the shop pays. */
export const refundTotal = (request: Pick<AfterSale, 'amount' | 'returnShippingFee'>) => request.amount + request.returnShippingFee;

export const AFTER_SALES_KEY = ['after-sales'] as const;
export const RETURN_ADDRESSES_KEY = ['return-addresses'] as const;

const byId = (id: string) => at({ id });

/** One page of the inbox per status asked (the API filters by one status at a time). */
export type Cursors = Partial<Record<AfterSaleStatus, string | null>>;

export const afterSalesApi = {
  get: (id: string) => call(client.GET('/after-sales/{id}', byId(id))),
  list: (operatorId: string, query: { status?: AfterSaleStatus; type?: AfterSaleType; cursor?: string; limit?: number }) =>
    call(client.GET('/operators/{id}/after-sales', { ...byId(operatorId), params: { path: { id: operatorId }, query } })),
  approve: (id: string, key: string, returnAddressId?: string) =>
    call(client.POST('/after-sales/{id}/approve', { ...byId(id), body: returnAddressId ? { returnAddressId } : {}, ...idempotent(key) })),
  refuse: (id: string, reason: string, key: string) => call(client.POST('/after-sales/{id}/refuse', { ...byId(id), body: { reason }, ...idempotent(key) })),
  returnReceived: (id: string, key: string) => call(client.POST('/after-sales/{id}/return-received', { ...byId(id), ...idempotent(key) })),
  shipExchange: (id: string, shipment: BodyOf<'/after-sales/{id}/exchange-shipment'>, key: string) =>
    call(client.POST('/after-sales/{id}/exchange-shipment', { ...byId(id), body: shipment, ...idempotent(key) })),
  escalate: (id: string, key: string) => call(client.POST('/after-sales/{id}/escalate', { ...byId(id), body: {}, ...idempotent(key) })),
  bulkApprove: (operatorId: string, ids: string[], key: string) =>
    call(client.POST('/operators/{id}/after-sales/approve', { ...byId(operatorId), body: { ids }, ...idempotent(key) })),

  returnAddresses: (operatorId: string) => call(client.GET('/operators/{id}/return-addresses', byId(operatorId))),
  addReturnAddress: (operatorId: string, input: ReturnAddressInput, key: string) =>
    call(client.POST('/operators/{id}/return-addresses', { ...byId(operatorId), body: input, ...idempotent(key) })),
  updateReturnAddress: (operatorId: string, addressId: string, patch: ReturnAddressPatch, key: string) =>
    call(client.PATCH('/operators/{id}/return-addresses/{addressId}', { params: { path: { id: operatorId, addressId } }, body: patch, ...idempotent(key) })),
  deleteReturnAddress: (operatorId: string, addressId: string, key: string) =>
    call(client.DELETE('/operators/{id}/return-addresses/{addressId}', { params: { path: { id: operatorId, addressId } }, ...idempotent(key) })),

  /**
   * A page of a group: each of its statuses asked for its next page (those with a cursor
   * left), the rows together. The cursors of all of them are the next page's parameter.
   */
  async groupPage(operatorId: string, statuses: readonly AfterSaleStatus[], type: AfterSaleType | undefined, cursors: Cursors | undefined): Promise<{ items: AfterSaleRow[]; next: Cursors | null }> {
    const asked = statuses.filter((status) => cursors === undefined || typeof cursors[status] === 'string');
    const pages: Page<AfterSaleRow>[] = await Promise.all(
      asked.map((status) => afterSalesApi.list(operatorId, { status, limit: 50, ...(type ? { type } : {}), ...(cursors?.[status] ? { cursor: cursors[status] } : {}) })),
    );
    const next: Cursors = {};
    asked.forEach((status, i) => {
      if (pages[i]!.nextCursor) next[status] = pages[i]!.nextCursor;
    });
    return { items: pages.flatMap((page) => page.items), next: Object.keys(next).length > 0 ? next : null };
  },
};

/** After a request changed: its detail is the answer, the inbox and the orders are read again. */
export async function afterSaleChanged(queryClient: QueryClient, request?: AfterSale): Promise<void> {
  if (request) queryClient.setQueryData([...AFTER_SALES_KEY, request.id], request);
  await queryClient.invalidateQueries({ queryKey: AFTER_SALES_KEY });
  await queryClient.invalidateQueries({ queryKey: [ORDERS_KEY] });
}
