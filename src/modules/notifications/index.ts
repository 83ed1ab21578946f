export { createHttpSmsSender, type SmsSender } from './sms.js';
export { registerSandboxSmsGateway, SANDBOX_SMS_GATEWAY_PATH } from './sandbox-gateway.js';
export { createNotificationsService, type NotificationsService, type NotifyInput, type NotificationView, type EnqueueSms } from './service.js';
export { registerNotificationsRoutes } from './routes.js';
export { formatDueZh } from './due.js';
export { sandboxSmsColumn } from './rotation.js';
export { NOTIFICATION_KINDS, type NotificationKind } from './tables.js';
