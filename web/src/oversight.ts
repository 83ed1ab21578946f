/**
 * The oversight screens' calls (issue 8 items 7 and 8): reports for admins and
 * regulators, the audit log with its filters and CSV export. Kept out of api.ts so
 * the privacy-centre screens can grow there without colliding with these.
 */
import { API_BASE, query, request } from './api';

export interface ReportDay {
  date: string;
  gmv: number;
  orders: number;
  groupBuysCompleted: number;
  disputesOpened: number;
  disputesResolved: number;
}

export interface ReportSummary {
  from: string;
  to: string;
  gmv: number;
  orders: number;
  buyers: number;
  groupBuysCompleted: number;
  disputesOpened: number;
  disputesResolved: number;
  medianResolutionHours: number | null;
  shareDisputed: number | null;
  days: ReportDay[];
}

export interface AuditEntry {
  id: string;
  actorId: string;
  actorRole: 'admin' | 'regulator';
  action: string;
  targetType: string;
  targetId: string;
  detail: Record<string, unknown>;
  at: string;
}

export interface AuditFilter {
  actorId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
}

export type StaffRole = 'admin' | 'regulator';

export const oversightApi = {
  /** The same figures at each role's own door. */
  summary: (role: StaffRole, from: string, to: string) => request<ReportSummary>('GET', `/${role}/reports/summary${query({ from, to })}`),
  auditLog: (filter: AuditFilter, cursor?: string) => request<{ items: AuditEntry[]; nextCursor: string | null }>('GET', `/admin/audit-log${query({ ...filter, cursor, limit: 50 })}`),
  /** A plain link the browser downloads with the session cookie (the export itself is audited). */
  auditCsvUrl: (filter: AuditFilter) => `${API_BASE}/admin/audit-log.csv${query({ ...filter })}`,
  registerCsvUrl: () => `${API_BASE}/regulator/operators.csv`,
};

/** `YYYY-MM-DD` of a UTC day, `days` before today (the reports count UTC days). */
export function utcDate(daysAgo = 0, now = new Date()): string {
  return new Date(now.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);
}
