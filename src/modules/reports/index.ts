export { createReportsService, MAX_REPORT_DAYS, type ReportsService, type ReportSummary, type ReportDay } from './service.js';
export { registerReportsRoutes } from './routes.js';
