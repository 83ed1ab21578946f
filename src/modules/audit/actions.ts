/**
 * What staff did (an audit entry's `action`) and what it was done to (`targetType`).
 * The API documents both as enums so the web lists every value and gives each words
 * (people never read `reports.summary.read`); a new audited action is added here first,
 * and `record` refuses any other string.
 */
import { DocumentedEnum } from '../../lib/documented-enum.js';

export const AUDIT_ACTIONS = [
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
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_TARGETS = ['after_sale', 'audit_log', 'chat_report', 'dispute', 'marketing_message', 'note', 'operator', 'question', 'question_answer', 'register', 'reports', 'review', 'service_provider', 'user'] as const;
export type AuditTarget = (typeof AUDIT_TARGETS)[number];

export const AuditActionSchema = DocumentedEnum(AUDIT_ACTIONS, { description: 'What was done, e.g. operator.approve, dispute.rule, personal_data.read' });
export const AuditTargetSchema = DocumentedEnum(AUDIT_TARGETS, { description: 'What it was done to' });
