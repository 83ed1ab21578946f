export { createLogisticsService, parcelState, LOGISTICS_SECRET_PURPOSE, CREDENTIAL_GRACE_MS, type LogisticsService, type CarrierEvent, type RecordedEvent } from './service.js';
export { logisticsErrors } from './errors.js';
export { registerLogisticsRoutes, LOGISTICS_WEBHOOK_PATH, LOGISTICS_HEADERS, type TrackingFlows } from './routes.js';
export { trackingTopic, trackingView, type TrackingView } from './view.js';
export { TRACKING_KINDS, PARCEL_STATUSES, type TrackingKind, type ParcelStatus } from './tables.js';
export { logisticsSecretsColumn } from './rotation.js';
export type { ParcelRow } from './repo.js';
export { createSandboxCarrier, registerSandboxCarrier, sandboxRoute, sandboxShopCity, SANDBOX_CARRIER, SANDBOX_CARRIER_QUEUE, type SandboxCarrier } from './sandbox.js';
