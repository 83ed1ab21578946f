/**
 * Parcel tracking (API.md "Reviews, tracking, after-sales"; issue 17 items 5–6): an
 * order's carrier events, live from `GET /orders/:id/tracking/events` while the parcel
 * is on its way, and the carriers a shop can ship with. A parcel sent with a carrier
 * that is not an approved logistics provider ("other") is `untracked`: only its number.
 */
import { at, call, client, type ResponseOf } from '../../api/client';
import { everyValue } from '../../api/enums';
import { useLive } from '../../api/live';
import { ORDERS_KEY } from './api';

export type Tracking = ResponseOf<'/orders/{id}/tracking'>;
export type TrackingEvent = Tracking['events'][number];
export type TrackingKind = TrackingEvent['kind'];
export type ParcelStatus = Tracking['status'];
export type Carrier = ResponseOf<'/logistics/carriers'>['items'][number];

/** Every carrier event, each with words under tracking.kinds, in the order a parcel meets them. */
export const TRACKING_KINDS = everyValue<TrackingKind>()(['picked_up', 'in_transit', 'out_for_delivery', 'delivered', 'exception']);

export const trackingApi = {
  tracking: (orderId: string) => call(client.GET('/orders/{id}/tracking', at({ id: orderId }))),
  carriers: () => call(client.GET('/logistics/carriers')),
};

export const trackingKey = (orderId: string) => [ORDERS_KEY, 'tracking', orderId] as const;
export const CARRIERS_KEY = ['logistics', 'carriers'] as const;

/**
 * Newest first. The server sends them oldest first, already sorted by when they happened
 * (not when they arrived) and, for events of the same moment, in the order it got them:
 * reversing keeps both, where sorting by the time again could not.
 */
export function newestFirst(events: readonly TrackingEvent[]): TrackingEvent[] {
  return [...events].reverse();
}

/** An order's tracking, followed live (event `tracking`, the whole state each time) while `live`: the parcel is on its way. */
export function useTracking(orderId: string, live: boolean) {
  return useLive(trackingKey(orderId), () => trackingApi.tracking(orderId), { path: `/orders/${encodeURIComponent(orderId)}/tracking/events`, event: 'tracking' }, () => live);
}
