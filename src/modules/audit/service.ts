/**
 * The admin audit log: every admin and regulator action, and every
 * read of personal data by staff, written in the same transaction as the action
 * itself, so an action without its row cannot commit. The table is append-only
 * (migration 0023's trigger); this module only ever inserts and reads.
 *
 * @example
 *   await audit.record(tx, { actorId: adminId, action: 'operator.approve', targetType: 'operator', targetId: id, detail: {} });
 *   await audit.record(tx, { actorId: regulatorId, actorRole: 'regulator', action: 'register.download', targetType: 'register', targetId: 'operators', detail: {} });
 *   const page = await audit.list(db, { action: 'operator.approve' }, { limit: 20 });
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../database.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { auditRepo, type AuditFilter } from './repo.js';
import type { AuditAction, AuditTarget } from './actions.js';

export type { AuditFilter };

/** The roles that act on the platform's behalf and so are audited. */
export type StaffRole = 'admin' | 'regulator';
/**
 * Who acted: staff, or a shop owner changing who may read its buyers' chats (issue 18:
 * adding staff grants access to personal messages, so it is audited too).
 */
export type AuditActorRole = StaffRole | 'operator';

export interface AuditEntry {
  id: string;
  actorId: string;
  actorRole: AuditActorRole;
  action: string;
  targetType: string;
  targetId: string;
  detail: Record<string, unknown>;
  at: Date;
}

/** The most rows one CSV export holds; narrow the filter for more. */
export const AUDIT_EXPORT_LIMIT = 50_000;

export interface AuditService {
  /** `actorRole` defaults to admin: every staff action but the regulator's is an admin's. */
  record(ex: Executor, entry: Omit<AuditEntry, 'id' | 'at' | 'actorRole' | 'action' | 'targetType'> & { actorRole?: AuditActorRole; action: AuditAction; targetType: AuditTarget }): Promise<void>;
  list(ex: Executor, filter: AuditFilter, page: { limit: number; before?: string | undefined }): Promise<AuditEntry[]>;
  /**
   * The filtered log for a CSV export (newest first, at most AUDIT_EXPORT_LIMIT rows).
   * The export takes records of personal-data reads off the platform, so it is itself
   * an audited action, written in the same transaction as the read.
   */
  exportFor(adminId: string, filter: AuditFilter, query: Record<string, unknown>): Promise<AuditEntry[]>;
}

export function createAuditService(deps: { db: Kysely<DB>; clock: Clock }): AuditService {
  const service: AuditService = {
    async record(ex, entry) {
      const at = deps.clock.now();
      await auditRepo.insert(ex, {
        id: newId(at.getTime()),
        actor_id: entry.actorId,
        actor_role: entry.actorRole ?? 'admin',
        action: entry.action,
        target_type: entry.targetType,
        target_id: entry.targetId,
        detail: JSON.stringify(entry.detail),
        at,
      });
    },
    async list(ex, filter, page) {
      const rows = await auditRepo.list(ex, filter, page.limit, page.before);
      return rows.map((r) => ({
        id: r.id,
        actorId: r.actor_id,
        actorRole: r.actor_role as AuditActorRole,
        action: r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        detail: r.detail,
        at: r.at,
      }));
    },
    exportFor: (adminId, filter, query) =>
      deps.db.transaction().execute(async (tx) => {
        await service.record(tx, { actorId: adminId, action: 'audit_log.export', targetType: 'audit_log', targetId: 'export', detail: { filter: query } });
        return service.list(tx, filter, { limit: AUDIT_EXPORT_LIMIT });
      }),
  };
  return service;
}
