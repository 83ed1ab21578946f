/**
 * In-app notifications: each tells a user what is now due from
 * them and by when, with a link to where to act. A notification is written in the
 * caller's transaction, so it exists exactly when the change it announces does.
 * With `sms`, a pg-boss job enqueued in that same transaction sends it through the
 * SMS adapter; the job carries only the notification's id, and the phone is read
 * from the vault (accounts) when sending — never stored in the job.
 *
 * @example
 *   await db.transaction().execute(async (tx) => {
 *     await notifications.notify(tx, { userId, kind: 'dispute.answer_due', title: '新纠纷待答复', body: '请在 11月30日 14:00 前答复纠纷', link: `/disputes/${id}`, dueAt, sms: true });
 *   });
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../database.js';
import { notFound } from '../../lib/errors.js';
import type { Clock } from '../../lib/clock.js';
import { MINUTE } from '../../lib/clock.js';
import { camelRows } from '../../lib/export-rows.js';
import { newId } from '../../lib/ids.js';
import { nextCursor } from '../../lib/paging.js';
import type { AccountsService } from '../accounts/index.js';
import { notificationsRepo, type NotificationRow } from './repo.js';
import type { SmsSender } from './sms.js';
import type { NotificationKind } from './tables.js';

export interface NotifyInput {
  userId: string;
  /** Stable, for the web to translate (tables.ts NOTIFICATION_KINDS). */
  kind: NotificationKind;
  /** zh-CN. */
  title: string;
  /** zh-CN, e.g. 「请在 11月30日 14:00 前答复纠纷」. */
  body: string;
  link: string;
  dueAt?: Date | null | undefined;
  /** Also send it by SMS to the user's verified phone (deadlines). */
  sms?: boolean | undefined;
}

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string;
  dueAt: string | null;
  readAt: string | null;
  at: string;
}

/** How an SMS job is put on the queue, inside the caller's transaction (pg-boss in production). */
export type EnqueueSms = (ex: Executor, notificationId: string) => Promise<void>;

const present = (n: NotificationRow): NotificationView => ({
  id: n.id,
  kind: n.kind,
  title: n.title,
  body: n.body,
  link: n.link,
  dueAt: n.due_at ? n.due_at.toISOString() : null,
  readAt: n.read_at ? n.read_at.toISOString() : null,
  at: n.created_at.toISOString(),
});

/** A queued SMS whose job has not run for this long is sent by the sweep instead. */
const SMS_SWEEP_AFTER_MS = MINUTE;

export function createNotificationsService(deps: { db: Kysely<DB>; accounts: AccountsService; sms: SmsSender; clock: Clock; enqueueSms: EnqueueSms }) {
  const { db, accounts, sms, clock, enqueueSms } = deps;

  /**
   * Send a queued SMS, once: the row is claimed first, so a job and the sweep (or a
   * retried job) cannot both send it. A failed send puts it back for the retry.
   */
  async function sendSms(notificationId: string): Promise<'sent' | 'no_phone' | 'skipped'> {
    const row = await notificationsRepo.claimSms(db, notificationId);
    if (!row) return 'skipped';
    const phone = await accounts.verifiedPhone(db, row.user_id);
    if (!phone) {
      await notificationsRepo.setSmsState(db, row.id, 'no_phone');
      return 'no_phone';
    }
    try {
      await sms.send(phone, `【Agora】${row.title}：${row.body}`);
    } catch (error) {
      await notificationsRepo.setSmsState(db, row.id, 'queued');
      throw error;
    }
    await notificationsRepo.setSmsState(db, row.id, 'sent', clock.now());
    return 'sent';
  }

  return {
    /** Tell a user something, in the caller's transaction; with `sms`, the text message is queued too. */
    async notify(ex: Executor, input: NotifyInput): Promise<string> {
      const now = clock.now();
      const id = newId(now.getTime());
      await notificationsRepo.insert(ex, {
        id,
        user_id: input.userId,
        kind: input.kind,
        title: input.title,
        body: input.body,
        link: input.link,
        due_at: input.dueAt ?? null,
        sms_state: input.sms ? 'queued' : null,
        created_at: now,
      });
      if (input.sms) await enqueueSms(ex, id);
      return id;
    },

    /** PIPL art. 45: everything we told the user, for their export. */
    async exportOf(ex: Executor, userId: string) {
      return camelRows(await notificationsRepo.allOf(ex, userId));
    },

    /** An erased account's notifications go with it: they served only that person (PIPL art. 47). */
    async forget(ex: Executor, userId: string): Promise<void> {
      await notificationsRepo.deleteAllOf(ex, userId);
    },

    /** The user's notifications, newest first, with how many are unread. */
    async list(userId: string, filter: { unread?: boolean | undefined; limit: number; cursor?: string | undefined }) {
      const rows = await notificationsRepo.list(db, { userId, unread: filter.unread === true, limit: filter.limit, before: filter.cursor });
      return { items: rows.map(present), nextCursor: nextCursor(rows, filter.limit), unread: await notificationsRepo.unreadCount(db, userId) };
    },

    /** Mark one of the user's own notifications read (again: no change); another's is 404. */
    async markRead(userId: string, id: string): Promise<NotificationView> {
      const row = await notificationsRepo.find(db, id);
      if (row?.user_id !== userId) throw notFound('notification');
      await notificationsRepo.markRead(db, userId, id, clock.now());
      return present((await notificationsRepo.find(db, id))!);
    },

    sendSms,

    /** The SMS whose job did not run (no worker at the time, retries spent): sent now. */
    async sendQueuedSms(): Promise<number> {
      let sent = 0;
      for (const id of await notificationsRepo.queuedSms(db, new Date(clock.now().getTime() - SMS_SWEEP_AFTER_MS))) {
        // One gateway failure leaves that message queued for the next sweep, not the rest unsent.
        if ((await sendSms(id).catch(() => 'failed')) === 'sent') sent++;
      }
      return sent;
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
