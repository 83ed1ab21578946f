/** HTTP for orders (API.md "Orders, payment, escrow"). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { Type } from 'typebox';
import { Body, IdParams, Page, PageQuery, problems, Query, Text } from '../../http/schemas.js';
import { DocumentedEnum } from '../../lib/documented-enum.js';
import { AuthenticationResponse } from '../passkeys/index.js';
import type { OrdersService } from './service.js';
import type { OrderView } from './view.js';

type Shipping = { carrier: string; trackingNumber: string };
type PayCredentials = { pin: string; totp?: string | undefined; passkey?: AuthenticationResponseJSON | undefined };

/** The flows an order runs through across modules (src/workflows/): what the money routes call. */
export interface OrderFlows {
  checkout(buyerId: string, input: { items: { skuId: string; quantity: number }[]; addressId: string; addOnIds?: string[] | undefined; attribution?: string | undefined; confirmReturnExclusion?: boolean | undefined }, requestKey?: string): Promise<OrderView[]>;
  pay(buyerId: string, orderId: string, input: PayCredentials, requestKey?: string): Promise<OrderView>;
  payThroughProvider(buyerId: string, orderId: string, input: PayCredentials & { channel: 'wechat_pay' | 'alipay' }, requestKey?: string): Promise<{ order: OrderView; payment?: { id: string; status: 'pending'; payUrl: string } }>;
  passkeyOptions(buyerId: string, orderId: string): Promise<{ challenge: string }>;
  cancel(buyerId: string, orderId: string, requestKey?: string, refundTo?: 'original' | 'wallet'): Promise<OrderView>;
  ship(userId: string, orderId: string, input: Shipping, requestKey?: string): Promise<OrderView>;
  confirmReceipt(buyerId: string, orderId: string, requestKey?: string): Promise<OrderView>;
  requestReturn(buyerId: string, orderId: string, input: Shipping, requestKey?: string): Promise<OrderView>;
  confirmReturn(userId: string, orderId: string, requestKey?: string): Promise<OrderView>;
}

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Status = Type.Union([
  Type.Literal('pending_payment'),
  Type.Literal('paid'),
  Type.Literal('shipped'),
  Type.Literal('received'),
  Type.Literal('completed'),
  Type.Literal('cancelled'),
  Type.Literal('refunded'),
  Type.Literal('returning'),
]);
/** What a timeline entry records (the service's `event(…, type, …)` calls write these). */
const ORDER_EVENT_TYPES = [
  'created',
  'paid',
  'shipped',
  'received',
  'receipt_auto_confirmed',
  'cancelled',
  'expired',
  'return_requested',
  'return_refunded',
  'return_refunded_automatically',
  'completed',
  'group_completed',
  'cancelled_by_campaign',
  'dispute_refunded',
  'after_sale_refunded',
  'return_withdrawn',
];

