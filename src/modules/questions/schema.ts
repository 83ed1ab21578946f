/** 问大家's HTTP shapes (API.md "问大家"). */
import { Type } from 'typebox';
import { Body, PageQuery, Query, Text } from '../../http/schemas.js';

const DateTime = Type.String({ format: 'date-time' });

/** The words shown for an anonymous asker (never the account's name or id). */
export const ANONYMOUS_NAME = '匿名用户';
/** Top answers shown with each question of a list. */
export const TOP_ANSWERS = 2;

export const QuestionBody = Body({
  text: Text({ minLength: 5, maxLength: 300, description: 'the question, 5–300 characters' }),
  anonymous: Type.Optional(Type.Boolean({ description: 'show 「匿名用户」 instead of my name, to everyone (the shop too)' })),
});
/** An answer may have several lines (newlines and tabs, no other control characters). */
export const AnswerBody = Body({ text: Type.String({ minLength: 2, maxLength: 500, pattern: '^(?:[^\\p{Cc}]|[\\n\\r\\t])*$', description: 'the answer, 2–500 characters' }) });
export const ReportBody = Body({ reason: Text({ minLength: 1, maxLength: 500, description: 'what is wrong with it' }) });
export const HideBody = Body({ reason: Text({ minLength: 1, maxLength: 500, description: 'why the platform hides it (audited)' }) });

export const ProductQuestionsQuery = Query({
  sort: Type.Optional(Type.Union([Type.Literal('newest'), Type.Literal('useful')], { description: 'newest (default) or most useful first (by its answers’ useful votes)' })),
  ...PageQuery,
});
export const AnswersQuery = Query({ ...PageQuery });
export const ReportsQuery = Query({ ...PageQuery });

export const Answer = Type.Object({
  id: Type.String(),
  questionId: Type.String(),
  text: Type.String(),
  author: Type.Object({ name: Type.String({ description: 'the display name (or the erasure pseudonym); the shop’s name for byShop' }) }),
  byShop: Type.Boolean({ description: 'written by the product’s shop' }),
  verifiedPurchase: Type.Boolean({ description: 'R11: the author received an order of this product' }),
  sku: Type.Union([Type.String(), Type.Null()], { description: 'the SKU the author bought (buyers’ answers)' }),
  usefulCount: Type.Integer({ minimum: 0 }),
  usefulByMe: Type.Boolean({ description: 'the signed-in caller found it useful (false when signed out)' }),
  createdAt: DateTime,
});

const QuestionProperties = {
  id: Type.String(),
  productId: Type.String(),
  text: Type.String(),
  asker: Type.String({ description: 'the asker’s display name, 「匿名用户」 when anonymous, or the erasure pseudonym' }),
  anonymous: Type.Boolean(),
  answerCount: Type.Integer({ minimum: 0 }),
  usefulCount: Type.Integer({ minimum: 0, description: 'Σ useful votes of its answers' }),
  answers: Type.Array(Answer, { description: 'the top 2 answers, most useful first' }),
  mine: Type.Boolean({ description: 'the caller asked it' }),
  answeredByMe: Type.Boolean({ description: 'the caller answered it already (one answer each)' }),
  createdAt: DateTime,
};
export const Question = Type.Object(QuestionProperties);

export const QuestionPage = Type.Object({
  items: Type.Array(Question),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  total: Type.Integer({ minimum: 0, description: 'the product’s visible questions (a kept counter)' }),
});

/** One question with a page of its answers; `canAnswer` is the server's decision for the caller. */
export const QuestionDetail = Type.Object({
  ...QuestionProperties,
  productTitle: Type.String(),
  canAnswer: Type.Boolean({ description: 'the caller may answer: a buyer who received the product, or its shop, not yet answered' }),
  answerPage: Type.Object({ items: Type.Array(Answer), nextCursor: Type.Union([Type.String(), Type.Null()]) }),
});

export const Useful = Type.Object({ usefulCount: Type.Integer({ minimum: 0 }), usefulByMe: Type.Boolean() });

export const Report = Type.Object({
  id: Type.String(),
  targetType: Type.Union([Type.Literal('question'), Type.Literal('answer')]),
  targetId: Type.String(),
  questionId: Type.String(),
  reason: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('resolved')]),
  createdAt: DateTime,
});
/** The admin queue: the report and the text reported. */
export const QueuedReport = Type.Object({ ...Report.properties, text: Type.String({ description: 'the question’s or answer’s text' }), productId: Type.String() });
