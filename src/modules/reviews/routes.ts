/** HTTP for reviews and ratings (API.md "Reviews, tracking, after-sales"). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { IdParams, Page, problems } from '../../http/schemas.js';
import * as S from './schema.js';
import type { ReviewsService } from './service.js';

export function registerReviewsRoutes(untyped: FastifyInstance, deps: { reviews: ReviewsService }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  const { reviews } = deps;
  const tags = ['reviews'];
  /** A double tap must not review, follow up, reply or appeal twice. */
  const acting = { auth: 'user', idempotent: true } as const;
  const admin = { auth: 'admin', idempotent: true } as const;

  app.post(
    '/orders/:id/items/:itemId/review',
    {
      config: acting,
      schema: {
        tags,
        summary: 'The buyer reviews a received order item, once, within 15 days of receipt (409 NOT_RECEIVED, ALREADY_REVIEWED, REVIEW_WINDOW_CLOSED)',
        params: S.ItemReviewParams,
        body: S.ReviewBody,
        response: { 201: Type.Object({ review: S.OwnReview }), ...problems },
      },
    },
    async (request, reply) => reply.status(201).send({ review: await reviews.review(request.auth!.userId, request.params.id, request.params.itemId, request.body) }),
  );
  app.get(
    '/reviews/:id',
    { schema: { tags, summary: 'One visible review (its author also learns whether it may still follow up)', params: IdParams, response: { 200: S.ReviewDetail, ...problems } } },
    async (request) => reviews.get(request.params.id, request.auth?.userId),
  );
  app.post(
    '/reviews/:id/follow-up',
    {
      config: acting,
      schema: { tags, summary: "The author's one follow-up (追评), within 180 days of the review (409 ALREADY_FOLLOWED_UP, FOLLOW_UP_WINDOW_CLOSED)", params: IdParams, body: S.FollowUpBody, response: { 200: Type.Object({ review: S.OwnReview }), ...problems } },
    },
    async (request) => ({ review: await reviews.followUp(request.auth!.userId, request.params.id, request.body) }),
  );
  app.post(
    '/reviews/:id/reply',
    {
      config: acting,
      schema: { tags, summary: "The shop's one public reply (409 ALREADY_REPLIED). R11: a shop can neither edit, hide nor delete a review", params: IdParams, body: S.ReplyBody, response: { 200: Type.Object({ review: S.ShopReview }), ...problems } },
    },
    async (request) => ({ review: await reviews.reply(request.auth!.userId, request.params.id, request.body) }),
  );
  app.post(
    '/reviews/:id/appeals',
    {
      config: acting,
      schema: { tags, summary: 'R11: the shop asks the platform to hide a review (one open appeal per review: 409 APPEAL_OPEN)', params: IdParams, body: S.AppealBody, response: { 201: Type.Object({ appeal: S.Appeal }), ...problems } },
    },
    async (request, reply) => reply.status(201).send({ appeal: await reviews.appeal(request.auth!.userId, request.params.id, request.body) }),
  );
  for (const [method, helpful, summary] of [
    ['POST', true, 'Mark a review helpful (once per user; idempotent)'],
    ['DELETE', false, 'Take back: helpful (idempotent)'],
  ] as const) {
    app.route({
      method,
      url: '/reviews/:id/helpful',
      config: { auth: 'user' },
      schema: { tags, summary, params: IdParams, response: { 200: S.Helpful, ...problems } },
      handler: async (request) => reviews.helpful(request.auth!.userId, (request.params as { id: string }).id, helpful),
    });
  }
  app.get(
    '/products/:id/reviews',
    {
      schema: {
        tags,
        summary: 'Visible reviews of a product: newest or most helpful first; photos (with images) or low (rating ≤ 2) only',
        params: IdParams,
        querystring: S.ProductReviewsQuery,
        response: { 200: Page(S.Review), ...problems },
      },
    },
    async (request) => reviews.ofProduct(request.params.id, { ...request.query, limit: request.query.limit ?? 20 }, request.auth?.userId),
  );
  app.get(
    '/operators/:id/reviews',
    {
      config: { auth: 'user' },
      schema: { tags, summary: "The shop's reviews, newest first (its owner only; anonymous stays anonymous)", params: IdParams, querystring: S.OperatorReviewsQuery, response: { 200: Page(S.ShopReview), ...problems } },
    },
    async (request) => reviews.ofOperator(request.auth!.userId, request.params.id, { ...request.query, limit: request.query.limit ?? 20 }),
  );
  app.get(
    '/admin/review-appeals',
    { config: { auth: 'admin' }, schema: { tags: ['admin', ...tags], summary: "Shops' appeals to hide reviews, oldest first", querystring: S.AppealsQuery, response: { 200: Page(S.Appeal), ...problems } } },
    async (request) => reviews.appeals({ ...request.query, limit: request.query.limit ?? 20 }),
  );
  for (const [action, summary] of [
    ['uphold', 'R11: the platform hides the review (out of lists and ratings); the buyer is told why, the shop the outcome'],
    ['reject', 'The review stays; the shop is told why'],
  ] as const) {
    app.post(
      `/admin/review-appeals/:id/${action}`,
      { config: admin, schema: { tags: ['admin', ...tags], summary, params: IdParams, body: S.DecisionBody, response: { 200: Type.Object({ appeal: S.Appeal }), ...problems } } },
      async (request) => ({ appeal: await reviews.decide(request.auth!.userId, request.params.id, action === 'uphold', request.body.reason) }),
    );
  }
}