export const Order = Type.Object({
  id: Type.String(),
  number: Type.String({ description: 'the short order number people see: Beijing date then a sequence of at least 6 digits, e.g. 20261207000123 (unique; the id stays internal)' }),
  status: Status,
  operatorId: Type.String(),
  buyerId: Type.String(),
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      productId: Type.String(),
      skuId: Type.String(),
      title: Type.String(),
      skuName: Type.String(),
      unitPrice: Type.Integer(),
      quantity: Type.Integer(),
      // The category's class when the order was placed (catalog's Category.returnClass).
      returnClass: DocumentedEnum(['returnable', 'excluded', 'excludable_with_consent']),
    }),
  ),
  addOns: Type.Array(Type.Object({ id: Type.String(), addOnId: Type.String(), title: Type.String(), price: Type.Integer() })),
  total: Type.Integer({ description: 'fen: Σ price × quantity + each chosen add-on once' }),
  referralNoteId: Type.Union([Type.String(), Type.Null()], { description: 'R12: the note whose tag this order was bought through' }),
  source: Type.Union([Type.Object({ kind: Type.Union([Type.Literal('group_buy'), Type.Literal('bargain')]), id: Type.String() }), Type.Null()], {
    description: 'the group buy or bargain that set its price',
  }),
  awaitingGroup: Type.Boolean({ description: 'a paid group-buy order waits for its group to complete before it ships' }),
  returnExclusionConfirmed: Type.Boolean(),
  shipping: Type.Union([Type.Object({ carrier: Type.String(), trackingNumber: Type.String() }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  paidAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  shippedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  receivedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  timeline: Type.Array(Type.Object({ type: DocumentedEnum(ORDER_EVENT_TYPES), at: Type.String({ format: 'date-time' }), detail: Type.Record(Type.String(), Type.Unknown()) })),
});
const OrderResponse = Type.Object({ order: Order });
const ProviderPayment = Type.Object({
  id: Type.String(),
  status: Type.Literal('pending'),
  payUrl: Type.String({ description: 'The provider’s page where the buyer confirms the payment; the order becomes paid when the provider’s signed webhook arrives' }),
});
const PayResponse = Type.Object({ order: Order, payment: Type.Optional(ProviderPayment) });
const CancelBody = Body({
  refundTo: Type.Optional(Type.Union([Type.Literal('original'), Type.Literal('wallet')], { description: 'Where a paid order’s money goes: back the way it was paid (default) or to the wallet' })),
});

const CheckoutBody = Body({
  items: Type.Array(Body({ skuId: Id, quantity: Type.Integer({ minimum: 1, maximum: 99 }) }), { minItems: 1, maxItems: 50 }),
  addressId: Id,
  addOnIds: Type.Optional(Type.Array(Id, { maxItems: 50 })),
  attribution: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'R12: the token from POST /notes/:id/tags/:tagId/open' })),
  confirmReturnExclusion: Type.Optional(Type.Boolean({ description: 'R9: the buyer confirms an excludable item cannot be returned once opened' })),
});
const PayBody = Body({
  method: Type.Optional(Type.Union([Type.Literal('wallet'), Type.Literal('provider')], { description: 'wallet (default): at once from the balance; provider: through the payment provider, paid when its webhook arrives' })),
  channel: Type.Optional(Type.Union([Type.Literal('wechat_pay'), Type.Literal('alipay')], { description: 'With `provider`: which of its channels the buyer picked (default wechat_pay)' })),
  pin: Type.String({ maxLength: 6, pattern: '^[0-9]{6}$' }),
  totp: Type.Optional(Type.String({ maxLength: 6, pattern: '^[0-9]{6}$' })),
  passkey: Type.Optional(AuthenticationResponse),
});
const ShipBody = Body({ carrier: Text({ minLength: 2, maxLength: 40 }), trackingNumber: Type.String({ maxLength: 40, pattern: '^[A-Za-z0-9-]{6,40}$' }) });
const Address = Type.Union([
  Type.Object({
    recipient: Type.String(),
    phone: Type.String(),
    region: Type.String(),
    line: Type.String(),
    masked: Type.Boolean({ description: 'D3: true outside paid/shipped — recipient 张*, phone 139****5678, region to the city, no street line' }),
  }),
  Type.Null(),
]);

