/** HTTP for group buys (API.md "Group buys"): offers, opening, joining, the group and its live events. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../lib/errors.js';
import { streamTopic } from '../../http/event-stream.js';
import { IdParams, NoContent, problems } from '../../http/schemas.js';
import { allowInlineStyles } from '../../http/security-headers.js';
import type { LiveEvents } from '../../lib/live-events.js';
import { OrderSchema, type OrderView } from '../orders/index.js';
import * as S from './schema.js';
import { groupBuyTopic, type GroupBuyService, type GroupBuyView } from './service.js';

/** Opening and joining place orders (workflows/group-buy.ts). */
export interface GroupBuyFlows {
  open(buyerId: string, input: { skuId: string; addressId: string }): Promise<{ groupBuy: GroupBuyView; order: OrderView }>;
  join(buyerId: string, groupId: string, input: { addressId: string }): Promise<OrderView>;
}
import { renderMissingPage, renderSharePage, SHARE_PAGE_STYLE } from './share-page.js';

export function registerGroupBuyRoutes(untyped: FastifyInstance, deps: { groupBuys: GroupBuyService; flows: GroupBuyFlows; live: LiveEvents; heartbeatMs: number }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  const { groupBuys, flows, live } = deps;
  const tags = ['group buys'];
  const money = { auth: 'user', idempotent: true } as const;

  app.put(
    '/products/:productId/skus/:skuId/group-offer',
    { config: { auth: 'user' }, schema: { tags, summary: "Set a SKU's group price and size (the shop's owner; group price below the price)", params: S.SkuParams, body: S.OfferBody, response: { 200: Type.Object({ offer: S.Offer }), ...problems } } },
    async (request) => ({ offer: await groupBuys.setOffer(request.auth!.userId, request.params.productId, request.params.skuId, request.body) }),
  );
  app.delete(
    '/products/:productId/skus/:skuId/group-offer',
    { config: { auth: 'user' }, schema: { tags, summary: "Withdraw a SKU's group terms (groups already open go on)", params: S.SkuParams, response: { 204: NoContent, ...problems } } },
    async (request, reply) => {
      await groupBuys.removeOffer(request.auth!.userId, request.params.productId, request.params.skuId);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/products/:id/group-offers',
    { schema: { tags, summary: "A product's group terms and the open groups to join (seats left, deadline)", params: IdParams, response: { 200: S.Offers, ...problems } } },
    async (request) => groupBuys.offers(request.params.id),
  );

  app.post(
    '/group-buys',
    { config: money, schema: { tags, summary: "Open a group: the initiator's order at the group price (15 minutes to pay); the group opens to others when it is paid", body: S.OpenBody, response: { 201: Type.Object({ groupBuy: S.GroupBuy, order: OrderSchema }), ...problems } } },
    async (request, reply) => reply.status(201).send(await flows.open(request.auth!.userId, request.body)),
  );
  app.post(
    '/group-buys/:id/join',
    { config: money, schema: { tags, summary: 'Take a seat: an order at the group price, 15 minutes to pay', params: IdParams, body: S.JoinBody, response: { 201: Type.Object({ order: OrderSchema }), ...problems } } },
    async (request, reply) => reply.status(201).send({ order: await flows.join(request.auth!.userId, request.params.id, request.body) }),
  );
  app.get('/group-buys/:id', { schema: { tags, params: IdParams, response: { 200: S.GroupBuy, ...problems } } }, async (request) => groupBuys.group(request.params.id));
  app.get(
    '/group-buys/:id/events',
    {
      schema: {
        tags,
        summary: 'Server-sent events: `group` with the group as GET /group-buys/:id gives it, at once and after every change made through any server process',
        params: IdParams,
        produces: ['text/event-stream'],
        response: { 200: Type.String({ description: 'text/event-stream' }), ...problems },
      },
    },
    async (request, reply) => {
      const id = request.params.id;
      await groupBuys.group(id); // unknown → 404 problem, before the stream starts
      await streamTopic(request, reply, { live, topic: groupBuyTopic(id), event: 'group', read: () => groupBuys.group(id), heartbeatMs: deps.heartbeatMs });
    },
  );
}

/**
 * `/g/:id`, outside the API: an HTML page for link previews and QR codes. Any query
 * string (chat apps add their own) is accepted; an unknown or malformed id gets a 404 page
 * (the id is bounded by its schema; one outside it is no group, not a 400).
 */
export function registerGroupBuySharePage(untyped: FastifyInstance, deps: { groupBuys: GroupBuyService }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/g/:id', { schema: { hide: true, params: IdParams }, attachValidation: true }, async (request, reply) => {
    const id = request.params.id;
    const group = request.validationError
      ? null
      : await deps.groupBuys.group(id).catch((error: unknown) => (error instanceof AppError && error.kind === 'not_found' ? null : Promise.reject(error)));
    reply.type('text/html; charset=utf-8');
    allowInlineStyles(reply, SHARE_PAGE_STYLE);
    if (!group) return reply.status(404).send(renderMissingPage());
    // Previews are cached by chat apps anyway; a minute keeps the seats left close to true.
    return reply.header('cache-control', 'public, max-age=60').send(await renderSharePage(group, `${request.protocol}://${request.host}`));
  });
}
