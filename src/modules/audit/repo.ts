import type { Executor } from '../../database.js';

/** Which entries: each given field must match; `start` inclusive, `end` exclusive. */
export interface AuditFilter {
  actorId?: string | undefined;
  action?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  start?: Date | undefined;
  end?: Date | undefined;
}

export const auditRepo = {
  async insert(
    ex: Executor,
    row: { id: string; actor_id: string; actor_role: string; action: string; target_type: string; target_id: string; detail: string; at: Date },
  ): Promise<void> {
    await ex.insertInto('audit_log').values(row).execute();
  },

  /** Newest first; ids are time-ordered, so `before` pages back in time. */
  list(ex: Executor, filter: AuditFilter, limit: number, before: string | undefined) {
    let query = ex.selectFrom('audit_log').selectAll();
    if (filter.actorId) query = query.where('actor_id', '=', filter.actorId);
    if (filter.action) query = query.where('action', '=', filter.action);
    if (filter.targetType) query = query.where('target_type', '=', filter.targetType);
    if (filter.targetId) query = query.where('target_id', '=', filter.targetId);
    if (filter.start) query = query.where('at', '>=', filter.start);
    if (filter.end) query = query.where('at', '<', filter.end);
    if (before) query = query.where('id', '<', before);
    return query.orderBy('id', 'desc').limit(limit).execute();
  },
};
