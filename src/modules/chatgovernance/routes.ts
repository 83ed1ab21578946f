/** HTTP for chat governance: message reports, the admin's report queue, and a dispute's chat evidence. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { IdParams, Page, problems } from '../../http/schemas.js';
import * as S from './schema.js';

export type ReportView = Static<typeof S.Report>;
export type AdminReportView = Static<typeof S.AdminReport>;
export type AdminReportDetailView = Static<typeof S.AdminReportDetail>;
export type DisputeChatView = Static<typeof S.DisputeChat>;
export type ReportReason = Static<typeof S.ReportReason>;
export type ReportOutcome = Static<typeof S.ReportOutcome>;
export type ReportStatus = Static<typeof S.ReportStatus>;

/** What the routes ask of the module (service.ts; the dispute steps come from the disputes module). */
export interface ChatGovernanceApi {
  report(userId: string, messageId: string, input: { reason: ReportReason; note?: string | undefined }): Promise<ReportView>;
  adminList(query: { status?: ReportStatus | undefined; limit: number; cursor?: string | undefined }): Promise<{ items: AdminReportView[]; nextCursor: string | null }>;
  adminRead(adminId: string, reportId: string): Promise<AdminReportDetailView>;
  resolve(adminId: string, reportId: string, input: { outcome: ReportOutcome; note: string }): Promise<AdminReportView>;
  disputeChatForParty(userId: string, disputeId: string, page: { limit: number; cursor?: string | undefined }): Promise<DisputeChatView>;
  disputeChatForAdmin(adminId: string, disputeId: string, page: { limit: number; cursor?: string | undefined }): Promise<DisputeChatView>;
}

export function registerChatGovernanceRoutes(untyped: FastifyInstance, deps: { governance: ChatGovernanceApi }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  const { governance } = deps;
  const tags = ['conversations'];
  const adminTags = ['admin', ...tags];
  const admin = { auth: 'admin' } as const;

  app.post(
    '/messages/:id/reports',
    {
      config: { auth: 'user', idempotent: true },
      schema: {
        tags,
        summary: "Either party reports the other side's message to the platform (one open report per reporter and message, else 409 CHAT_REPORT_ALREADY_OPEN)",
        params: IdParams,
        body: S.ReportBody,
        response: { 201: S.ReportResponse, ...problems },
      },
    },
    async (request, reply) => reply.status(201).send({ report: await governance.report(request.auth!.userId, request.params.id, request.body) }),
  );
  app.get(
    '/admin/chat-reports',
    { config: admin, schema: { tags: adminTags, summary: 'Reported chat messages, oldest open first (no message text here: reading one is a logged personal-data read)', querystring: S.AdminListQuery, response: { 200: Page(S.AdminReport), ...problems } } },
    async (request) => governance.adminList({ ...request.query, limit: request.query.limit ?? 20 }),
  );
  app.get(
    '/admin/chat-reports/:id',
    { config: admin, schema: { tags: adminTags, summary: 'A report with the reported message and the messages around it, unmasked; logged as a personal-data read of both parties (purpose chat_report)', params: IdParams, response: { 200: S.AdminReportDetail, ...problems } } },
    async (request) => governance.adminRead(request.auth!.userId, request.params.id),
  );
  app.post(
    '/admin/chat-reports/:id/resolve',
    { config: admin, schema: { tags: adminTags, summary: 'Close a report: dismissed, warned or removed (the message then shows 「该消息已被平台删除」 to both sides); audited, and the reporter is told', params: IdParams, body: S.ResolveBody, response: { 200: S.AdminReportResponse, ...problems } } },
    async (request) => ({ report: await governance.resolve(request.auth!.userId, request.params.id, request.body) }),
  );
  app.get(
    '/disputes/:id/chat',
    { config: { auth: 'user' }, schema: { tags: ['disputes', ...tags], summary: "The chat attached to this dispute as evidence, as the parties see it in the chat (masked)", params: IdParams, querystring: S.EvidenceQuery, response: { 200: S.DisputeChat, ...problems } } },
    async (request) => governance.disputeChatForParty(request.auth!.userId, request.params.id, { ...request.query, limit: request.query.limit ?? 20 }),
  );
  app.get(
    '/admin/disputes/:id/chat',
    { config: admin, schema: { tags: ['admin', 'disputes', ...tags], summary: "The chat attached to this dispute, unmasked; logged as a personal-data read of both parties (purpose chat_dispute). Admins have no other way to read a chat", params: IdParams, querystring: S.EvidenceQuery, response: { 200: S.DisputeChat, ...problems } } },
    async (request) => governance.disputeChatForAdmin(request.auth!.userId, request.params.id, { ...request.query, limit: request.query.limit ?? 20 }),
  );
}
