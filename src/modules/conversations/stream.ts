/**
 * Server-sent event streams of conversations (API.md "Conversations").
 *
 * A conversation's stream sends each message once, in seq order, with `id: <seq>`:
 * it subscribes first, then sends everything after the client's `Last-Event-ID`, and
 * on every change sends what is after the last seq it sent, so a message committed
 * between the two is neither lost nor sent twice. The other side's read receipt goes
 * as `read` when it moves; `typing` comes as a small payload (never stored).
 *
 * Each open stream keeps a presence row, renewed every heartbeat for all the process's
 * streams at once (any process can see who is watching, so the other side is notified
 * in-app only when it is not).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { openEventStream, type EventStream as Sse } from '../../http/event-stream.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../database.js';
import type { Clock } from '../../lib/clock.js';
import { notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { LiveEvents } from '../../lib/live-events.js';
import { memberOperator } from '../operators/index.js';
import { conversationsRepo as repo } from './repo.js';
import { buyerTopic, conversationTopic, inboxTopic, type Access, type ConversationsService } from './service.js';

/** Messages read per round when catching up a stream. */
const BATCH = 100;

export interface ConversationStreams {
  conversation(request: FastifyRequest, reply: FastifyReply, userId: string, conversationId: string, afterSeq: number): Promise<void>;
  inbox(request: FastifyRequest, reply: FastifyReply, userId: string, operatorId: string): Promise<void>;
  mine(request: FastifyRequest, reply: FastifyReply, userId: string): Promise<void>;
}

export function createConversationStreams(deps: { db: Kysely<DB>; conversations: ConversationsService; live: LiveEvents; clock: Clock; heartbeatMs: number }): ConversationStreams {
  const { db, conversations, live, clock } = deps;

  // Presence of every open stream of this process, renewed by one statement per heartbeat
  // rather than one per stream: a thousand streams made ~70 commits a second (bench/chat.ts).
  const presentStreams = new Set<string>();
  let renewal: NodeJS.Timeout | undefined;
  const keepPresent = (streamId: string) => {
    presentStreams.add(streamId);
    renewal ??= setInterval(() => {
      if (presentStreams.size === 0) {
        clearInterval(renewal);
        renewal = undefined;
        return;
      }
      // A failed renewal costs at most an in-app notice the watcher did not need; the next beat renews.
      void repo.stillPresent(db, [...presentStreams], clock.now()).catch(() => undefined);
    }, deps.heartbeatMs).unref();
  };

  /** A stream of `topic` whose open connection is a presence row, written as it opens and renewed with the process's others. */
  function open(
    request: FastifyRequest,
    reply: FastifyReply,
    options: { topic: string; presence: { userId: string; conversationId?: string; operatorId?: string }; onChange: (sse: Sse, payload: string | undefined) => void; start: (sse: Sse) => Promise<void> },
  ): Promise<void> {
    const streamId = newId();
    let written = false;
    let closed = false;
    return openEventStream(request, reply, {
      live,
      topic: options.topic,
      heartbeatMs: deps.heartbeatMs,
      onChange: options.onChange,
      start: options.start,
      // Called as the stream opens and with every heartbeat: the row is written once, then renewed by keepPresent.
      onBeat: async () => {
        if (written) return;
        await repo.present(db, { streamId, ...options.presence }, clock.now());
        written = true;
        // Gone while the row was written: take it away again rather than keep renewing it.
        if (closed) return void (await repo.gone(db, streamId));
        keepPresent(streamId);
      },
      onClose: () => {
        closed = true;
        presentStreams.delete(streamId);
        void repo.gone(db, streamId).catch(() => undefined);
      },
    });
  }

  return {
    async conversation(request, reply, userId, conversationId, afterSeq) {
      let a: Access = await conversations.access(userId, conversationId);
      let checkedAt = Date.now();
      const side = a.side;
      let lastSent = afterSeq;
      let otherRead = -1;
      /** Everything after the last seq sent, then the other side's receipt if it moved. */
      const catchUp = async (sse: Sse) => {
        for (;;) {
          // Access again once a heartbeat, not on every event (a staff member taken off the shop
          // gets nothing sent a heartbeat later): per event it was two of a delivery's three queries (bench/chat.ts).
          if (Date.now() - checkedAt >= deps.heartbeatMs) {
            a = await conversations.access(userId, conversationId);
            checkedAt = Date.now();
          }
          const found = await repo.catchUp(db, conversationId, lastSent, BATCH);
          if (!found) throw notFound('conversation');
          const { reads, rows } = found;
          for (const m of await conversations.present({ ...a, conversation: { ...a.conversation, ...reads } }, rows)) {
            if (m.seq <= lastSent) continue;
            sse.send('message', m, m.seq);
            lastSent = m.seq;
          }
          const read = side === 'buyer' ? reads.shop_read_seq : reads.buyer_read_seq;
          if (read !== otherRead) {
            otherRead = read;
            sse.send('read', { from: side === 'buyer' ? 'shop' : 'buyer', upToSeq: read });
          }
          if (rows.length < BATCH) return;
        }
      };
      await open(request, reply, {
        topic: conversationTopic(conversationId),
        presence: { userId, conversationId },
        onChange: (sse, payload) => {
          if (payload === undefined) return sse.then(() => catchUp(sse));
          const typing = (JSON.parse(payload) as { typing?: string }).typing;
          if (typing && typing !== side) sse.send('typing', { from: typing });
        },
        start: catchUp,
      });
    },

    async inbox(request, reply, userId, operatorId) {
      await memberOperator(db, userId, operatorId);
      const send = (sse: Sse, conversationId: string | null) => async () => sse.send('inbox', { conversationId, unreadTotal: await repo.unreadOfShop(db, operatorId) });
      await open(request, reply, {
        topic: inboxTopic(operatorId),
        presence: { userId, operatorId },
        onChange: (sse, payload) => sse.then(send(sse, payload ?? null)),
        start: (sse) => send(sse, null)(),
      });
    },

    async mine(request, reply, userId) {
      let last = -1;
      const send = (sse: Sse) => async () => {
        const unreadTotal = await repo.unreadOfBuyer(db, userId);
        if (unreadTotal === last) return;
        last = unreadTotal;
        sse.send('unread', { unreadTotal });
      };
      await open(request, reply, { topic: buyerTopic(userId), presence: { userId }, onChange: (sse) => sse.then(send(sse)), start: (sse) => send(sse)() });
    },
  };
}
