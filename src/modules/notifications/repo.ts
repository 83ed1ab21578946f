import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../database.js';
import type { NotificationsTable, SmsState } from './tables.js';

export type NotificationRow = Selectable<NotificationsTable>;

export const notificationsRepo = {
  async insertSandboxSms(ex: Executor, row: { id: string; phone_hash: string; phone_sealed: string; body: string; received_at: Date }) {
    await ex.insertInto('sandbox_sms').values(row).execute();
  },

  listSandboxSms(ex: Executor, phoneHash: string, limit: number) {
    return ex
      .selectFrom('sandbox_sms')
      .select(['id', 'body', 'received_at'])
      .where('phone_hash', '=', phoneHash)
      .orderBy('received_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  },

  async insert(ex: Executor, row: Insertable<NotificationsTable>): Promise<void> {
    await ex.insertInto('notifications').values(row).execute();
  },

  list(ex: Executor, filter: { userId: string; unread: boolean; limit: number; before?: string | undefined }): Promise<NotificationRow[]> {
    let query = ex.selectFrom('notifications').selectAll().where('user_id', '=', filter.userId);
    if (filter.unread) query = query.where('read_at', 'is', null);
    if (filter.before) query = query.where('id', '<', filter.before);
    return query.orderBy('id', 'desc').limit(filter.limit).execute();
  },

  /** Every notification of the user, oldest first (their export). */
  allOf(ex: Executor, userId: string) {
    return ex.selectFrom('notifications').select(['id', 'kind', 'title', 'body', 'link', 'due_at', 'read_at', 'sms_state', 'sms_sent_at', 'created_at']).where('user_id', '=', userId).orderBy('id').execute();
  },

  async deleteAllOf(ex: Executor, userId: string): Promise<void> {
    await ex.deleteFrom('notifications').where('user_id', '=', userId).execute();
  },

  async unreadCount(ex: Executor, userId: string): Promise<number> {
    const row = await ex.selectFrom('notifications').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow();
    return Number(row.n);
  },

  find(ex: Executor, id: string): Promise<NotificationRow | undefined> {
    return ex.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async markRead(ex: Executor, userId: string, id: string, at: Date): Promise<void> {
    await ex.updateTable('notifications').set({ read_at: at }).where('id', '=', id).where('user_id', '=', userId).where('read_at', 'is', null).execute();
  },

  /** Take a queued SMS for sending; undefined when another worker took it or it was sent. */
  claimSms(ex: Executor, id: string): Promise<NotificationRow | undefined> {
    return ex.updateTable('notifications').set({ sms_state: 'sending' }).where('id', '=', id).where('sms_state', '=', 'queued').returningAll().executeTakeFirst();
  },

  async setSmsState(ex: Executor, id: string, state: SmsState, sentAt: Date | null = null): Promise<void> {
    await ex.updateTable('notifications').set({ sms_state: state, sms_sent_at: sentAt }).where('id', '=', id).execute();
  },

  /** SMS still queued (their job did not run: no worker then, or it failed for good). */
  async queuedSms(ex: Executor, createdBefore: Date, limit = 100): Promise<string[]> {
    const rows = await ex.selectFrom('notifications').select('id').where('sms_state', '=', 'queued').where('created_at', '<=', createdBefore).orderBy('created_at').limit(limit).execute();
    return rows.map((r) => r.id);
  },
};
