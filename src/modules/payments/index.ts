export { createPaymentsService, type PaymentsService, type TopUpView, type WalletLine } from './service.js';
export { registerPaymentsRoutes, registerSandboxPaymentProvider, WEBHOOK_PATH } from './routes.js';
export { signWebhook } from './signature.js';
export { paymentRetention } from './retention.js';
export { paymentsExport } from './export.js';
