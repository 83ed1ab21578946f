/**
 * HTTP for a shop's staff (issue 18 item 3): the owner lists, adds and removes them;
 * anyone signed in asks which shops they serve. Staff answer the shop's conversations
 * and quick replies (conversations module) and nothing else of the shop.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { IdParams, NoContent, problems } from '../../http/schemas.js';
import * as S from './staff-schema.js';
import type { ShopStaffService } from './staff.js';

export function registerShopStaffRoutes(untyped: FastifyInstance, deps: { staff: ShopStaffService }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  const { staff } = deps;
  const tags = ['operators'];
  const user = { auth: 'user' } as const;

  app.get(
    '/operators/:id/staff',
    { config: user, schema: { tags, summary: "The shop's owner and staff (its owner only)", params: IdParams, response: { 200: S.StaffList, ...problems } } },
    async (request) => staff.list(request.auth!.userId, request.params.id),
  );
  app.post(
    '/operators/:id/staff',
    {
      config: user,
      schema: {
        tags,
        summary: 'The owner adds staff by the phone a registered user verified (unknown → 404 STAFF_USER_NOT_FOUND; at most 20 staff); the user is notified',
        params: IdParams,
        body: S.StaffBody,
        response: { 201: S.StaffResponse, ...problems },
      },
    },
    async (request, reply) => reply.status(201).send({ member: await staff.add(request.auth!.userId, request.params.id, request.body.phone) }),
  );
  app.delete(
    '/operators/:id/staff/:userId',
    { config: user, schema: { tags, summary: 'The owner removes a staff member (never the owner)', params: S.StaffParams, response: { 204: NoContent, ...problems } } },
    async (request, reply) => {
      await staff.remove(request.auth!.userId, request.params.id, request.params.userId);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/me/shops',
    { config: user, schema: { tags, summary: 'The shops I serve and as what (owner or staff), so the web can show the shop inbox', response: { 200: S.MyShops, ...problems } } },
    async (request) => staff.shopsOf(request.auth!.userId),
  );
}
