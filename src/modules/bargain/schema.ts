import { Type } from 'typebox';
import { Body } from '../../http/schemas.js';

const Fen = (description: string) => Type.Integer({ description: `${description}, fen (¥0.01)` });
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });

export const Rules = Type.Object(
  {
    price: Fen('the price a bargain starts from'),
    floor: Fen('the lowest price helps can reach'),
    maxHelpers: Type.Integer({ description: 'the most helps needed to reach the floor: the N-th reaches it exactly' }),
    durationHours: Type.Integer(),
    helpsPerHelperPerBargain: Type.Integer(),
    helpsPerHelperPerDay: Type.Integer({ description: 'per Beijing calendar day' }),
    selfHelpAllowed: Type.Boolean(),
    verifiedPhoneRequired: Type.Boolean(),
    ordersPerBargain: Type.Integer(),
    paymentWindowMinutes: Type.Integer(),
    cutFormula: Bilingual,
    zh: Type.Array(Type.String()),
    en: Type.Array(Type.String()),
  },
  { description: 'R13: the rules in full, published before a bargain starts' },
);

export const Offer = Type.Object({ skuId: Type.String(), skuName: Type.String(), productId: Type.String(), price: Type.Integer(), floor: Type.Integer(), maxHelpers: Type.Integer(), rules: Rules });

const Person = Type.Object({ id: Type.String(), displayName: Type.String() });

export const Bargain = Type.Object({
  id: Type.String(),
  skuId: Type.String(),
  productId: Type.String(),
  title: Type.String(),
  skuName: Type.String(),
  image: Type.String(),
  owner: Person,
  price: Fen('the price it started from'),
  floor: Fen('the lowest it can go'),
  current: Fen('the price now: what an order costs'),
  remaining: Fen('R14: current − floor, exact (还差 ¥x.xx); never a percentage'),
  maxHelpers: Type.Integer(),
  helpers: Type.Integer({ description: 'helps so far' }),
  status: Type.Union([Type.Literal('active'), Type.Literal('ordered'), Type.Literal('expired')]),
  orderId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  helps: Type.Array(Type.Object({ helper: Person, cut: Fen('what this help cut'), at: Type.String({ format: 'date-time' }) })),
  rules: Rules,
});

export const OfferParams = Type.Object({ id: Id, skuId: Id }, { additionalProperties: false });
export const SkuParams = Type.Object({ skuId: Id }, { additionalProperties: false });
export const OfferBody = Body({
  floor: Type.Integer({ minimum: 0, maximum: 100_000_000_00, description: 'the lowest price, fen; may be 0' }),
  maxHelpers: Type.Integer({ minimum: 1, maximum: 100, description: 'the most helps to reach the floor; price − floor ≥ maxHelpers' }),
});
export const StartBody = Body({ skuId: Id });
export const OrderBody = Body({ addressId: Id });
export const HelpResponse = Type.Object({ cut: Fen('what this help cut'), current: Fen('the price now'), remaining: Fen('current − floor') });
