/**
 * Reports and hiding (R11): anyone signed in reports a note; only an admin hides
 * one, only after a report, with a reason written to the admin audit log in the
 * same transaction. Operators have no say over notes about their products.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../database.js';
import { notFound } from '../../lib/errors.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { nextCursor } from '../../lib/paging.js';
import type { AuditService } from '../audit/index.js';
import { socialErrors as errors } from './errors.js';
import { moderationRepo } from './moderation-repo.js';
import { notesRepo } from './notes-repo.js';

type ReportRow = Awaited<ReturnType<typeof moderationRepo.findReport>>;

export interface ReportView {
  id: string;
  noteId: string;
  reporterId: string;
  reason: string;
  status: 'open' | 'resolved';
  resolution: string | null;
  createdAt: string;
  resolvedAt: string | null;
}

const reportView = (r: ReportRow): ReportView => ({
  id: r.id,
  noteId: r.note_id,
  reporterId: r.reporter_id,
  reason: r.reason,
  status: r.resolved_at ? 'resolved' : 'open',
  resolution: r.resolution,
  createdAt: r.created_at.toISOString(),
  resolvedAt: r.resolved_at ? r.resolved_at.toISOString() : null,
});

export function createModerationService(deps: { db: Kysely<DB>; audit: AuditService; clock: Clock }) {
  const { db, audit, clock } = deps;
  return {
    /** One report per person and note: reporting again returns the first report. */
    async report(userId: string, noteId: string, reason: string): Promise<ReportView> {
      return db.transaction().execute(async (tx) => {
        const note = await notesRepo.findNote(tx, noteId);
        if (!note || note.hidden_at !== null) throw notFound('note');
        const id = await moderationRepo.insertReport(tx, { id: newId(clock.now().getTime()), note_id: noteId, reporter_id: userId, reason, created_at: clock.now() });
        return reportView(await moderationRepo.findReport(tx, id));
      });
    },

    /** The admin queue: open reports oldest first (or resolved ones, newest first), with the note's title. */
    async queue(filter: { status: 'open' | 'resolved'; limit: number; cursor?: string | undefined }) {
      const rows = await moderationRepo.listReports(db, { open: filter.status === 'open', limit: filter.limit, cursor: filter.cursor });
      const notes = new Map((await notesRepo.notesByIds(db, [...new Set(rows.map((r) => r.note_id))])).map((n) => [n.id, n]));
      const items = rows.map((r) => {
        const note = notes.get(r.note_id);
        // A note its author deleted since is shown as null: there is nothing left to moderate.
        return { ...reportView(r), note: note && note.deleted_at === null ? { id: note.id, title: note.title, authorId: note.author_id, hidden: note.hidden_at !== null } : null };
      });
      return { items, nextCursor: nextCursor(rows, filter.limit) };
    },

    /** R11: an admin hides a reported note with a reason; its open reports are resolved and the decision audited. */
    async hide(adminId: string, noteId: string, reason: string) {
      return db.transaction().execute(async (tx) => {
        const note = await notesRepo.findNoteForUpdate(tx, noteId);
        if (!note) throw notFound('note');
        if (note.hidden_at !== null) throw errors.alreadyHidden();
        if ((await moderationRepo.openReportCount(tx, noteId)) === 0) throw errors.notReported();
        const now = clock.now();
        await notesRepo.updateNote(tx, noteId, { hidden_at: now, hidden_by: adminId, hidden_reason: reason });
        await moderationRepo.resolveReports(tx, noteId, adminId, 'hidden', now);
        await audit.record(tx, { actorId: adminId, action: 'note.hide', targetType: 'note', targetId: noteId, detail: { reason } });
        return { id: noteId, hidden: true, hiddenReason: reason, hiddenAt: now.toISOString() };
      });
    },
  };
}

export type ModerationService = ReturnType<typeof createModerationService>;
