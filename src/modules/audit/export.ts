/**
 * The audit log's part of the user's export (PIPL art. 45): staff decisions taken
 * about the user (role changes, reads of their data) as what and when — never which
 * member of staff, whose identity is not the user's data.
 */
import type { Executor } from '../../database.js';
import { camelRows } from '../../lib/export-rows.js';

export const auditExport = {
  async of(ex: Executor, userId: string) {
    const rows = await ex.selectFrom('audit_log').select(['id', 'action', 'at']).where('target_type', '=', 'user').where('target_id', '=', userId).orderBy('id').execute();
    return { decisionsAboutMe: camelRows(rows) };
  },
};
