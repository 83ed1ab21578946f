import { stringify } from 'csv-stringify/sync';
import type { AuditEntry } from './service.js';

export const AUDIT_COLUMNS = ['id', 'at', 'actor_id', 'actor_role', 'action', 'target_type', 'target_id', 'detail'] as const;

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets
 * a leading apostrophe: reasons and details are typed by people (OWASP "CSV injection").
 */
const inert = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/** The audit log as CSV, UTF-8 with a BOM first like the regulator's register. */
export function auditCsv(entries: readonly AuditEntry[]): string {
  const rows = entries.map((e) => ({
    id: e.id,
    at: e.at.toISOString(),
    actor_id: e.actorId,
    actor_role: e.actorRole,
    action: inert(e.action),
    target_type: inert(e.targetType),
    target_id: inert(e.targetId),
    detail: inert(JSON.stringify(e.detail)),
  }));
  return `\uFEFF${stringify(rows, { header: true, columns: [...AUDIT_COLUMNS] })}`;
}
