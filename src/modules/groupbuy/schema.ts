/** Request and response shapes of the group-buy routes (API.md "Group buys"). */
import { Type } from 'typebox';
import { Body } from '../../http/schemas.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Fen = Type.Integer({ minimum: 1, maximum: 100_000_000_00, description: 'fen (¥0.01)' });
const Time = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const SkuParams = Type.Object({ productId: Id, skuId: Id }, { additionalProperties: false });

export const OfferBody = Body({ groupPrice: Fen, groupSize: Type.Integer({ minimum: 2, maximum: 10, description: 'RULES.md: 2–10 members' }) });

export const Offer = Type.Object({ skuId: Type.String(), skuName: Type.String(), price: Type.Integer(), groupPrice: Type.Integer(), groupSize: Type.Integer() });

export const OpenGroup = Type.Object({
  id: Type.String(),
  skuId: Type.String(),
  groupPrice: Type.Integer(),
  groupSize: Type.Integer(),
  paidMembers: Type.Integer(),
  seatsLeft: Type.Integer(),
  expiresAt: Time,
  initiator: Type.Object({ displayName: Type.String() }),
});

export const Offers = Type.Object({ offers: Type.Array(Offer), openGroups: Type.Array(OpenGroup, { description: 'formed groups with seats left, closing soonest first' }) });

export const GroupBuy = Type.Object({
  id: Type.String(),
  skuId: Type.String(),
  productId: Type.String(),
  groupSize: Type.Integer(),
  groupPrice: Type.Integer({ description: 'fen' }),
  paidMembers: Type.Integer(),
  seatsLeft: Type.Integer({ description: 'seats another buyer can take now (0 until the initiator has paid, and once complete or expired)' }),
  status: Type.Union([Type.Literal('forming'), Type.Literal('complete'), Type.Literal('expired')]),
  formedAt: Nullable(Time),
  expiresAt: Type.String({ format: 'date-time', description: "the initiator's payment deadline until the group forms, then 24 h after it formed" }),
  completedAt: Nullable(Time),
  serverTime: Type.String({ format: 'date-time', description: 'for the countdown: the server’s clock when this was read' }),
  members: Type.Array(Type.Object({ displayName: Type.String(), paid: Type.Boolean(), initiator: Type.Boolean() })),
  product: Type.Object({ id: Type.String(), title: Type.String(), image: Nullable(Type.String()), skuName: Nullable(Type.String()), price: Nullable(Type.Integer()) }),
});

export const OpenBody = Body({ skuId: Id, quantity: Type.Optional(Type.Literal(1, { description: 'one unit per seat' })), addressId: Id });
export const JoinBody = Body({ addressId: Id });
