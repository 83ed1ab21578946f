import type { Insertable } from 'kysely';
import type { Executor } from '../../database.js';
import type { NoteReportsTable } from './tables.js';

export const moderationRepo = {
  /** One report per reporter and note; a repeat changes nothing. Returns the report's id. */
  async insertReport(ex: Executor, row: Insertable<NoteReportsTable>): Promise<string> {
    await ex
      .insertInto('note_reports')
      .values(row)
      .onConflict((oc) => oc.columns(['note_id', 'reporter_id']).doNothing())
      .execute();
    const found = await ex.selectFrom('note_reports').select('id').where('note_id', '=', row.note_id).where('reporter_id', '=', row.reporter_id).executeTakeFirstOrThrow();
    return found.id;
  },
  findReport(ex: Executor, id: string) {
    return ex.selectFrom('note_reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  },
  async openReportCount(ex: Executor, noteId: string): Promise<number> {
    const row = await ex
      .selectFrom('note_reports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('note_id', '=', noteId)
      .where('resolved_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
  async resolveReports(ex: Executor, noteId: string, by: string, resolution: string, at: Date): Promise<void> {
    await ex.updateTable('note_reports').set({ resolved_at: at, resolved_by: by, resolution }).where('note_id', '=', noteId).where('resolved_at', 'is', null).execute();
  },
  /** The queue: open reports oldest first, or resolved ones newest first. */
  listReports(ex: Executor, filter: { open: boolean; limit: number; cursor?: string | undefined }) {
    let query = ex.selectFrom('note_reports').selectAll();
    query = filter.open ? query.where('resolved_at', 'is', null) : query.where('resolved_at', 'is not', null);
    if (filter.cursor) query = query.where('id', filter.open ? '>' : '<', filter.cursor);
    return query.orderBy('id', filter.open ? 'asc' : 'desc').limit(filter.limit).execute();
  },
};
