/** HTTP for after-sales (API.md "Reviews, tracking, after-sales"). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { IdParams, NoContent, Page, problems } from '../../http/schemas.js';
import * as S from './schema.js';
import type { AfterSalesService } from './service.js';
import type { AfterSaleView, CreateInput, OptionsView } from './view.js';

/** The steps that cross modules (money, orders, disputes): src/workflows/after-sales.ts. */
export interface AfterSalesFlows {
  options(buyerId: string, orderId: string): Promise<OptionsView>;
  create(buyerId: string, orderId: string, input: CreateInput): Promise<AfterSaleView>;
  approve(userId: string, id: string, input: { returnAddressId?: string | undefined }): Promise<AfterSaleView>;
  approveMany(userId: string, operatorId: string, ids: string[]): Promise<{ id: string; ok: boolean; status?: AfterSaleView['status']; code?: string }[]>;
  refuse(userId: string, id: string, input: { reason: string }): Promise<AfterSaleView>;
  shipReturn(buyerId: string, id: string, input: { carrier: string; trackingNumber: string; returnShippingFee?: number | undefined }): Promise<AfterSaleView>;
  returnReceived(userId: string, id: string): Promise<AfterSaleView>;
  shipExchange(userId: string, id: string, input: { carrier: string; trackingNumber: string }): Promise<AfterSaleView>;
  withdraw(buyerId: string, id: string): Promise<AfterSaleView>;
  escalate(userId: string, id: string, input: { note?: string | undefined }): Promise<AfterSaleView>;
}

