export { createDisputesService, type DisputesService, type DisputeView } from './service.js';
export type { DisputeStats } from './stats-repo.js';
export { registerDisputesRoutes } from './routes.js';
export { disputeRetention, type DisputeRetention } from './retention.js';
export { disputesExport } from './export.js';
