import { Type } from 'typebox';
import { PageQuery, Query } from '../../http/schemas.js';
import { DocumentedEnum } from '../../lib/documented-enum.js';
import { NOTIFICATION_KINDS } from './tables.js';

export const Notification = Type.Object({
  id: Type.String(),
  kind: DocumentedEnum(NOTIFICATION_KINDS, { description: 'Stable, for translation' }),
  title: Type.String({ description: 'zh-CN' }),
  body: Type.String({ description: 'zh-CN, e.g. 请在 11月30日 14:00 前答复纠纷' }),
  link: Type.String({ description: 'Where in the app to act, e.g. /disputes/:id' }),
  dueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  at: Type.String({ format: 'date-time' }),
});

export const NotificationPage = Type.Object({
  items: Type.Array(Notification),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  unread: Type.Integer({ minimum: 0, description: 'How many of all the user’s notifications are unread' }),
});

export const ListQuery = Query({ unread: Type.Optional(Type.Boolean({ description: 'Only unread ones' })), ...PageQuery });
