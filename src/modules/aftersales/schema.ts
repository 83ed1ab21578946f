/** The after-sales API's shapes (API.md "Reviews, tracking, after-sales"). */
import { Type } from 'typebox';
import { Body, PageQuery, Paragraphs, Query, Text } from '../../http/schemas.js';
import { DocumentedEnum } from '../../lib/documented-enum.js';
import { PHONE_PATTERN } from '../../lib/phone.js';
import { RETURN_SHIPPING_FEE_CAP } from './rules.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);
const Fen = (description: string, maximum = 100_000_000_00) => Type.Integer({ minimum: 0, maximum, description: `${description}, fen (¥0.01)` });
const Carrier = Text({ minLength: 2, maxLength: 40 });
const TrackingNumber = Type.String({ maxLength: 40, pattern: '^[A-Za-z0-9-]{6,40}$' });

/** What a timeline entry records (the service's `append(…, type, …)` calls write these). */
const AFTER_SALE_EVENT_TYPES = [
  'requested',
  'approved',
  'approved_automatically',
  'refused',
  'return_shipped',
  'return_received',
  'refunded',
  'refunded_automatically',
  'exchange_shipped',
  'withdrawn',
  'closed_not_shipped',
  'escalated',
  'escalation_window_closed',
];

export const AfterSaleType = Type.Union([Type.Literal('refund_only'), Type.Literal('return_refund'), Type.Literal('exchange')]);
export const AfterSaleReason = Type.Union(
  [
    Type.Literal('no_reason'),
    Type.Literal('not_received'),
    Type.Literal('quality_problem'),
    Type.Literal('not_as_described'),
    Type.Literal('wrong_item'),
    Type.Literal('damaged'),
    Type.Literal('missing_parts'),
    Type.Literal('other'),
  ],
  {
  description:
    'no_reason: R9 7-day no-reason return (returnable goods only); not_received; quality_problem, not_as_described, wrong_item, damaged, missing_parts: the shop is at fault (every class of goods, within the legal period; the shop pays return postage); other',
});
export const AfterSaleStatus = Type.Union([
  Type.Literal('requested'),
  Type.Literal('approved'),
  Type.Literal('refused'),
  Type.Literal('returning'),
  Type.Literal('received'),
  Type.Literal('refunded'),
  Type.Literal('exchanged'),
  Type.Literal('escalated'),
  Type.Literal('withdrawn'),
]);
const Party = Type.Union([Type.Literal('buyer'), Type.Literal('shop'), Type.Literal('platform')]);
const Images = Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 9, description: 'URLs of images you uploaded (POST /uploads)' });

// Return addresses (the shop's own; sealed in the privacy vault like buyers' addresses).
const Recipient = Text({ minLength: 1, maxLength: 30 });
const Phone = Type.String({ maxLength: 11, pattern: PHONE_PATTERN, description: 'Mainland mobile number', examples: ['13800138000'] });
const Region = Text({ minLength: 2, maxLength: 60 });
const Line = Text({ minLength: 2, maxLength: 200 });
export const ReturnAddressBody = Body({
  recipient: Recipient,
  phone: Phone,
  region: Region,
  line: Line,
  isDefault: Type.Optional(Type.Boolean({ description: 'make it the address approved returns go to (the first one always is)' })),
});
export const ReturnAddressPatch = Body({
  recipient: Type.Optional(Recipient),
  phone: Type.Optional(Phone),
  region: Type.Optional(Region),
  line: Type.Optional(Line),
  isDefault: Type.Optional(Type.Literal(true, { description: 'make this the default (another address becomes the default by being made so)' })),
});
export const ReturnAddressParams = Type.Object({ id: Id, addressId: Id }, { additionalProperties: false });
export const ReturnAddress = Type.Object({
  id: Type.String(),
  recipient: Type.String(),
  phone: Type.String(),
  region: Type.String(),
  line: Type.String(),
  isDefault: Type.Boolean(),
  createdAt: DateTime,
});
export const ReturnAddressResponse = Type.Object({ address: ReturnAddress });
export const ReturnAddressList = Type.Object({ items: Type.Array(ReturnAddress, { maxItems: 50 }) });

// Requests.
export const CreateBody = Body({
  type: AfterSaleType,
  reason: AfterSaleReason,
  description: Type.Optional(Paragraphs(500)),
  images: Type.Optional(Images),
  amount: Type.Optional(Fen('refund_only: what to get back (default: all that is still refundable of the order or of the chosen items)')),
  itemIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 50, uniqueItems: true, description: 'order item ids (default: every item of the order)' })),
});
export const ApproveBody = Body({
  returnAddressId: Type.Optional(Id),
});
export const RefuseBody = Body({ reason: Paragraphs(500) });
export const ReturnShipmentBody = Body({
  carrier: Carrier,
  trackingNumber: TrackingNumber,
  returnShippingFee: Type.Optional(Fen(`the postage paid for a return that is the shop's fault (quality problem…), refunded on top and charged to the shop; at most ${RETURN_SHIPPING_FEE_CAP}`, RETURN_SHIPPING_FEE_CAP)),
});
export const ExchangeShipmentBody = Body({ carrier: Carrier, trackingNumber: TrackingNumber });
export const EscalateBody = Body({ note: Type.Optional(Paragraphs(2000)) });
export const BulkApproveBody = Body({ ids: Type.Array(Id, { minItems: 1, maxItems: 50, uniqueItems: true }) });
export const BulkApproveResult = Type.Object({
  results: Type.Array(
    Type.Object({
      id: Type.String(),
      ok: Type.Boolean(),
      status: Type.Optional(AfterSaleStatus),
      code: Type.Optional(Type.String({ description: 'why this one was not approved (a problem code: NOT_FOUND, AFTER_SALE_STATE_CONFLICT, NO_RETURN_ADDRESS…)' })),
    }),
    { maxItems: 50 },
  ),
});

