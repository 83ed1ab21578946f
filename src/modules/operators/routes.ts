/** HTTP for operators and service providers (API.md "Operators and service providers"). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { IdParams, Page, problems } from '../../http/schemas.js';
import { instant } from '../../http/validation.js';
import { registerCsv } from './register-csv.js';
import * as S from './schema.js';
import type { OperatorsService } from './service.js';

/** The shop's detailed seller ratings over the last 180 days (reviews module), null without reviews. */
export type OperatorScores = (operatorId: string) => Promise<{ item: number; service: number; delivery: number; count: number } | null>;

export function registerOperatorsRoutes(untyped: FastifyInstance, deps: { operators: OperatorsService; scores: OperatorScores; chat: (operatorId: string) => Promise<{ firstResponseSeconds: number | null; sampleSize: number }> }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  const { operators } = deps;
  const tags = ['operators'];
  const admin = { auth: 'admin' } as const;

  app.post('/operators', { config: { auth: 'user' }, schema: { tags, body: S.OperatorBody, response: { 201: S.OperatorResponse, ...problems } } }, async (request, reply) => {
    const operator = await operators.register(request.auth!.userId, request.body);
    return reply.status(201).send({ operator });
  });

  app.get('/operators/:id', { schema: { tags, summary: 'Public storefront with the disclosure the law requires (R1) and its ratings over 180 days', params: IdParams, response: { 200: S.Storefront, ...problems } } }, async (request) => {
    const storefront = await operators.storefront(request.params.id);
    return { ...storefront, scores: await deps.scores(storefront.id), chat: await deps.chat(storefront.id) };
  });

  app.get('/operators/:id/manage', { config: { auth: 'user' }, schema: { tags, summary: "The owner's view: status, rejection reason, re-verification, closure", params: IdParams, response: { 200: S.OperatorResponse, ...problems } } }, async (request) => ({
    operator: await operators.operatorForOwner(request.auth!.userId, request.params.id),
  }));

  app.post(
    '/operators/:id/closure',
    { config: { auth: 'user' }, schema: { tags, summary: 'Announce closure at least 30 days ahead (R2)', params: IdParams, body: S.ClosureBody, response: { 200: S.OperatorResponse, ...problems } } },
    async (request) => ({ operator: await operators.announceClosure(request.auth!.userId, request.params.id, instant(request.body.effectiveAt, '/body/effectiveAt')) }),
  );

  app.post('/service-providers', { config: { auth: 'user' }, schema: { tags, body: S.ServiceProviderBody, response: { 201: S.ServiceProviderResponse, ...problems } } }, async (request, reply) => {
    const serviceProvider = await operators.registerServiceProvider(request.auth!.userId, request.body);
    return reply.status(201).send({ serviceProvider });
  });

  app.get('/me/registrations', { config: { auth: 'user' }, schema: { tags, summary: 'My shop and service-provider registrations, with outcome and reason', response: { 200: S.Registrations, ...problems } } }, async (request) =>
    operators.registrationsOf(request.auth!.userId),
  );

  const adminTags = ['admin'];
  app.get(
    '/admin/operators',
    { config: admin, schema: { tags: adminTags, summary: 'Review queue (oldest first); reading it is logged as personal-data access', querystring: S.ReviewQuery, response: { 200: Page(S.OperatorReview), ...problems } } },
    async (request) => operators.reviewQueue(request.auth!.userId, { status: request.query.status, limit: request.query.limit ?? 20, cursor: request.query.cursor }),
  );
  app.post('/admin/operators/:id/approve', { config: admin, schema: { tags: adminTags, params: IdParams, response: { 200: S.OperatorResponse, ...problems } } }, async (request) => ({
    operator: await operators.approve(request.auth!.userId, request.params.id),
  }));
  app.post('/admin/operators/:id/reject', { config: admin, schema: { tags: adminTags, params: IdParams, body: S.RejectBody, response: { 200: S.OperatorResponse, ...problems } } }, async (request) => ({
    operator: await operators.reject(request.auth!.userId, request.params.id, request.body.reason),
  }));
  app.post('/admin/operators/:id/reverify', { config: admin, schema: { tags: adminTags, summary: 'Record a re-verification (R3)', params: IdParams, response: { 200: S.OperatorResponse, ...problems } } }, async (request) => ({
    operator: await operators.reverify(request.auth!.userId, request.params.id),
  }));

  app.get(
    '/admin/service-providers',
    { config: admin, schema: { tags: adminTags, querystring: S.ReviewQuery, response: { 200: Page(S.ServiceProviderReview), ...problems } } },
    async (request) => operators.serviceProviderQueue(request.auth!.userId, { status: request.query.status, limit: request.query.limit ?? 20, cursor: request.query.cursor }),
  );
  app.post('/admin/service-providers/:id/approve', { config: admin, schema: { tags: adminTags, params: IdParams, response: { 200: S.ServiceProviderResponse, ...problems } } }, async (request) => ({
    serviceProvider: await operators.decideServiceProvider(request.auth!.userId, request.params.id, { approve: true }),
  }));
  app.post('/admin/service-providers/:id/reject', { config: admin, schema: { tags: adminTags, params: IdParams, body: S.RejectBody, response: { 200: S.ServiceProviderResponse, ...problems } } }, async (request) => ({
    serviceProvider: await operators.decideServiceProvider(request.auth!.userId, request.params.id, { approve: false, reason: request.body.reason }),
  }));
}

/** The register of operators and service providers for regulators: public disclosure fields and status, nothing more. */
export function registerRegulatorRoutes(untyped: FastifyInstance, deps: { operators: OperatorsService }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/regulator/operators.csv',
    {
      config: { auth: 'regulator' },
      schema: { tags: ['regulator'], summary: 'CSV register of operators and service providers (UTF-8 with BOM)', produces: ['text/csv'], response: { 200: Type.String(), ...problems } },
    },
    async (request, reply) => {
      const csv = registerCsv(await deps.operators.registerFor(request.auth!.userId));
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="agora-operators.csv"').send(csv);
    },
  );
}
