import { AppError, badSignature, validationFailed } from '../../lib/errors.js';

/** The logistics module's coded errors (API.md "Reviews, tracking, after-sales"). */
export const logisticsErrors = {
  /** Credentials go only to an approved provider of the `logistics` service. */
  notLogisticsProvider: () => new AppError('conflict', 'NOT_A_LOGISTICS_PROVIDER', 'Credentials are issued only to an approved logistics provider'),
  /** Shipping with a provider that is unknown, not approved, not logistics, or has no credentials. */
  unknownCarrier: () => new AppError('unprocessable', 'UNKNOWN_CARRIER', 'This carrier is not one of the approved logistics providers; pick another or choose "other" and type its name'),
  carrierRequired: () => validationFailed([{ path: '/body/carrier', message: 'is required unless a logisticsProviderId is given' }]),
  trackingNumberInUse: () => new AppError('conflict', 'TRACKING_NUMBER_IN_USE', 'This carrier already has a parcel on its way with this tracking number'),
  /** An event dated after now (beyond the 5 minutes clocks may differ): it would start the receipt clock in the future. */
  eventInFuture: () => new AppError('unprocessable', 'EVENT_IN_FUTURE', 'The event is dated in the future'),
  notShipped: () => new AppError('conflict', 'NOT_SHIPPED', 'The order has not been shipped yet'),
  /** Unknown key, revoked key, bad or missing signature: one answer, so keys cannot be probed. */
  badSignature: (detail: string) => badSignature(`Webhook refused: ${detail}`),
  staleTimestamp: () => new AppError('unauthenticated', 'WEBHOOK_TIMESTAMP_OUT_OF_WINDOW', 'Webhook refused: its timestamp is more than 5 minutes from now'),
};
