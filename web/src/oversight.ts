/**
 * The oversight screens' calls (issue 8 items 7 and 8): reports for admins and
 * regulators, the audit log with its filters and CSV export. Kept out of api.ts so
 * the privacy-centre screens can grow there without colliding with these.
 */
import { API_BASE, call, client, querySerializer, type ItemOf, type QueryOf, type ResponseOf } from './api';

export type ReportSummary = ResponseOf<'/admin/reports/summary'>;
export type ReportDay = ReportSummary['days'][number];
export type AuditEntry = ItemOf<ResponseOf<'/admin/audit-log'>>;
export type AuditFilter = Omit<QueryOf<'/admin/audit-log'>, 'cursor' | 'limit'>;

export type StaffRole = 'admin' | 'regulator';

const search = (params: Record<string, unknown>) => {
  const text = querySerializer(params);
  return text ? `?${text}` : '';
};

export const oversightApi = {
  /** The same figures at each role's own door. */
  summary: (role: StaffRole, from: string, to: string) =>
    call(role === 'admin' ? client.GET('/admin/reports/summary', { params: { query: { from, to } } }) : client.GET('/regulator/reports/summary', { params: { query: { from, to } } })),
  auditLog: (filter: AuditFilter, cursor?: string) => call(client.GET('/admin/audit-log', { params: { query: { ...filter, cursor, limit: 50 } } })),
  /** A plain link the browser downloads with the session cookie (the export itself is audited). */
  auditCsvUrl: (filter: AuditFilter) => `${API_BASE}/admin/audit-log.csv${search({ ...filter })}`,
  registerCsvUrl: () => `${API_BASE}/regulator/operators.csv`,
};

/** `YYYY-MM-DD` of a UTC day, `days` before today (the reports count UTC days). */
export function utcDate(daysAgo = 0, now = new Date()): string {
  return new Date(now.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);
}
