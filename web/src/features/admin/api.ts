/**
 * The staff screens' calls: the admin review queues of operators and service providers
 * (admin role only), and oversight: reports for admins and regulators, the audit log
 * with its filters and CSV export.
 */
import { API_BASE, at, call, client, idempotent, querySerializer, type ItemOf, type QueryOf, type ResponseOf } from '../../api/client';
import { everyValue } from '../../api/enums';

/** One operator in the admin review queue; the identity number arrives masked (110105********002X). */
export type OperatorReview = ItemOf<ResponseOf<'/admin/operators'>>;
export type Applicant = OperatorReview['applicant'];
export type ServiceProviderReview = ItemOf<ResponseOf<'/admin/service-providers'>>;
/** A logistics provider's new webhook key pair: the secret is in this answer only. */
export type IssuedCredentials = ResponseOf<'/admin/service-providers/{id}/credentials', 'post'>;

const byId = (id: string) => at({ id });

export const adminApi = {
  operatorQueue: (params: QueryOf<'/admin/operators'>) => call(client.GET('/admin/operators', { params: { query: params } })),
  approveOperator: (operatorId: string) => call(client.POST('/admin/operators/{id}/approve', byId(operatorId))),
  rejectOperator: (operatorId: string, reason: string) => call(client.POST('/admin/operators/{id}/reject', { ...byId(operatorId), body: { reason } })),
  reverifyOperator: (operatorId: string) => call(client.POST('/admin/operators/{id}/reverify', byId(operatorId))),
  serviceProviderQueue: (params: QueryOf<'/admin/service-providers'>) => call(client.GET('/admin/service-providers', { params: { query: params } })),
  approveServiceProvider: (providerId: string) => call(client.POST('/admin/service-providers/{id}/approve', byId(providerId))),
  rejectServiceProvider: (providerId: string, reason: string) =>
    call(client.POST('/admin/service-providers/{id}/reject', { ...byId(providerId), body: { reason } })),
  credentials: (providerId: string) => call(client.GET('/admin/service-providers/{id}/credentials', byId(providerId))),
  /** With a key: a retry after an unknown outcome gets the first answer back instead of a second pair. */
  issueCredentials: (providerId: string, idempotencyKey: string) =>
    call(client.POST('/admin/service-providers/{id}/credentials', { ...byId(providerId), ...idempotent(idempotencyKey) })),
};

export type ReportSummary = ResponseOf<'/admin/reports/summary'>;
export type ReportDay = ReportSummary['days'][number];
export type AuditEntry = ItemOf<ResponseOf<'/admin/audit-log'>>;
export type AuditFilter = Omit<QueryOf<'/admin/audit-log'>, 'cursor' | 'limit'>;

export type StaffRole = 'admin' | 'regulator';
export type AuditAction = AuditEntry['action'];
export type AuditTarget = AuditEntry['targetType'];

/** Every audited action and kind of target, each with words under oversight.audit.actions / .targets. */
export const AUDIT_ACTIONS = everyValue<AuditAction>()([
  'account.erased',
  'after_sale.approve_automatically',
  'after_sale.close_automatically',
  'after_sale.refund_automatically',
  'audit_log.export',
  'chat_report.resolve',
  'dispute.add_party',
  'dispute.rule',
  'marketing.send',
  'note.hide',
  'operator.approve',
  'operator.reject',
  'operator.reverify',
  'personal_data.read',
  'question.hide',
  'question_answer.hide',
  'register.download',
  'reports.summary.read',
  'review.appeal_reject',
  'review.hide',
  'role.grant',
  'role.revoke',
  'service_provider.approve',
  'service_provider.credentials_issue',
  'service_provider.reject',
  'shop_staff.add',
  'shop_staff.remove',
]);
export const AUDIT_TARGETS = everyValue<AuditTarget>()(['after_sale', 'audit_log', 'chat_report', 'dispute', 'marketing_message', 'note', 'operator', 'question', 'question_answer', 'register', 'reports', 'review', 'service_provider', 'user']);

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
