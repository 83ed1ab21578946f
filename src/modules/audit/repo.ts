import type { Executor } from '../../db/index.js';

export const auditRepo = {
  async insert(
    ex: Executor,
    row: { id: string; actor_id: string; action: string; target_type: string; target_id: string; detail: string; at: Date },
  ): Promise<void> {
    await ex.insertInto('audit_log').values(row).execute();
  },

  list(ex: Executor, limit: number, before: string | undefined) {
    let query = ex.selectFrom('audit_log').selectAll();
    if (before) query = query.where('id', '<', before);
    return query.orderBy('id', 'desc').limit(limit).execute();
  },
};
