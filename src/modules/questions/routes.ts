/**
 * HTTP for 问大家 (API.md "问大家"). R11: there is no DELETE or PATCH of a question or
 * an answer for anyone; only the platform hides one (/admin/…/hide).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { IdParams, NoContent, Page, problems } from '../../http/schemas.js';
import * as S from './schema.js';
import type { QuestionsService } from './service.js';

export function registerQuestionsRoutes(untyped: FastifyInstance, deps: { questions: QuestionsService }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  const { questions } = deps;
  const tags = ['questions'];
  /** A double tap must not ask, answer or report twice. */
  const acting = { auth: 'user', idempotent: true } as const;
  const admin = { auth: 'admin', idempotent: true } as const;

  app.post(
    '/products/:id/questions',
    {
      config: acting,
      schema: {
        tags,
        summary: 'Ask about a product (anyone signed in; 422 PROHIBITED_CONTENT; 429 QUESTION_LIMIT_REACHED after 10 in 24 hours). Recent buyers who agreed (qa_invitations) are invited to answer',
        params: IdParams,
        body: S.QuestionBody,
        response: { 201: Type.Object({ question: S.Question }), ...problems },
      },
    },
    async (request, reply) => reply.status(201).send({ question: await questions.ask(request.auth!.userId, request.params.id, request.body) }),
  );
  app.get(
    '/products/:id/questions',
    {
      schema: {
        tags,
        summary: 'A product’s questions with their top 2 answers, newest or most useful first, and the total',
        params: IdParams,
        querystring: S.ProductQuestionsQuery,
        response: { 200: S.QuestionPage, ...problems },
      },
    },
    async (request) => questions.ofProduct(request.params.id, { ...request.query, limit: request.query.limit ?? 20 }, request.auth?.userId),
  );
  app.get(
    '/questions/:id',
    {
      schema: {
        tags,
        summary: 'One question and a page of its answers, most useful first; `canAnswer` says whether the caller may answer',
        params: IdParams,
        querystring: S.AnswersQuery,
        response: { 200: S.QuestionDetail, ...problems },
      },
    },
    async (request) => questions.get(request.params.id, { ...request.query, limit: request.query.limit ?? 20 }, request.auth?.userId),
  );
  app.post(
    '/questions/:id/answers',
    {
      config: acting,
      schema: {
        tags,
        summary: 'Answer once: a buyer who received the product (marked with the SKU bought) or its shop (403 NOT_A_BUYER, 409 ALREADY_ANSWERED, 422 PROHIBITED_CONTENT)',
        params: IdParams,
        body: S.AnswerBody,
        response: { 201: Type.Object({ answer: S.Answer }), ...problems },
      },
    },
    async (request, reply) => reply.status(201).send({ answer: await questions.answer(request.auth!.userId, request.params.id, request.body) }),
  );
  for (const [method, useful, summary] of [
    ['POST', true, 'Mark an answer useful (once per user; idempotent)'],
    ['DELETE', false, 'Take back: useful (idempotent)'],
  ] as const) {
    app.route({
      method,
      url: '/answers/:id/useful',
      config: { auth: 'user' },
      schema: { tags, summary, params: IdParams, response: { 200: S.Useful, ...problems } },
      handler: async (request) => questions.useful(request.auth!.userId, (request.params as { id: string }).id, useful),
    });
  }
  for (const target of ['question', 'answer'] as const) {
    app.post(
      `/${target}s/:id/reports`,
      {
        config: acting,
        schema: { tags, summary: `Report a${target === 'answer' ? 'n' : ''} ${target} to the platform (once per person; again returns the first report)`, params: IdParams, body: S.ReportBody, response: { 201: Type.Object({ report: S.Report }), ...problems } },
      },
      async (request, reply) => reply.status(201).send({ report: await questions.report(request.auth!.userId, target, request.params.id, request.body.reason) }),
    );
    app.post(
      `/admin/${target}s/:id/hide`,
      {
        config: admin,
        schema: { tags: ['admin', ...tags], summary: `R11: the platform hides a${target === 'answer' ? 'n' : ''} ${target}, with a reason (audited); shops cannot`, params: IdParams, body: S.HideBody, response: { 204: NoContent, ...problems } },
      },
      async (request, reply) => {
        await questions.hide(request.auth!.userId, target, request.params.id, request.body.reason);
        return reply.status(204).send(null);
      },
    );
  }
  app.get(
    '/admin/question-reports',
    { config: { auth: 'admin' }, schema: { tags: ['admin', ...tags], summary: 'Open reports of questions and answers, oldest first, with the text reported', querystring: S.ReportsQuery, response: { 200: Page(S.QueuedReport), ...problems } } },
    async (request) => questions.reports({ ...request.query, limit: request.query.limit ?? 20 }),
  );
}
