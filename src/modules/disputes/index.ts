export { createDisputesService, type DisputesService, type DisputeView, type OpenInput, type Outcome } from './service.js';
export type { DisputeRow } from './repo.js';
export type { DisputeStats } from './stats-repo.js';
export { registerDisputesRoutes, type DisputeFlows } from './routes.js';
export { disputeRetention, type DisputeRetention } from './retention.js';
export { disputesExport } from './export.js';
