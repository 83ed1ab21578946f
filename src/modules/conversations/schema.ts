/** The conversations API's shapes (API.md "Conversations"). */
import { Type } from 'typebox';
import { Body, PageQuery, Paragraphs, Query, Text } from '../../http/schemas.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);
const Fen = (description: string) => Type.Integer({ minimum: 0, description: `${description}, fen (¥0.01)` });

/** A message's text as sent: at most 2,000 characters (issue 18). */
export const MESSAGE_TEXT_MAX = 2000;
/** A quick reply: at most 500 characters, 50 per shop. */
export const QUICK_REPLY_MAX = 500;

export const Side = Type.Union([Type.Literal('buyer'), Type.Literal('shop')], { description: 'who sent it: the buyer, or the shop (its owner or staff)' });
export const MessageKind = Type.Union([Type.Literal('text'), Type.Literal('image'), Type.Literal('product'), Type.Literal('order')]);

export const ConversationParams = Type.Object({ id: Id }, { additionalProperties: false });
export const QuickReplyParams = Type.Object({ id: Id, replyId: Id }, { additionalProperties: false });

/** A product card, read live: its title, price, image and status as they are now. */
export const ProductCard = Type.Object({
  type: Type.Literal('product'),
  id: Type.String(),
  title: Type.String(),
  price: Fen('the lowest SKU price now'),
  image: Type.Union([Type.String(), Type.Null()]),
  status: Type.String({ description: "the product's status now (e.g. active, withdrawn)" }),
});
/** An order card, read live; only the buyer and the shop ever see one. */
export const OrderCard = Type.Object({
  type: Type.Literal('order'),
  id: Type.String(),
  number: Type.String(),
  status: Type.String({ description: "the order's status now" }),
  total: Fen('the order total'),
  itemCount: Type.Integer({ minimum: 0 }),
});
/** A card whose product or order is gone: shown as unavailable. */
export const GoneCard = Type.Object({ type: Type.Literal('unavailable') });
export const Card = Type.Union([ProductCard, OrderCard, GoneCard]);

export const Message = Type.Object({
  id: Type.String(),
  seq: Type.Integer({ minimum: 1, description: 'increasing per conversation; the SSE `id:`' }),
  conversationId: Type.String(),
  from: Side,
  kind: MessageKind,
  text: Type.Union([Type.String(), Type.Null()], { description: 'masked: phone numbers, WeChat/QQ ids and outside links read 「***」' }),
  masked: Type.Boolean({ description: 'true when contact details were hidden: show the notice that trading off the platform is unprotected' }),
  image: Type.Optional(Type.String()),
  card: Type.Optional(Card),
  createdAt: DateTime,
  readByOther: Type.Boolean(),
  staff: Type.Optional(Type.Object({ id: Type.String(), displayName: Type.String() }, { description: 'which member of the shop answered: shown to shop members only' })),
});
export const MessageResponse = Type.Object({ message: Message });

export const Conversation = Type.Object({
  id: Type.String(),
  shop: Type.Object({ id: Type.String(), shopName: Type.String() }),
  buyer: Type.Optional(Type.Object({ displayName: Type.String() }, { description: 'shop members only: the display name, never phone, real name or address (D3)' })),
  lastMessage: Type.Union([
    Type.Object({ seq: Type.Integer(), from: Side, kind: MessageKind, preview: Type.String({ description: 'masked, at most 60 characters' }), createdAt: DateTime }),
    Type.Null(),
  ]),
  unread: Type.Integer({ minimum: 0, description: "the other side's messages the viewer has not read" }),
  waitingSince: Type.Optional(NullableDateTime),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export const ConversationResponse = Type.Object({ conversation: Conversation });
export const ConversationList = Type.Object({
  items: Type.Array(Conversation),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  unreadTotal: Type.Integer({ minimum: 0 }),
});
export const MessagePage = Type.Object({
  items: Type.Array(Message),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  unread: Type.Integer({ minimum: 0 }),
  /** The other side's receipt: messages up to this seq are read. */
  otherReadSeq: Type.Integer({ minimum: 0 }),
});

export const ListQuery = Query({ ...PageQuery });

export const SendBody = Body({
  kind: MessageKind,
  text: Type.Optional(Paragraphs(MESSAGE_TEXT_MAX)),
  image: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'URL of an image you uploaded (POST /uploads)' })),
  productId: Type.Optional(Id),
  orderId: Type.Optional(Id),
});

export const ReadBody = Body({ upToSeq: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })) });

export const EventsQuery = Query({ lastEventId: Type.Optional(Type.String({ maxLength: 12, pattern: '^[0-9]{1,10}$', description: 'for clients that cannot send the Last-Event-ID header' })) });

export const QuickReply = Type.Object({ id: Type.String(), text: Type.String(), createdAt: DateTime });
export const QuickReplyBody = Body({ text: Text({ minLength: 1, maxLength: QUICK_REPLY_MAX }) });
export const QuickReplyResponse = Type.Object({ quickReply: QuickReply });
export const QuickReplyList = Type.Object({ items: Type.Array(QuickReply) });

/** What the storefront shows about answering (GET /operators/:id). */
export const ChatStats = Type.Object({
  firstResponseSeconds: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: "mean time to the shop's first reply over the last 30 days; null without any" }),
  sampleSize: Type.Integer({ minimum: 0 }),
});

export const EventStream = Type.String({ description: 'text/event-stream' });
