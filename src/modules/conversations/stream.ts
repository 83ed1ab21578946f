/**
 * Server-sent event streams of conversations (API.md "Conversations").
 *
 * A conversation's stream sends each message once, in seq order, with `id: <seq>`:
 * it subscribes first, then sends everything after the client's `Last-Event-ID`, and
 * on every change sends what is after the last seq it sent, so a message committed
 * between the two is neither lost nor sent twice. The other side's read receipt goes
 * as `read` when it moves; `typing` comes as a small payload (never stored).
 *
 * Each open stream keeps a presence row fresh with its heartbeat (any process can see
 * who is watching, so the other side is notified in-app only when it is not).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { openEventStream, type EventStream as Sse } from '../../http/event-stream.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../database.js';
import type { Clock } from '../../lib/clock.js';
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

  /** A stream of `topic` whose open connection is a presence row, refreshed with each heartbeat. */
  function open(
    request: FastifyRequest,
    reply: FastifyReply,
    options: { topic: string; presence: { userId: string; conversationId?: string; operatorId?: string }; onChange: (sse: Sse, payload: string | undefined) => void; start: (sse: Sse) => Promise<void> },
  ): Promise<void> {
    const streamId = newId();
    return openEventStream(request, reply, {
      live,
      topic: options.topic,
      heartbeatMs: deps.heartbeatMs,
      onChange: options.onChange,
      start: options.start,
      onBeat: () => repo.present(db, { streamId, ...options.presence }, clock.now()),
      onClose: () => void repo.gone(db, streamId).catch(() => undefined),
    });
  }

  return {
    async conversation(request, reply, userId, conversationId, afterSeq) {
      const first = await conversations.access(userId, conversationId);
      const side = first.side;
      let lastSent = afterSeq;
      let otherRead = -1;
      /** Everything after the last seq sent, then the other side's receipt if it moved. */
      const catchUp = async (sse: Sse) => {
        for (;;) {
          const a: Access = await conversations.access(userId, conversationId);
          const rows = await repo.messagesAfter(db, conversationId, lastSent, BATCH);
          for (const m of await conversations.present(a, rows)) {
            if (m.seq <= lastSent) continue;
            sse.send('message', m, m.seq);
            lastSent = m.seq;
          }
          const read = side === 'buyer' ? a.conversation.shop_read_seq : a.conversation.buyer_read_seq;
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
