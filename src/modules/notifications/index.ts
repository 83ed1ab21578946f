export { createHttpSmsSender, type SmsSender } from './sms.js';
export { registerSandboxSmsGateway, SANDBOX_SMS_GATEWAY_PATH } from './sandbox-gateway.js';
export { sandboxSmsColumn } from './rotation.js';
