export { createAuditService, type AuditService, type AuditEntry, type AuditFilter, type StaffRole } from './service.js';
export { registerAuditRoutes } from './routes.js';
export { auditExport } from './export.js';
