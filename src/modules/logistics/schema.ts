/** Shapes of the logistics API (API.md "Reviews, tracking, after-sales", `GET /orders/:id/tracking`). */
import { Type } from 'typebox';
import { Body, Text } from '../../http/schemas.js';
import { DocumentedEnum } from '../../lib/documented-enum.js';
import { PARCEL_STATUSES, TRACKING_KINDS } from './tables.js';

const At = Type.String({ format: 'date-time' });

/** The tracking number as the ship form takes it (and carriers send it back). */
export const TrackingNumber = Type.String({ maxLength: 40, pattern: '^[A-Za-z0-9-]{6,40}$' });
export const TrackingNumberParams = Type.Object({ trackingNumber: TrackingNumber }, { additionalProperties: false });

export const TrackingKindSchema = DocumentedEnum(TRACKING_KINDS, { description: 'picked_up, in_transit, out_for_delivery, delivered, exception' });

export const TrackingEvent = Type.Object({
  at: At,
  kind: TrackingKindSchema,
  place: Type.Optional(Type.String({ description: 'the city or station, as the carrier wrote it' })),
  note: Type.Optional(Type.String()),
});

export const Tracking = Type.Object({
  carrier: Type.String(),
  trackingNumber: Type.String(),
  status: DocumentedEnum(PARCEL_STATUSES, {
    description:
      'untracked: a carrier picked as "other" (no events); awaiting_pickup: the carrier has reported nothing yet; otherwise the latest event by `at` — delivered stays delivered once reported',
  }),
  providerId: Type.Optional(Type.String({ description: 'the approved logistics provider carrying it (absent for "other")' })),
  deliveredAt: Type.Optional(Type.String({ format: 'date-time', description: 'when the carrier reported delivery' })),
  autoReceiptAt: Type.Optional(
    Type.String({
      format: 'date-time',
      description: 'while the order is shipped: when receipt is confirmed automatically (10 days after shipping; 7 days after delivery of a tracked parcel); absent while the latest event is an exception',
    }),
  ),
  events: Type.Array(TrackingEvent, { description: 'oldest first, sorted by `at` (carriers may report out of order)' }),
});

export const Carrier = Type.Object({ id: Type.String(), name: Type.String() });
export const CarrierList = Type.Object({ items: Type.Array(Carrier) });

export const IssuedCredentials = Type.Object({
  keyId: Type.String(),
  secret: Type.String({ description: 'shown this once; Agora keeps it sealed and never shows it again' }),
  createdAt: At,
});
export const CredentialSummary = Type.Object({
  keyId: Type.String(),
  createdAt: At,
  expiresAt: Type.Union([At, Type.Null()], { description: 'set when a newer pair was issued: this one verifies until then (24 h)' }),
  active: Type.Boolean({ description: 'still verifies webhooks now' }),
});
export const CredentialList = Type.Object({ items: Type.Array(CredentialSummary) });

/** The webhook's event, after its signature verified. */
export const WebhookEvent = Body({
  eventId: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._:-]+$', description: "the provider's id of this event: a repeat of it is acknowledged and stored once" }),
  trackingNumber: TrackingNumber,
  kind: Type.Union(TRACKING_KINDS.map((k) => Type.Literal(k)), { description: 'picked_up, in_transit, out_for_delivery, delivered, exception' }),
  at: Type.String({ format: 'date-time', maxLength: 40 }),
  place: Type.Optional(Text({ minLength: 1, maxLength: 100 })),
  note: Type.Optional(Text({ minLength: 1, maxLength: 200 })),
});
export const WebhookAnswer = Type.Object({ received: Type.Boolean(), duplicate: Type.Boolean({ description: 'this eventId had been received before; nothing new was stored' }) });

export const SandboxPlayed = Type.Object({ sent: Type.Integer({ minimum: 0, description: 'events sent to the webhook just now' }) });
