/** HTTP for bargains (API.md "Bargains") and their share page `/b/:id`. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { streamTopic } from '../../http/event-stream.js';
import type { LiveEvents } from '../../lib/live-events.js';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../lib/errors.js';
import { IdParams, NoContent, problems } from '../../http/schemas.js';
import { OrderSchema, type OrderView } from '../orders/index.js';
import * as S from './schema.js';
import { bargainTopic, type BargainService } from './service.js';
import { bargainSharePage, missingSharePage } from './share-page.js';

const OrderResponse = Type.Object({ order: OrderSchema });

export function registerBargainRoutes(untyped: FastifyInstance, deps: { bargains: BargainService; flows: { order(ownerId: string, id: string, addressId: string): Promise<OrderView> }; live: LiveEvents; heartbeatMs: number }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  const { bargains, flows, live } = deps;
  const tags = ['bargains'];
  const user = { auth: 'user' } as const;
  /** A double tap on a slow network must not start, help or order twice. */
  const acting = { auth: 'user', idempotent: true } as const;

  app.put(
    '/products/:id/skus/:skuId/bargain-offer',
    { config: user, schema: { tags, summary: "Offer bargains on a SKU (the product's operator only): floor ≥ 0 and price − floor ≥ maxHelpers", params: S.OfferParams, body: S.OfferBody, response: { 200: Type.Object({ offer: S.Offer }), ...problems } } },
    async (request) => ({ offer: await bargains.setOffer(request.auth!.userId, request.params.id, request.params.skuId, request.body) }),
  );
  app.delete(
    '/products/:id/skus/:skuId/bargain-offer',
    { config: user, schema: { tags, summary: 'Withdraw the offer (bargains already running keep their terms, R14)', params: S.OfferParams, response: { 204: NoContent, ...problems } } },
    async (request, reply) => {
      await bargains.withdrawOffer(request.auth!.userId, request.params.id, request.params.skuId);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/products/:id/bargain-offers',
    { schema: { tags, summary: "The product's bargain offers, each with its rules in full (R13)", params: IdParams, response: { 200: Type.Object({ items: Type.Array(S.Offer) }), ...problems } } },
    async (request) => ({ items: await bargains.offersOfProduct(request.params.id) }),
  );
  app.get(
    '/bargain-offers/:skuId/rules',
    { schema: { tags, summary: 'R13: the rules a bargain on this SKU runs by, published before it starts', params: S.SkuParams, response: { 200: S.Rules, ...problems } } },
    async (request) => bargains.rulesOf(request.params.skuId),
  );

  app.post(
    '/bargains',
    { config: acting, schema: { tags, summary: 'Start a bargain on a SKU; one active per buyer and SKU (409 BARGAIN_ALREADY_ACTIVE)', body: S.StartBody, response: { 201: Type.Object({ bargain: S.Bargain }), ...problems } } },
    async (request, reply) => reply.status(201).send({ bargain: await bargains.start(request.auth!.userId, request.body.skuId) }),
  );
  app.get('/bargains/:id', { schema: { tags, summary: 'A bargain with its helps, status and rules; amounts in exact fen (R14)', params: IdParams, response: { 200: S.Bargain, ...problems } } }, async (request) =>
    bargains.get(request.params.id),
  );
  app.get(
    '/bargains/:id/events',
    {
      schema: {
        tags,
        summary: 'Server-sent events: `bargain` with the bargain as GET /bargains/:id gives it, at once and after every help or order made through any server process',
        params: IdParams,
        produces: ['text/event-stream'],
        response: { 200: Type.String({ description: 'text/event-stream' }), ...problems },
      },
    },
    async (request, reply) => {
      const id = request.params.id;
      await bargains.get(id); // unknown → 404 problem, before the stream starts
      await streamTopic(request, reply, { live, topic: bargainTopic(id), event: 'bargain', read: () => bargains.get(id), heartbeatMs: deps.heartbeatMs });
    },
  );
  app.post(
    '/bargains/:id/help',
    {
      config: acting,
      schema: {
        tags,
        summary: 'Cut once (verified phone; 403 SELF_HELP, 409 ALREADY_HELPED, BARGAIN_EXPIRED, BARGAIN_AT_FLOOR, BARGAIN_ORDERED; 429 HELP_LIMIT_REACHED after 10 helps in a Beijing day)',
        params: IdParams,
        response: { 200: S.HelpResponse, ...problems },
      },
    },
    async (request) => bargains.help(request.auth!.userId, request.params.id),
  );
  app.post(
    '/bargains/:id/order',
    { config: acting, schema: { tags, summary: 'Order one at the current price before the deadline, once (409 BARGAIN_ORDERED); pay within 30 minutes', params: IdParams, body: S.OrderBody, response: { 201: OrderResponse, ...problems } } },
    async (request, reply) => reply.status(201).send({ order: await flows.order(request.auth!.userId, request.params.id, request.body.addressId) }),
  );
}

/** `/b/:id`, outside /api/v1: an HTML page for link previews and scanning. */
export function registerBargainSharePage(untyped: FastifyInstance, deps: { bargains: BargainService }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/b/:id', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const origin = `${request.protocol}://${request.host}`;
    try {
      const html = await bargainSharePage(await deps.bargains.get(request.params.id), origin);
      return reply.type('text/html; charset=utf-8').send(html);
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return reply.status(404).type('text/html; charset=utf-8').send(missingSharePage());
      throw error;
    }
  });
}
