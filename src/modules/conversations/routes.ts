/** HTTP for conversations (API.md "Conversations"): buyer and shop sides, quick replies, live streams. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { IdParams, NoContent, problems } from '../../http/schemas.js';
import * as S from './schema.js';
import type { ConversationStreams } from './stream.js';
import type { ConversationsService } from './service.js';

export function registerConversationsRoutes(untyped: FastifyInstance, deps: { conversations: ConversationsService; streams: ConversationStreams }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  const { conversations, streams } = deps;
  const tags = ['conversations'];
  const user = { auth: 'user' } as const;
  /** A double tap must not open, send or add twice. */
  const acting = { auth: 'user', idempotent: true } as const;
  const sse = { produces: ['text/event-stream'], response: { 200: S.EventStream, ...problems } };
  // Bodies that may be left out are an empty one.
  const emptyBody = async (request: { body: unknown }) => {
    request.body ??= {};
  };
  const lastEventId = (header: string | string[] | undefined, query: string | undefined): number => {
    const raw = typeof header === 'string' ? header : query;
    return raw && /^[0-9]{1,10}$/.test(raw) ? Number(raw) : 0;
  };

  app.post(
    '/operators/:id/conversations',
    {
      config: acting,
      schema: {
        tags,
        summary:
          "Open (or find again) the signed-in buyer's one conversation with this shop. Not with your own shop (409 OWN_SHOP); at most CHAT_NEW_CONVERSATIONS_PER_DAY new ones a day, counted by creation (429 CONVERSATION_LIMIT)",
        params: IdParams,
        response: { 200: S.ConversationResponse, ...problems },
      },
    },
    async (request) => ({ conversation: await conversations.open(request.auth!.userId, request.params.id) }),
  );
  app.get(
    '/conversations',
    { config: user, schema: { tags, summary: "My conversations as a buyer, latest activity first, with each one's unread count and the total", querystring: S.ListQuery, response: { 200: S.ConversationList, ...problems } } },
    async (request) => conversations.mine(request.auth!.userId, { limit: request.query.limit ?? 20, cursor: request.query.cursor }),
  );
  app.get(
    '/conversations/:id/messages',
    { config: user, schema: { tags, summary: 'The messages, newest first (cards read live), to the buyer and members of the shop', params: IdParams, querystring: S.ListQuery, response: { 200: S.MessagePage, ...problems } } },
    async (request) => conversations.messages(request.auth!.userId, request.params.id, { limit: request.query.limit ?? 20, cursor: request.query.cursor }),
  );
  app.post(
    '/conversations/:id/messages',
    {
      config: acting,
      schema: {
        tags,
        summary:
          'Send a text (≤ 2,000 characters), an image you uploaded, a product card of this shop or an order card of this buyer with this shop; contacts are masked (`masked: true`); prohibited words 422 PROHIBITED_CONTENT; a product of another shop 422 PRODUCT_NOT_OF_SHOP; an order not of this buyer with this shop 422 ORDER_NOT_OF_CONVERSATION; too fast 429',
        params: IdParams,
        body: S.SendBody,
        response: { 201: S.MessageResponse, ...problems },
      },
    },
    async (request, reply) => reply.status(201).send({ message: await conversations.send(request.auth!.userId, request.params.id, request.body) }),
  );
  app.post(
    '/conversations/:id/read',
    {
      config: acting,
      preValidation: emptyBody,
      schema: { tags, summary: 'Read receipt: everything up to `upToSeq` (default: the latest message) is read', params: IdParams, body: S.ReadBody, response: { 204: NoContent, ...problems } },
    },
    async (request, reply) => {
      await conversations.read(request.auth!.userId, request.params.id, request.body.upToSeq);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/conversations/:id/typing',
    { config: user, schema: { tags, summary: 'The other side sees “typing…” for a few seconds (not stored; repeated calls within 3 s are dropped)', params: IdParams, response: { 204: NoContent, ...problems } } },
    async (request, reply) => {
      await conversations.typing(request.auth!.userId, request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/conversations/:id/events',
    {
      config: user,
      schema: {
        tags,
        summary:
          'Server-sent events: `message` (`id:` its seq, data the message) for every message after `Last-Event-ID` (header, or `?lastEventId=`), then live ones, each once; `typing` `{ from }`; `read` `{ from, upToSeq }` (the other side read up to there); heartbeats',
        params: IdParams,
        querystring: S.EventsQuery,
        ...sse,
      },
    },
    async (request, reply) => {
      const after = lastEventId(request.headers['last-event-id'], request.query.lastEventId);
      await streams.conversation(request, reply, request.auth!.userId, request.params.id, after);
    },
  );

  app.get(
    '/operators/:id/conversations',
    {
      config: user,
      schema: {
        tags,
        summary: "The shop's inbox (members: owner and staff): conversations waiting for an answer first, the longest waiting first, then the rest by latest activity",
        params: IdParams,
        querystring: S.ListQuery,
        response: { 200: S.ConversationList, ...problems },
      },
    },
    async (request) => conversations.inbox(request.auth!.userId, request.params.id, { limit: request.query.limit ?? 20, cursor: request.query.cursor }),
  );
  app.get(
    '/operators/:id/conversations/events',
    { config: user, schema: { tags, summary: "Server-sent events for the shop's inbox: `inbox` `{ conversationId, unreadTotal }` at once (conversationId null) and whenever a conversation changes", params: IdParams, ...sse } },
    async (request, reply) => streams.inbox(request, reply, request.auth!.userId, request.params.id),
  );
  app.get(
    '/me/conversations/events',
    { config: user, schema: { tags, summary: 'Server-sent events for the tab bar badge: `unread` `{ unreadTotal }` (as a buyer) at once and whenever it changes', ...sse } },
    async (request, reply) => streams.mine(request, reply, request.auth!.userId),
  );

  app.get(
    '/operators/:id/quick-replies',
    { config: user, schema: { tags, summary: "The shop's quick replies (members only), oldest first", params: IdParams, response: { 200: S.QuickReplyList, ...problems } } },
    async (request) => ({ items: await conversations.quickReplies(request.auth!.userId, request.params.id) }),
  );
  app.post(
    '/operators/:id/quick-replies',
    { config: acting, schema: { tags, summary: 'Add a quick reply (≤ 500 characters, ≤ 50 per shop: 409 QUICK_REPLY_LIMIT)', params: IdParams, body: S.QuickReplyBody, response: { 201: S.QuickReplyResponse, ...problems } } },
    async (request, reply) => reply.status(201).send({ quickReply: await conversations.addQuickReply(request.auth!.userId, request.params.id, request.body.text) }),
  );
  app.delete(
    '/operators/:id/quick-replies/:replyId',
    { config: acting, schema: { tags, summary: 'Remove a quick reply', params: S.QuickReplyParams, response: { 204: NoContent, ...problems } } },
    async (request, reply) => {
      await conversations.removeQuickReply(request.auth!.userId, request.params.id, request.params.replyId);
      return reply.status(204).send(null);
    },
  );
}
