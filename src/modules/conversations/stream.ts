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

interface Sse {
  send(event: string, data: unknown, id?: number): void;
  /** Runs jobs one after another: a slow read never overtakes a newer one. */
  then(job: () => Promise<void>): void;
}

export function createConversationStreams(deps: { db: Kysely<DB>; conversations: ConversationsService; live: LiveEvents; clock: Clock; heartbeatMs: number }): ConversationStreams {
  const { db, conversations, live, clock } = deps;

  /**
   * Subscribe to `topic`, then take over the response; `start` runs first on the queue.
   * Errors before this point (404) are problem+json as usual.
   */
  async function open(
    request: FastifyRequest,
    reply: FastifyReply,
    options: { topic: string; presence: { userId: string; conversationId?: string; operatorId?: string }; onChange: (sse: Sse, payload: string | undefined) => void; start: (sse: Sse) => Promise<void> },
  ): Promise<void> {
    const res = reply.raw;
    let alive = true;
    let queue = Promise.resolve();
    const streamId = newId();
    const write = (text: string) => {
      if (alive) res.write(text);
    };
    const sse: Sse = {
      send: (event, data, id) => write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
      then: (job) => {
        queue = queue.then(async () => {
          if (!alive) return;
          try {
            await job();
          } catch (error) {
            request.log.error({ err: error }, 'conversation stream read failed');
            close();
          }
        });
      },
    };
    const seen = () => repo.present(db, { streamId, ...options.presence }, clock.now()).catch((error: unknown) => request.log.warn({ err: error }, 'presence not kept'));
    const heartbeat = setInterval(() => {
      write(': heartbeat\n\n');
      void seen();
    }, deps.heartbeatMs);
    let unsubscribe = () => {};
    function close() {
      if (!alive) return;
      alive = false;
      clearInterval(heartbeat);
      unsubscribe();
      void repo.gone(db, streamId).catch(() => undefined);
      res.end();
    }
    try {
      unsubscribe = await live.subscribe(options.topic, (payload) => options.onChange(sse, payload), close);
    } catch (error) {
      clearInterval(heartbeat);
      throw error;
    }
    reply.hijack();
    res.on('close', close);
    if (res.destroyed) return close();
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    write('retry: 3000\n\n');
    await seen();
    sse.then(() => options.start(sse));
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
