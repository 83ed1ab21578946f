/**
 * Background work on pg-boss, in the same database as everything else (on PGlite
 * through its `db` adapter). A module enqueues a job *inside* the transaction that
 * creates the need, so the job exists exactly when the change it follows does.
 *
 * @example
 *   await db.transaction().execute(async (tx) => {
 *     await createGroup(tx, …);
 *     await jobs.enqueue(tx, 'groupbuy.expire', { groupId }, { startAfter: expiresAt });
 *   });
 */
import PgBoss from 'pg-boss';
import type { Database, Executor } from '../database.js';
import { bossDbFor } from '../db/index.js';

export interface EnqueueOptions {
  /** Run no earlier than this. */
  startAfter?: Date;
  /** At most one waiting job per key (pg-boss singletonKey). */
  singletonKey?: string;
  retryLimit?: number;
}

export type JobHandler<T> = (data: T, job: { id: string; name: string }) => Promise<void>;

export interface Jobs {
  /** Declare a queue and, when `handler` is given, work it in this process. */
  define<T extends object>(name: string, handler?: JobHandler<T>): Promise<void>;
  enqueue<T extends object>(ex: Executor, name: string, data: T, options?: EnqueueOptions): Promise<string | null>;
  /** A cron schedule (UTC) for a declared queue; one run per tick across all processes. */
  schedule(name: string, cron: string): Promise<void>;
  stop(): Promise<void>;
  readonly boss: PgBoss;
}

export async function startJobs(database: Database, options: { onError: (error: Error) => void; pollingIntervalSeconds?: number }): Promise<Jobs> {
  const boss = new PgBoss({ ...database.boss, application_name: 'agora' } as PgBoss.ConstructorOptions);
  boss.on('error', options.onError);
  await boss.start();
  const polling = options.pollingIntervalSeconds ?? 2;
  return {
    boss,
    async define(name, handler) {
      await boss.createQueue(name);
      if (handler) {
        await boss.work<object>(name, { pollingIntervalSeconds: polling }, async (jobs) => {
          for (const job of jobs) await handler(job.data as never, { id: job.id, name: job.name });
        });
      }
    },
    enqueue(ex, name, data, opts = {}) {
      return boss.send(name, data, {
        ...(opts.startAfter ? { startAfter: opts.startAfter } : {}),
        ...(opts.singletonKey ? { singletonKey: opts.singletonKey } : {}),
        ...(opts.retryLimit !== undefined ? { retryLimit: opts.retryLimit } : {}),
        db: bossDbFor(ex),
      } as PgBoss.SendOptions);
    },
    schedule: (name, cron) => boss.schedule(name, cron, {}, { tz: 'UTC' }),
    stop: () => boss.stop({ graceful: true, wait: true, timeout: 5000 }),
  };
}
