export { createAfterSalesService, type AfterSalesService, type ReturnAddress } from './service.js';
export { registerAfterSalesRoutes, type AfterSalesFlows } from './routes.js';
export { afterSalesErrors } from './errors.js';
export type { AfterSaleRow } from './repo.js';
export type { AfterSaleView, CreateInput, OptionsView } from './view.js';
export * from './rules.js';
export { notices as afterSalesNotices, historyText } from './notices.js';
export { afterSalesRetention, type AfterSalesRetention } from './retention.js';
