import type { ParcelEventRow, ParcelRow } from './repo.js';

/** The live topic of an order's tracking (lib/live-events.ts). */
export const trackingTopic = (orderId: string) => `tracking:${orderId}`;

/** GET /orders/:id/tracking: API.md's shape plus status, provider, delivery and the automatic-receipt time. */
export function trackingView(parcel: ParcelRow, events: readonly ParcelEventRow[], autoReceiptAt: Date | null) {
  return {
    carrier: parcel.carrier,
    trackingNumber: parcel.tracking_number,
    status: parcel.status,
    ...(parcel.provider_id ? { providerId: parcel.provider_id } : {}),
    ...(parcel.delivered_at ? { deliveredAt: parcel.delivered_at.toISOString() } : {}),
    ...(autoReceiptAt ? { autoReceiptAt: autoReceiptAt.toISOString() } : {}),
    events: events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, ...(e.place ? { place: e.place } : {}), ...(e.note ? { note: e.note } : {}) })),
  };
}

export type TrackingView = ReturnType<typeof trackingView>;
