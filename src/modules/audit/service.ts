/**
 * The admin audit log: every admin decision (role grants now; reviews, rulings and
 * moderation later) is written in the same transaction as the decision itself.
 */
import type { Executor } from '../../db/index.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { auditRepo } from './repo.js';

export interface AuditEntry {
  id: string;
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  detail: Record<string, unknown>;
  at: Date;
}

export interface AuditService {
  record(ex: Executor, entry: Omit<AuditEntry, 'id' | 'at'>): Promise<void>;
  list(ex: Executor, page: { limit: number; before?: string | undefined }): Promise<AuditEntry[]>;
}

export function createAuditService(deps: { clock: Clock }): AuditService {
  return {
    async record(ex, entry) {
      await auditRepo.insert(ex, {
        id: newId(),
        actor_id: entry.actorId,
        action: entry.action,
        target_type: entry.targetType,
        target_id: entry.targetId,
        detail: JSON.stringify(entry.detail),
        at: deps.clock.now(),
      });
    },
    async list(ex, page) {
      const rows = await auditRepo.list(ex, page.limit, page.before);
      return rows.map((r) => ({
        id: r.id,
        actorId: r.actor_id,
        action: r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        detail: r.detail,
        at: r.at,
      }));
    },
  };
}
