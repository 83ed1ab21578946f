/**
 * Live events between processes (DESIGN.md "Scale-out"): a change is published with
 * NOTIFY inside the transaction that made it, so every process LISTENing hears it
 * exactly when the change commits (and never when it rolls back); each process then
 * hands it to its own subscribers, e.g. the server-sent event streams it holds open.
 *
 * One channel and one LISTEN connection per process, opened at the first
 * subscription; topics ("group-buy:<id>", "bargain:<id>") are told apart here. A
 * notification only says *that* a topic changed: subscribers read the state again,
 * so a payload never carries data that could be stale or too big for NOTIFY (8 kB).
 * The one exception is what is never stored: a small payload (“typing”, a changed
 * conversation's id for an inbox), published at once rather than on a commit.
 *
 * @example
 *   await db.transaction().execute(async (tx) => {
 *     await repo.addHelp(tx, …);
 *     await live.publish(tx, `bargain:${id}`);
 *   });
 *   const stop = await live.subscribe(`bargain:${id}`, () => sendLatest());
 *   stop(); // when the client goes away
 */
import { sql } from 'kysely';
import type { Database, Executor, Listener } from '../database.js';

export const LIVE_CHANNEL = 'agora_live';
/** Between a topic and its payload in a notification (never in a topic: ids and names only). */
const PAYLOAD_SEPARATOR = '\u001f';
/** NOTIFY refuses payloads of 8000 bytes or more; a payload is a few ids at most. */
const MAX_PAYLOAD = 1000;

export interface LiveEvents {
  /** Tell every process that `topic` changed, when `ex`'s transaction commits. */
  publish(ex: Executor, topic: string, payload?: string): Promise<void>;
  /** The same for several topics in one statement (one round trip inside a transaction). */
  publishAll(ex: Executor, events: readonly { topic: string; payload?: string }[]): Promise<void>;
  /**
   * Call `onChange` whenever `topic` changes, and `onEnd` if the process stops
   * listening first (shutting down); returns the way to stop.
   */
  subscribe(topic: string, onChange: (payload?: string) => void, onEnd?: () => void): Promise<() => void>;
  /** Stop listening and end every subscription (the process is shutting down). */
  close(): Promise<void>;
}

export function createLiveEvents(database: Pick<Database, 'listen'>): LiveEvents {
  interface Subscription {
    onChange: (payload?: string) => void;
    onEnd: (() => void) | undefined;
  }
  const subscribers = new Map<string, Set<Subscription>>();
  let listener: Promise<Listener> | undefined;
  let closed = false;

  const deliver = (message: string) => {
    const cut = message.indexOf(PAYLOAD_SEPARATOR);
    const topic = cut < 0 ? message : message.slice(0, cut);
    const payload = cut < 0 ? undefined : message.slice(cut + 1);
    for (const subscription of subscribers.get(topic) ?? []) subscription.onChange(payload);
  };

  async function publishAll(ex: Executor, events: readonly { topic: string; payload?: string | undefined }[]): Promise<void> {
    if (events.length === 0) return;
    const notifies = events.map(({ topic, payload }) => {
      if (payload !== undefined && payload.length > MAX_PAYLOAD) throw new Error('live event payloads are a few ids at most');
      return sql`pg_notify(${LIVE_CHANNEL}, ${payload === undefined ? topic : `${topic}${PAYLOAD_SEPARATOR}${payload}`})`;
    });
    await sql`select ${sql.join(notifies)}`.execute(ex);
  }

  return {
    publish: (ex, topic, payload) => publishAll(ex, [{ topic, payload }]),
    publishAll,

    async subscribe(topic, onChange, onEnd) {
      if (closed) throw new Error('live events are closed');
      listener ??= database.listen(LIVE_CHANNEL, deliver);
      const subscription = { onChange, onEnd };
      const set = subscribers.get(topic) ?? new Set();
      set.add(subscription);
      subscribers.set(topic, set);
      try {
        await listener;
      } catch (error) {
        // Let the next subscriber try to connect again.
        listener = undefined;
        set.delete(subscription);
        throw error;
      }
      return () => {
        set.delete(subscription);
        if (set.size === 0 && subscribers.get(topic) === set) subscribers.delete(topic);
      };
    },

    async close() {
      closed = true;
      const ending = [...subscribers.values()].flatMap((set) => [...set]);
      subscribers.clear();
      for (const subscription of ending) subscription.onEnd?.();
      const open = listener;
      listener = undefined;
      if (open) await (await open.catch(() => undefined))?.close();
    },
  };
}
