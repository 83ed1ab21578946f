/** The reviews module's HTTP shapes (API.md "Reviews, tracking, after-sales"). */
import { Type } from 'typebox';
import { Body, Paragraphs, PageQuery, Query, Text } from '../../http/schemas.js';
import { APPEAL_REASONS } from './tables.js';

const DateTime = Type.String({ format: 'date-time' });
const Rating = (description: string) => Type.Integer({ minimum: 1, maximum: 5, description });
const Images = Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 9, description: 'URLs of images you uploaded (POST /uploads), at most 9, each once' });

/** The words shown for an anonymous author (never the account's name or id). */
export const ANONYMOUS_NAME = '匿名买家';

export const ReviewBody = Body({
  rating: Rating('the item, 1–5 stars'),
  serviceRating: Rating("the shop's service, 1–5"),
  deliveryRating: Rating('the delivery, 1–5'),
  text: Type.Optional(Paragraphs(1000)),
  images: Type.Optional(Images),
  anonymous: Type.Optional(Type.Boolean({ description: 'show 「匿名买家」 instead of my name, to everyone (the shop too)' })),
});

export const FollowUpBody = Body({ text: Paragraphs(1000), images: Type.Optional(Images) });
export const ReplyBody = Body({ text: Paragraphs(500) });

// The same list as APPEAL_REASONS (tables.ts), spelled out so the type keeps each value.
export const AppealReason = Type.Union([Type.Literal('abusive'), Type.Literal('advertising'), Type.Literal('privacy'), Type.Literal('irrelevant'), Type.Literal('fraud')], {
  description: `why the review should be hidden: ${APPEAL_REASONS.join(', ')}`,
});
export const AppealBody = Body({ reason: AppealReason, detail: Paragraphs(1000) });
export const DecisionBody = Body({ reason: Text({ minLength: 1, maxLength: 500, description: 'why; the buyer (upheld) and the shop read it' }) });

export const ItemReviewParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }), itemId: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);

export const ProductReviewsQuery = Query({
  sort: Type.Optional(Type.Union([Type.Literal('newest'), Type.Literal('helpful')], { description: 'newest (default) or most helpful first' })),
  filter: Type.Optional(Type.Union([Type.Literal('photos'), Type.Literal('low')], { description: 'photos: with images; low: rating ≤ 2' })),
  ...PageQuery,
});

export const OperatorReviewsQuery = Query({
  unreplied: Type.Optional(Type.Boolean({ description: 'only reviews the shop has not replied to' })),
  ...PageQuery,
});

const AppealStatus = Type.Union([Type.Literal('open'), Type.Literal('upheld'), Type.Literal('rejected')]);
export const AppealsQuery = Query({ status: Type.Optional(AppealStatus), ...PageQuery });

const Author = Type.Object({
  name: Type.String({ description: 'the display name, 「匿名买家」 when anonymous, or the erasure pseudonym' }),
  anonymous: Type.Boolean(),
  avatar: Type.Optional(Type.String()),
});

const ReviewProperties = {
  id: Type.String(),
  productId: Type.String(),
  rating: Type.Integer({ minimum: 1, maximum: 5 }),
  serviceRating: Type.Integer({ minimum: 1, maximum: 5 }),
  deliveryRating: Type.Integer({ minimum: 1, maximum: 5 }),
  text: Type.String(),
  images: Type.Array(Type.String()),
  author: Author,
  sku: Type.String({ description: 'the name of the SKU bought' }),
  verifiedPurchase: Type.Literal(true, { description: 'R11: every review comes from a received order' }),
  isDefault: Type.Boolean({ description: '默认好评: recorded automatically 15 days after receipt' }),
  helpfulCount: Type.Integer({ minimum: 0 }),
  helpedByMe: Type.Boolean({ description: 'the signed-in caller marked it helpful (false when signed out)' }),
  reply: Type.Union([Type.Object({ text: Type.String(), at: DateTime }), Type.Null()], { description: "the shop's one public reply" }),
  followUp: Type.Union([Type.Object({ text: Type.String(), images: Type.Array(Type.String()), at: DateTime }), Type.Null()], { description: "the buyer's one follow-up (追评)" }),
  createdAt: DateTime,
};

/** A review as anyone reads it (product page). */
export const Review = Type.Object(ReviewProperties);

/** One review by id: `mine` and the follow-up window for its author (anonymity holds for everyone else). */
export const ReviewDetail = Type.Object({
  ...ReviewProperties,
  mine: Type.Boolean({ description: 'the caller wrote it' }),
  canFollowUp: Type.Boolean({ description: 'the caller is the author and may still write the one follow-up' }),
  followUpUntil: Type.Union([DateTime, Type.Null()], { description: 'to its author: the follow-up may be written until then (null otherwise)' }),
});

/** The author's own review, with what it may still do. */
export const OwnReview = Type.Object({
  ...ReviewProperties,
  orderId: Type.String(),
  orderItemId: Type.String(),
  anonymous: Type.Boolean(),
  followUpUntil: Type.Union([DateTime, Type.Null()], { description: 'the follow-up may be written until then (null once written)' }),
});

/** A review in the shop's console: which product, whether it replied, any appeal. */
export const ShopReview = Type.Object({
  ...ReviewProperties,
  productTitle: Type.String(),
  appeal: Type.Union([Type.Object({ id: Type.String(), status: AppealStatus }), Type.Null()], { description: "the shop's latest appeal on it" }),
});

export const Appeal = Type.Object({
  id: Type.String(),
  reviewId: Type.String(),
  operatorId: Type.String(),
  reason: AppealReason,
  detail: Type.String(),
  status: AppealStatus,
  decisionReason: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([DateTime, Type.Null()]),
  createdAt: DateTime,
  review: Review,
});

export const Helpful = Type.Object({ helpfulCount: Type.Integer({ minimum: 0 }), helpedByMe: Type.Boolean() });