export function registerAfterSalesRoutes(untyped: FastifyInstance, deps: { afterSales: AfterSalesService; flows: AfterSalesFlows }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  const { afterSales, flows } = deps;
  const tags = ['after-sales'];
  const user = { auth: 'user' } as const;
  /** A double tap must not ask, answer, ship or refund twice. */
  const acting = { auth: 'user', idempotent: true } as const;
  const R = { 200: S.AfterSaleResponse, ...problems };
  // Bodies that may be left out are an empty one.
  const emptyBody = async (request: { body: unknown }) => {
    request.body ??= {};
  };

  app.post(
    '/operators/:id/return-addresses',
    { config: acting, schema: { tags, summary: "The shop owner adds a return address (sealed like buyers' addresses); the first is the default", params: IdParams, body: S.ReturnAddressBody, response: { 201: S.ReturnAddressResponse, ...problems } } },
    async (request, reply) => reply.status(201).send({ address: await afterSales.addAddress(request.auth!.userId, request.params.id, request.body) }),
  );
  app.get(
    '/operators/:id/return-addresses',
    { config: user, schema: { tags, summary: "The shop's return addresses (its owner only), the default first", params: IdParams, response: { 200: S.ReturnAddressList, ...problems } } },
    async (request) => ({ items: await afterSales.addresses(request.auth!.userId, request.params.id) }),
  );
  app.patch(
    '/operators/:id/return-addresses/:addressId',
    { config: acting, schema: { tags, summary: 'Change a return address, or make it the default (`isDefault: true`)', params: S.ReturnAddressParams, body: S.ReturnAddressPatch, response: { 200: S.ReturnAddressResponse, ...problems } } },
    async (request) => ({ address: await afterSales.updateAddress(request.auth!.userId, request.params.id, request.params.addressId, request.body) }),
  );
  app.post(
    '/operators/:id/return-addresses/:addressId/default',
    { config: acting, schema: { tags, summary: 'Make this return address the default', params: S.ReturnAddressParams, response: { 200: S.ReturnAddressResponse, ...problems } } },
    async (request) => ({ address: await afterSales.updateAddress(request.auth!.userId, request.params.id, request.params.addressId, { isDefault: true }) }),
  );
  app.delete(
    '/operators/:id/return-addresses/:addressId',
    { config: acting, schema: { tags, summary: 'Remove a return address (not the default while others exist, nor one an open return is going to)', params: S.ReturnAddressParams, response: { 204: NoContent, ...problems } } },
    async (request, reply) => {
      await afterSales.removeAddress(request.auth!.userId, request.params.id, request.params.addressId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/orders/:id/after-sales/options',
    { config: user, schema: { tags, summary: "What the buyer may ask for on this order now: types, reasons, R9's no-reason window, what is still refundable", params: IdParams, response: { 200: S.Options, ...problems } } },
    async (request) => flows.options(request.auth!.userId, request.params.id),
  );
  app.post(
    '/orders/:id/after-sales',
    {
      config: acting,
      schema: {
        tags,
        summary: 'The buyer asks for a refund, a return or an exchange (one open request per item; not while a dispute is open); the shop answers within 48 h, else it is approved',
        params: IdParams,
        body: S.CreateBody,
        response: { 201: S.AfterSaleResponse, ...problems },
      },
    },
    async (request, reply) => reply.status(201).send({ request: await flows.create(request.auth!.userId, request.params.id, request.body) }),
  );
  app.get('/after-sales/:id', { config: user, schema: { tags, summary: 'The request with its timeline, to its buyer and its shop', params: IdParams, response: { 200: S.AfterSale, ...problems } } }, async (request) =>
    afterSales.get(request.auth!.userId, request.params.id),
  );
  app.get('/me/after-sales', { config: user, schema: { tags, summary: 'My after-sales requests as a buyer, newest first', querystring: S.BuyerListQuery, response: { 200: Page(S.AfterSaleSummary), ...problems } } }, async (request) =>
    afterSales.ofBuyer(request.auth!.userId, { ...request.query, limit: request.query.limit ?? 20 }),
  );
  app.get(
    '/operators/:id/after-sales',
    { config: user, schema: { tags, summary: "The shop's after-sales inbox (its owner only), the soonest deadline first", params: IdParams, querystring: S.ShopListQuery, response: { 200: Page(S.AfterSaleSummary), ...problems } } },
    async (request) => afterSales.ofShop(request.auth!.userId, request.params.id, { ...request.query, limit: request.query.limit ?? 20 }),
  );
  app.post(
    '/operators/:id/after-sales/approve',
    { config: acting, schema: { tags, summary: 'Approve many requests, each on its own (a result per id)', params: IdParams, body: S.BulkApproveBody, response: { 200: S.BulkApproveResult, ...problems } } },
    async (request) => ({ results: await flows.approveMany(request.auth!.userId, request.params.id, request.body.ids) }),
  );
  app.post(
    '/after-sales/:id/approve',
    { config: acting, preValidation: emptyBody, schema: { tags, summary: 'The shop approves: a refund is paid at once; a return waits for the goods (sent to `returnAddressId`, default: the default address)', params: IdParams, body: S.ApproveBody, response: R } },
    async (request) => ({ request: await flows.approve(request.auth!.userId, request.params.id, request.body) }),
  );
  app.post('/after-sales/:id/refuse', { config: acting, schema: { tags, summary: 'The shop refuses with a reason; the buyer may escalate within 7 days', params: IdParams, body: S.RefuseBody, response: R } }, async (request) => ({
    request: await flows.refuse(request.auth!.userId, request.params.id, request.body),
  }));
  app.post(
    '/after-sales/:id/return-shipment',
    { config: acting, schema: { tags, summary: 'The buyer ships an approved return (within 7 days); the shop confirms within 7 days, else the refund is automatic (R10)', params: IdParams, body: S.ReturnShipmentBody, response: R } },
    async (request) => ({ request: await flows.shipReturn(request.auth!.userId, request.params.id, request.body) }),
  );
  app.post(
    '/after-sales/:id/return-received',
    { config: acting, schema: { tags, summary: 'The shop has the goods back: a return is refunded at once; an exchange ships the replacement within 48 h', params: IdParams, response: R } },
    async (request) => ({ request: await flows.returnReceived(request.auth!.userId, request.params.id) }),
  );
  app.post(
    '/after-sales/:id/exchange-shipment',
    { config: acting, schema: { tags, summary: 'The shop ships the replacement of an exchange', params: IdParams, body: S.ExchangeShipmentBody, response: R } },
    async (request) => ({ request: await flows.shipExchange(request.auth!.userId, request.params.id, request.body) }),
  );
  app.post(
    '/after-sales/:id/escalate',
    {
      config: acting,
      preValidation: emptyBody,
      schema: { tags, summary: 'Either side asks the platform (a dispute with the whole history), once refused or when the other side is past its deadline', params: IdParams, body: S.EscalateBody, response: R },
    },
    async (request) => ({ request: await flows.escalate(request.auth!.userId, request.params.id, request.body) }),
  );
  app.post('/after-sales/:id/withdraw', { config: acting, schema: { tags, summary: 'The buyer withdraws the request (before any refund)', params: IdParams, response: R } }, async (request) => ({
    request: await flows.withdraw(request.auth!.userId, request.params.id),
  }));
}
