/** HTTP for a user's own notifications (API.md "Notifications"). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { IdParams, problems } from '../../http/schemas.js';
import * as S from './schema.js';
import type { NotificationsService } from './service.js';

export function registerNotificationsRoutes(untyped: FastifyInstance, deps: { notifications: NotificationsService }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  const { notifications } = deps;
  const tags = ['notifications'];

  app.get(
    '/me/notifications',
    { config: { auth: 'user' }, schema: { tags, summary: 'My notifications, newest first (`unread=true`: only unread), with the unread count', querystring: S.ListQuery, response: { 200: S.NotificationPage, ...problems } } },
    async (request) => notifications.list(request.auth!.userId, { ...request.query, limit: request.query.limit ?? 20 }),
  );
  app.post(
    '/me/notifications/:id/read',
    { config: { auth: 'user' }, schema: { tags, summary: 'Mark one of my notifications read (again: no change)', params: IdParams, response: { 200: Type.Object({ notification: S.Notification }), ...problems } } },
    async (request) => ({ notification: await notifications.markRead(request.auth!.userId, request.params.id) }),
  );
}
