import { Type } from 'typebox';
import { Body, Paragraphs, Text } from '../../http/schemas.js';

export const MessageBody = Body({ title: Text({ minLength: 1, maxLength: 40 }), body: Paragraphs(300) });

export const MessageResponse = Type.Object({
  message: Type.Object({
    id: Type.String(),
    /** How many will be tried: consent is checked again at send time, so fewer may receive it. */
    recipients: Type.Integer({ minimum: 0 }),
    createdAt: Type.String({ format: 'date-time' }),
  }),
});
