/** HTTP for reports (API.md "Reports and register"): the same aggregate figures for admins and regulators. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { problems } from '../../http/schemas.js';
import type { StaffRole } from '../audit/index.js';
import { Summary, SummaryQuery } from './schema.js';
import type { ReportsService } from './service.js';

export function registerReportsRoutes(untyped: FastifyInstance, deps: { reports: ReportsService }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  const route = (path: string, role: StaffRole, summary: string) =>
    app.get(path, { config: { auth: role }, schema: { tags: [role], summary, querystring: SummaryQuery, response: { 200: Summary, ...problems } } }, async (request) =>
      deps.reports.summary({ userId: request.auth!.userId, role }, request.query.from, request.query.to),
    );
  route('/admin/reports/summary', 'admin', 'Platform figures for a period of UTC days, with a per-day series (each read audited)');
  route('/regulator/reports/summary', 'regulator', 'The same aggregate figures for a regulator: no personal data (each read audited)');
}