export function registerOrdersRoutes(untyped: FastifyInstance, deps: { orders: OrdersService; flows: OrderFlows }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  const { orders, flows } = deps;
  const tags = ['orders'];
  const user = { auth: 'user' } as const;
  const money = { auth: 'user', idempotent: true } as const;

  app.post(
    '/orders',
    {
      config: money,
      schema: {
        tags,
        summary: 'Check out: one order per operator; `order` is the first, `orders` all of them',
        body: CheckoutBody,
        querystring: Query({ ref: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'R12: the attribution token, as a link carries it (the body’s `attribution` wins)' })) }),
        response: { 201: Type.Object({ order: Order, orders: Type.Array(Order) }), ...problems },
      },
    },
    async (request, reply) => {
      const input = { ...request.body, attribution: request.body.attribution ?? request.query.ref };
      const created = await flows.checkout(request.auth!.userId, input, request.idempotency?.key);
      return reply.status(201).send({ order: created[0]!, orders: created });
    },
  );
  app.get(
    '/orders',
    {
      config: user,
      schema: {
        tags,
        summary: 'My orders as a buyer, newest first; `number` finds one by its order number',
        querystring: Query({ ...PageQuery, number: Type.Optional(Type.String({ maxLength: 20, pattern: '^[0-9]{14,20}$', description: 'an order number (digits)' })) }),
        response: { 200: Page(Order), ...problems },
      },
    },
    async (request) => orders.ordersOfBuyer(request.auth!.userId, { limit: request.query.limit ?? 20, cursor: request.query.cursor, number: request.query.number }),
  );
  app.get('/orders/:id', { config: user, schema: { tags, params: IdParams, response: { 200: Order, ...problems } } }, async (request) => orders.order(request.auth!.userId, request.params.id));
  app.post('/orders/:id/pay', { config: money, schema: { tags, params: IdParams, body: PayBody, response: { 200: PayResponse, ...problems } } }, async (request) => {
    const { method, channel, ...credentials } = request.body;
    const [buyerId, orderId, key] = [request.auth!.userId, request.params.id, request.idempotency?.key];
    if (method === 'provider') return flows.payThroughProvider(buyerId, orderId, { ...credentials, channel: channel ?? 'wechat_pay' }, key);
    return { order: await flows.pay(buyerId, orderId, credentials, key) };
  });
  app.post(
    '/orders/:id/pay/passkey-options',
    {
      config: user,
      schema: {
        tags,
        summary: 'D4 step-up: WebAuthn request options whose challenge is bound to this order and its amount (single use, 5 minutes)',
        params: IdParams,
        response: { 200: Type.Object({ challenge: Type.String() }, { additionalProperties: true }), ...problems },
      },
    },
    async (request) => flows.passkeyOptions(request.auth!.userId, request.params.id),
  );
  app.post(
    '/orders/:id/cancel',
    {
      config: money,
      // The body is optional (API.md: cancelling took none before `refundTo`): none is an empty one.
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: { tags, params: IdParams, body: CancelBody, response: { 200: OrderResponse, ...problems } },
    },
    async (request) => ({ order: await flows.cancel(request.auth!.userId, request.params.id, request.idempotency?.key, request.body.refundTo) }),
  );
  app.post('/orders/:id/ship', { config: money, schema: { tags, params: IdParams, body: ShipBody, response: { 200: OrderResponse, ...problems } } }, async (request) => ({
    order: await flows.ship(request.auth!.userId, request.params.id, request.body, request.idempotency?.key),
  }));
  app.post('/orders/:id/confirm-receipt', { config: money, schema: { tags, params: IdParams, response: { 200: OrderResponse, ...problems } } }, async (request) => ({
    order: await flows.confirmReceipt(request.auth!.userId, request.params.id, request.idempotency?.key),
  }));
  app.post(
    '/orders/:id/return',
    { config: money, schema: { tags, summary: 'R9: send the goods back within 7 days of receipt (not for excluded goods)', params: IdParams, body: ShipBody, response: { 200: OrderResponse, ...problems } } },
    async (request) => ({ order: await flows.requestReturn(request.auth!.userId, request.params.id, request.body, request.idempotency?.key) }),
  );
  app.post(
    '/orders/:id/return/received',
    { config: money, schema: { tags, summary: 'R10: the operator has the goods back; the buyer is refunded', params: IdParams, response: { 200: OrderResponse, ...problems } } },
    async (request) => ({ order: await flows.confirmReturn(request.auth!.userId, request.params.id, request.idempotency?.key) }),
  );
  app.get(
    '/orders/:id/shipping-address',
    { config: user, schema: { tags, summary: "The operator's view of the buyer's address: in full while paid or shipped, masked otherwise; every look is in the buyer's access log", params: IdParams, response: { 200: Type.Object({ address: Address }), ...problems } } },
    async (request) => ({ address: await orders.shippingAddress(request.auth!.userId, request.params.id) }),
  );
  app.get('/operators/:id/orders', { config: user, schema: { tags, summary: "A shop's orders (its owner only)", params: IdParams, querystring: Query(PageQuery), response: { 200: Page(Order), ...problems } } }, async (request) =>
    orders.ordersOfOperator(request.auth!.userId, request.params.id, { limit: request.query.limit ?? 20, cursor: request.query.cursor }),
  );
}
