export { createDisputesService, type DisputesService, type DisputeView } from './service.js';
export { registerDisputesRoutes } from './routes.js';
export { disputesExport } from './export.js';