export const BuyerListQuery = Query({ status: Type.Optional(AfterSaleStatus), ...PageQuery });
export const ShopListQuery = Query({ status: Type.Optional(AfterSaleStatus), type: Type.Optional(AfterSaleType), ...PageQuery });

const Item = Type.Object({
  orderItemId: Type.String(),
  productId: Type.String(),
  skuId: Type.String(),
  title: Type.String(),
  skuName: Type.String(),
  unitPrice: Type.Integer(),
  quantity: Type.Integer(),
});

const Shipment = Type.Object({ carrier: Type.String(), trackingNumber: Type.String(), shippedAt: DateTime });

/** The request as buyer and shop see it (lists leave out the timeline and return address). */
export const AfterSaleSummary = Type.Object({
  id: Type.String(),
  orderId: Type.String(),
  orderNumber: Type.String(),
  buyer: Type.Object({ displayName: Type.String() }, { description: "the buyer as the shop may know them: the display name, never a phone or an address" }),
  type: AfterSaleType,
  reason: AfterSaleReason,
  amount: Type.Integer({ description: 'fen asked back (the goods; return postage is returnShippingFee)' }),
  returnShippingFee: Type.Integer({ description: "fen: return postage the shop pays (its fault), refunded on top" }),
  refunded: Type.Integer({ description: 'fen refunded so far by this request (goods and postage)' }),
  status: AfterSaleStatus,
  turn: Type.Union([Party, Type.Null()], { description: "whose move it is now; null once the request is over ('platform': a dispute)" }),
  deadline: Type.Union([DateTime, Type.Null()], { description: 'when whoever’s turn it is must have acted (what happens then: see API.md); null once over' }),
  items: Type.Array(Item),
  shopPaysReturn: Type.Boolean({ description: "the shop is at fault (quality problem…): return postage is the shop's" }),
  createdAt: DateTime,
  closedAt: NullableDateTime,
});

export const TimelineEntry = Type.Object({
  type: DocumentedEnum(AFTER_SALE_EVENT_TYPES),
  actor: Party,
  at: DateTime,
  /** What the actor wrote with the step (the request's description, a refusal's reason). */
  body: Type.Union([Type.String(), Type.Null()]),
  images: Type.Array(Type.String()),
  detail: Type.Record(Type.String(), Type.Unknown()),
});

export const AfterSale = Type.Object({
  ...AfterSaleSummary.properties,
  description: Type.Union([Type.String(), Type.Null()]),
  images: Type.Array(Type.String()),
  refuseReason: Type.Union([Type.String(), Type.Null()]),
  returnAddress: Type.Union([Type.Object({ recipient: Type.String(), phone: Type.String(), region: Type.String(), line: Type.String() }), Type.Null()], {
    description: 'where to send the goods back: only to the buyer of an approved return (and to the shop)',
  }),
  returnShipment: Type.Union([Type.Object({ ...Shipment.properties, fee: Type.Integer() }), Type.Null()]),
  returnReceivedAt: NullableDateTime,
  exchangeShipment: Type.Union([Shipment, Type.Null()]),
  disputeId: Type.Union([Type.String(), Type.Null()]),
  timeline: Type.Array(TimelineEntry),
});
export const AfterSaleResponse = Type.Object({ request: AfterSale });

/** What the buyer may ask for on this order now (the request form's choices). */
export const Options = Type.Object({
  orderId: Type.String(),
  received: Type.Boolean(),
  refundable: Type.Integer({ description: 'fen still refundable of the whole order' }),
  types: Type.Array(AfterSaleType),
  reasons: Type.Array(AfterSaleReason),
  noReason: Type.Object({
    allowed: Type.Boolean(),
    until: NullableDateTime,
    blocked: Type.Union([DocumentedEnum(['not_received', 'window_closed', 'excluded', 'consented_exclusion']), Type.Null()]),
  }),
  faultReturnUntil: Type.Union([DateTime, Type.Null()], { description: 'the last moment for a return or refund because of a quality problem (7 days from receipt)' }),
  faultExchangeUntil: Type.Union([DateTime, Type.Null()], { description: 'the last moment for an exchange because of a quality problem (15 days from receipt)' }),
  items: Type.Array(Type.Object({ ...Item.properties, refundable: Type.Integer(), openRequestId: Type.Union([Type.String(), Type.Null()]) })),
  openDisputeId: Type.Union([Type.String(), Type.Null()]),
});
