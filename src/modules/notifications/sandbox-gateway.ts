/**
 * The sandbox SMS gateway: stands in for a carrier. It accepts signed messages over
 * HTTP and keeps them in an outbox a tester can read (`GET /sandbox/sms?phone=`).
 * Mounted only in sandbox mode; production answers 404 for `/sandbox/*`.
 */
import { Type } from 'typebox';
import type { Kysely } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { DB } from '../../database.js';
import { badSignature, validationFailed } from '../../lib/errors.js';
import { problems } from '../../http/schemas.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/clock.js';
import type { PrivacyService } from '../privacy/index.js';
import { isPhone, maskPhone, PHONE_PATTERN } from '../../lib/phone.js';
import { notificationsRepo } from './repo.js';
import { verifySmsSignature } from './sms.js';

export const SANDBOX_SMS_GATEWAY_PATH = '/api/v1/sandbox/sms/gateway';

const SandboxSmsList = Type.Object({
  items: Type.Array(Type.Object({ id: Type.String(), to: Type.String(), body: Type.String(), receivedAt: Type.String({ format: 'date-time' }) })),
});

export function registerSandboxSmsGateway(
  app: FastifyInstance,
  deps: { db: Kysely<DB>; privacy: PrivacyService; clock: Clock; secret: string },
): void {
  app.register(async (scope) => {
    // The signature covers the exact bytes sent, so keep the raw body.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) => done(null, body));

    scope.post(
      '/sandbox/sms/gateway',
      {
        config: { rawBody: true },
        schema: {
          hide: true,
          headers: Type.Object({
            'x-sms-timestamp': Type.String({ maxLength: 12, pattern: '^[0-9]{1,12}$' }),
            'x-sms-signature': Type.String({ maxLength: 64, pattern: '^[0-9a-f]{64}$' }),
          }),
          response: { 202: Type.Null() },
        },
      },
      async (request, reply) => {
        const raw = request.body as string;
        const headers = request.headers as Record<string, string>;
        if (!verifySmsSignature(deps.secret, headers['x-sms-timestamp']!, raw, headers['x-sms-signature']!, deps.clock.now())) {
          throw badSignature('The message signature does not verify');
        }
        let message: { to?: unknown; text?: unknown } | null;
        try {
          message = JSON.parse(raw) as typeof message;
        } catch {
          throw validationFailed(undefined, 'The body is not valid JSON');
        }
        if (message === null || typeof message !== 'object' || typeof message.to !== 'string' || !isPhone(message.to) || typeof message.text !== 'string') {
          throw validationFailed(undefined, 'Expected { to, text }');
        }
        await notificationsRepo.insertSandboxSms(deps.db, {
          id: newId(),
          phone_hash: deps.privacy.lookupHash('phone', message.to),
          phone_sealed: deps.privacy.sealSecret('sandbox_sms_phone', message.to),
          body: message.text,
          received_at: deps.clock.now(),
        });
        return reply.status(202).send(null);
      },
    );
  });

  app.get(
    '/sandbox/sms',
    {
      schema: {
        tags: ['sandbox'],
        summary: 'Messages the sandbox SMS gateway received for a phone, newest first',
        querystring: Type.Object({ phone: Type.String({ maxLength: 11, pattern: PHONE_PATTERN }) }, { additionalProperties: false }),
        response: { 200: SandboxSmsList, ...problems },
      },
    },
    async (request) => {
      const { phone } = request.query as { phone: string };
      const rows = await notificationsRepo.listSandboxSms(deps.db, deps.privacy.lookupHash('phone', phone), 20);
      return { items: rows.map((r) => ({ id: r.id, to: maskPhone(phone), body: r.body, receivedAt: r.received_at.toISOString() })) };
    },
  );
}
