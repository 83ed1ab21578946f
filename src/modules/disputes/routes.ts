/** HTTP for disputes (API.md "Disputes"). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { IdParams, Page, problems } from '../../http/schemas.js';
import type { LedgerLine } from '../ledger/index.js';
import { OrderSchema, type OrderView } from '../orders/index.js';
import { DISPUTE_RULES } from './rules.js';
import * as S from './schema.js';
import type { DisputesService, DisputeView, OpenInput } from './service.js';

/** The flows a case runs through across modules (workflows/open-dispute.ts, resolve-dispute.ts). */
export interface DisputeFlows {
  open(buyerId: string, input: OpenInput): Promise<DisputeView>;
  respond(userId: string, id: string, input: { accept: boolean; reason?: string | undefined; share?: number | undefined }): Promise<DisputeView>;
  rule(adminId: string, id: string, input: { refund: number; compensation: number; providerCompensation?: number | undefined; reason: string }): Promise<DisputeView>;
  caseForAdmin(id: string): Promise<{ dispute: DisputeView; order: OrderView; ledger: LedgerLine[] }>;
}

const DisputeResponse = Type.Object({ dispute: S.Dispute });
const AdminCase = Type.Object({ dispute: S.Dispute, order: OrderSchema, ledger: Type.Array(S.LedgerLine) });

export function registerDisputesRoutes(untyped: FastifyInstance, deps: { disputes: DisputesService; flows: DisputeFlows }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  const { disputes, flows } = deps;
  const tags = ['disputes'];
  /** A double tap must not open, answer or rule twice. */
  const acting = { auth: 'user', idempotent: true } as const;
  const isAdmin = (roles: readonly string[]) => roles.includes('admin');

  app.get('/dispute-rules', { schema: { tags, summary: 'R16: the published dispute rules and complaint channel', response: { 200: S.Rules, ...problems } } }, async () => DISPUTE_RULES);
  app.post(
    '/disputes',
    { config: acting, schema: { tags, summary: 'The buyer opens a dispute on its own order (one open per order: 409 DISPUTE_ALREADY_OPEN)', body: S.OpenBody, response: { 201: DisputeResponse, ...problems } } },
    async (request, reply) => reply.status(201).send({ dispute: await flows.open(request.auth!.userId, request.body) }),
  );
  app.get(
    '/disputes',
    {
      config: { auth: 'user' },
      schema: { tags, summary: 'My cases (inbox): as buyer, as owner of an operator, as owner of a named service provider; newest first', querystring: S.InboxQuery, response: { 200: Page(S.Dispute), ...problems } },
    },
    async (request) => disputes.inbox(request.auth!.userId, { ...request.query, limit: request.query.limit ?? 20 }),
  );
  app.get(
    '/disputes/:id',
    { config: { auth: 'user' }, schema: { tags, summary: 'The case with its timeline, to the buyer, its operator, a named service provider and admins', params: IdParams, response: { 200: S.Dispute, ...problems } } },
    async (request) => disputes.get(request.auth!.userId, request.params.id, isAdmin(request.auth!.roles)),
  );
  app.get(
    '/disputes/:id/record',
    {
      config: { auth: 'user' },
      schema: { tags, summary: 'R16: the printable record of the case (HTML): claim, timeline, messages, evidence, outcome and money moved', params: IdParams, produces: ['text/html'], response: { 200: Type.String({ description: 'text/html' }), ...problems } },
    },
    async (request, reply) => reply.type('text/html; charset=utf-8').send(await disputes.record(request.auth!.userId, request.params.id, isAdmin(request.auth!.roles))),
  );
  app.post(
    '/disputes/:id/messages',
    { config: acting, schema: { tags, summary: 'A message with evidence from either party', params: IdParams, body: S.MessageBody, response: { 200: DisputeResponse, ...problems } } },
    async (request) => ({ dispute: await disputes.message(request.auth!.userId, request.params.id, request.body, isAdmin(request.auth!.roles)) }),
  );
  app.post(
    '/disputes/:id/respond',
    { config: acting, schema: { tags, summary: 'The operator accepts (the claim is paid at once) or refuses with a reason, within 48 h; a named service provider accepts (stating its share) or refuses, once', params: IdParams, body: S.RespondBody, response: { 200: DisputeResponse, ...problems } } },
    async (request) => ({ dispute: await flows.respond(request.auth!.userId, request.params.id, request.body) }),
  );
  app.post(
    '/disputes/:id/escalate',
    { config: acting, schema: { tags, summary: 'Either party asks the platform to rule (the buyer within 7 days of a refusal)', params: IdParams, response: { 200: DisputeResponse, ...problems } } },
    async (request) => ({ dispute: await disputes.escalate(request.auth!.userId, request.params.id) }),
  );
  app.post(
    '/disputes/:id/withdraw',
    { config: acting, schema: { tags, summary: 'The buyer withdraws the case', params: IdParams, response: { 200: DisputeResponse, ...problems } } },
    async (request) => ({ dispute: await disputes.withdraw(request.auth!.userId, request.params.id) }),
  );
  app.post(
    '/admin/disputes/:id/rule',
    {
      config: { auth: 'admin', idempotent: true },
      schema: { tags: ['admin', ...tags], summary: "The platform's ruling: money moves at once; compensation from the operator's deposit first", params: IdParams, body: S.RuleBody, response: { 200: DisputeResponse, ...problems } },
    },
    async (request) => ({ dispute: await flows.rule(request.auth!.userId, request.params.id, request.body) }),
  );
  app.post(
    '/admin/disputes/:id/parties',
    {
      config: { auth: 'admin', idempotent: true },
      schema: { tags: ['admin', ...tags], summary: 'D7: name an approved service provider as a party; it answers within 48 h', params: IdParams, body: S.PartyBody, response: { 200: DisputeResponse, ...problems } },
    },
    async (request) => ({ dispute: await disputes.addProvider(request.auth!.userId, request.params.id, request.body) }),
  );
  app.get(
    '/admin/disputes/:id/case',
    { config: { auth: 'admin' }, schema: { tags: ['admin', ...tags], summary: 'The arbitration console: the case, its order, and the ledger lines of the order and of the case', params: IdParams, response: { 200: AdminCase, ...problems } } },
    async (request) => flows.caseForAdmin(request.params.id),
  );
  app.get(
    '/admin/disputes',
    { config: { auth: 'admin' }, schema: { tags: ['admin', ...tags], summary: 'Cases by state; `overdue=true` lists rulings past their 5 days', querystring: S.ListQuery, response: { 200: Page(S.Dispute), ...problems } } },
    async (request) => disputes.list({ ...request.query, limit: request.query.limit ?? 20 }),
  );
}
