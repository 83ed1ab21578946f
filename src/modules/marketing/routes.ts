/** HTTP for marketing messages (API.md "Privacy"): validate, call the service, answer 202. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { requireRole } from '../../http/auth.js';
import { IdParams, problems } from '../../http/schemas.js';
import * as S from './schema.js';
import type { MarketingService } from './service.js';

export function registerMarketingRoutes(untyped: FastifyInstance, deps: { marketing: MarketingService }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  const { marketing } = deps;
  const tags = ['privacy'];
  app.post(
    '/admin/marketing-messages',
    {
      config: { auth: 'admin', idempotent: true },
      schema: {
        tags: ['admin', ...tags],
        summary: 'An SMS to every user who granted `marketing`; each recipient is a job that checks the consent again when it sends',
        body: S.MessageBody,
        response: { 202: S.MessageResponse, ...problems },
      },
    },
    async (request, reply) => reply.status(202).send({ message: await marketing.sendAsPlatform(requireRole(request, 'admin').userId, request.body) }),
  );
  app.post(
    '/operators/:id/marketing-messages',
    {
      config: { auth: 'user', idempotent: true },
      schema: {
        tags,
        summary: "The shop's SMS, through the platform, to its past buyers who granted `share_with_operator_marketing`; never who or their numbers",
        params: IdParams,
        body: S.MessageBody,
        response: { 202: S.MessageResponse, ...problems },
      },
    },
    async (request, reply) => reply.status(202).send({ message: await marketing.sendAsOperator(request.auth!.userId, request.params.id, request.body) }),
  );
}
