export { createAuditService, type AuditService, type AuditEntry } from './service.js';
export { registerAuditRoutes } from './routes.js';
export { auditExport } from './export.js';
