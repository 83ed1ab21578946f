/**
 * The `Idempotency-Key` header (API.md "Conventions") on every route with
 * `config: { idempotent: true }`: the hooks read the header and hand the request to
 * the idempotency module (src/modules/idempotency/), which claims the key, replays a
 * stored answer or waits for one; the answer this request sends is given back to it.
 */
import type { FastifyInstance } from 'fastify';
import { validationFailed } from '../lib/errors.js';
import type { HeldKey, IdempotencyService } from '../modules/idempotency/index.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Honour the Idempotency-Key header on this route. */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    idempotency: HeldKey | null;
  }
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

export function registerIdempotency(app: FastifyInstance, idempotency: IdempotencyService): void {
  // The lease exists before the first request and goes with the server.
  app.addHook('onReady', async () => {
    await idempotency.start();
  });
  app.addHook('onClose', async () => {
    await idempotency.stop();
  });

  app.decorateRequest('idempotency', null);

  // After auth and validation: the key is scoped to the caller and a body that
  // fails validation never claims a key.
  app.addHook('preHandler', async (request, reply) => {
    if (!request.routeOptions.config.idempotent) return;
    const header = request.headers[IDEMPOTENCY_HEADER];
    if (header === undefined) return;
    const key = Array.isArray(header) ? header[0] : header;
    if (!key || !KEY_PATTERN.test(key)) {
      throw validationFailed([{ path: '/headers/idempotency-key', message: 'must be 8–64 letters, digits, - or _ (a UUID)' }]);
    }
    const scope = request.auth ? `user:${request.auth.userId}` : 'anonymous';
    const stored = await idempotency.claim({ scope, key, method: request.method, path: request.url.split('?')[0]!, body: request.body });
    if (!stored) {
      request.idempotency = { scope, key };
      return;
    }
    reply.header('idempotent-replayed', 'true');
    if (stored.contentType) reply.header('content-type', stored.contentType);
    return reply.status(stored.statusCode).send(stored.body === null ? undefined : stored.body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const held = request.idempotency;
    if (!held) return payload;
    request.idempotency = null;
    const body = typeof payload === 'string' ? payload : payload === null || payload === undefined ? null : String(payload);
    await idempotency.answer(held, { statusCode: reply.statusCode, body, contentType: (reply.getHeader('content-type') as string | undefined) ?? null });
    return payload;
  });

  // A request that died before answering must not hold its key for a minute.
  app.addHook('onResponse', async (request) => {
    const held = request.idempotency;
    if (held) await idempotency.release(held);
  });
}
