import { Type } from 'typebox';
import { Body, PageQuery, Paragraphs, Query, Text } from '../../http/schemas.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Fraction = (description: string) => Type.Number({ minimum: 0, maximum: 1, description });
const ImageUrl = Type.String({ minLength: 1, maxLength: 200, description: 'a URL returned by POST /uploads' });
const Title = Text({ minLength: 1, maxLength: 40 });
/** API.md: a note's body is up to 1,000 characters. */
export const MAX_BODY = 1000;

const TagBody = Body({
  productId: Id,
  skuId: Type.Optional(Id),
  x: Fraction('0 = left edge, 1 = right edge of the image'),
  y: Fraction('0 = top edge, 1 = bottom edge of the image'),
});
const ImageBody = Body({ url: ImageUrl, tags: Type.Array(TagBody, { maxItems: 10 }) });
const Images = Type.Array(ImageBody, { minItems: 1, maxItems: 9 });

export const NoteBody = Body({
  title: Title,
  body: Paragraphs(MAX_BODY),
  images: Images,
  sponsoredBy: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'R8: the operator that paid for this note; it confirms, then the note is labelled 「广告」' })),
});
export const NotePatch = Type.Object(
  { title: Type.Optional(Title), body: Type.Optional(Paragraphs(MAX_BODY)), images: Type.Optional(Images) },
  { additionalProperties: false, minProperties: 1, description: 'R8: the sponsorship is not editable' },
);
export const CommentBody = Body({ body: Paragraphs(500), parentId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'a top-level comment to reply to' })) });
export const ReasonBody = Body({ reason: Text({ minLength: 2, maxLength: 200 }) });

export const NoteTagParams = Type.Object({ id: Id, tagId: Id }, { additionalProperties: false });
export const SponsorshipParams = Type.Object({ id: Id, noteId: Id }, { additionalProperties: false });

export const FeedQuery = Query({
  tab: Type.Optional(Type.Union([Type.Literal('following'), Type.Literal('discover')], { default: 'discover' })),
  personalised: Type.Optional(Type.Boolean({ description: 'discover: false gives the non-personalised ranking everyone gets (R6)' })),
  ...PageQuery,
});
export const ReportsQuery = Query({ status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved')])), ...PageQuery });

const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Person = Type.Object({ id: Type.String(), displayName: Type.String() });

export const Note = Type.Object({
  id: Type.String(),
  title: Type.String(),
  body: Type.String(),
  hashtags: Type.Array(Type.String()),
  images: Type.Array(Type.String()),
  author: Person,
  tags: Type.Array(
    Type.Object({
      id: Type.String(),
      image: Type.Integer({ description: 'index in images' }),
      x: Type.Number(),
      y: Type.Number(),
      productId: Type.String(),
      skuId: Nullable(Type.String()),
      product: Type.Object({ id: Type.String(), title: Type.String(), price: Type.Integer({ description: 'fen; the SKU’s price, or the lowest' }) }),
      verifiedPurchase: Type.Boolean({ description: 'R11: the author received an order for this product' }),
    }),
  ),
  likes: Type.Integer(),
  collects: Type.Integer(),
  comments: Type.Integer(),
  isAd: Type.Boolean({ description: 'R8: a sponsorship the operator confirmed' }),
  adLabel: Nullable(Type.String({ description: '「广告」 when isAd' })),
  sponsor: Nullable(Type.Object({ operatorId: Type.String(), shopName: Type.String(), status: Type.Union([Type.Literal('pending'), Type.Literal('confirmed')]) })),
  liked: Type.Boolean(),
  collected: Type.Boolean(),
  hidden: Type.Boolean(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export const NoteResponse = Type.Object({ note: Note });

const CommentFields = {
  id: Type.String(),
  noteId: Type.String(),
  parentId: Nullable(Type.String()),
  author: Person,
  body: Type.String(),
  createdAt: DateTime,
};
export const Comment = Type.Object(CommentFields);
export const CommentWithReplies = Type.Object({ ...CommentFields, replies: Type.Array(Comment) });

export const Profile = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  notes: Type.Integer(),
  followers: Type.Integer(),
  following: Type.Integer(),
  likesAndCollects: Type.Integer(),
  followedByMe: Type.Boolean(),
});
export const Follower = Type.Object({ id: Type.String(), displayName: Type.String(), followedAt: DateTime });

export const Sponsorship = Type.Object({ note: Note, status: Type.Union([Type.Literal('pending'), Type.Literal('confirmed')]), requestedAt: DateTime, confirmedAt: Nullable(DateTime) });

export const Report = Type.Object({
  id: Type.String(),
  noteId: Type.String(),
  reporterId: Type.String(),
  reason: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('resolved')]),
  resolution: Nullable(Type.String()),
  createdAt: DateTime,
  resolvedAt: Nullable(DateTime),
});
export const QueuedReport = Type.Object({
  ...Report.properties,
  note: Nullable(Type.Object({ id: Type.String(), title: Type.String(), authorId: Type.String(), hidden: Type.Boolean() })),
});
