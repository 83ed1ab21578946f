export { createOrdersService, type OrdersService, type OrderView, type SourcedOrder, type SourcedOrderInput, type DisputedOrder, PAYMENT_WINDOW_MS, AUTO_CONFIRM_MS } from './service.js';
export { registerOrdersRoutes, Order as OrderSchema } from './routes.js';
export type { SalesStats } from './stats-repo.js';
export { returnDeadline, RETURN_CONFIRM_MS } from './returns.js';
export { type Referral, type ReferralResolver } from './referrals.js';
export { createOrderRetention, type OrderRetention } from './retention.js';
export { ordersExport } from './export.js';
