/** HTTP for logistics (API.md "Reviews, tracking, after-sales"): credentials, carriers, the signed webhook, an order's tracking and its live events. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { streamTopic } from '../../http/event-stream.js';
import { IdParams, problems } from '../../http/schemas.js';
import { holdsBadText } from '../../http/validation.js';
import { validationFailed } from '../../lib/errors.js';
import type { LiveEvents } from '../../lib/live-events.js';
import * as S from './schema.js';
import type { CarrierEvent, LogisticsService } from './service.js';
import { trackingTopic, type TrackingView } from './view.js';

/** The most bytes of one event: the server's default request body limit (every field is capped far below it). */
const BODY_LIMIT = 64 * 1024;

export const LOGISTICS_WEBHOOK_PATH = '/api/v1/logistics/webhook';
/** The webhook's headers: which key signed it, when, and the HMAC-SHA256 of `${timestamp}.${rawBody}` (hex). */
export const LOGISTICS_HEADERS = { keyId: 'x-logistics-key-id', timestamp: 'x-logistics-timestamp', signature: 'x-logistics-signature' } as const;

/** The flows behind the routes (workflows/track-parcel.ts). */
export interface TrackingFlows {
  carrierEvent(providerId: string, event: CarrierEvent): Promise<{ received: boolean; duplicate: boolean }>;
  /** The buyer's or its shop's view; 404 for anyone else. */
  tracking(userId: string, orderId: string): Promise<TrackingView>;
}

type SignedRequest = FastifyRequest & { rawText?: string; providerId?: string };

export function registerLogisticsRoutes(untyped: FastifyInstance, deps: { logistics: LogisticsService; flows: TrackingFlows; live: LiveEvents; heartbeatMs: number }): void {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  const { logistics, flows } = deps;
  const tags = ['logistics'];
  const admin = { auth: 'admin', idempotent: true } as const;

  app.post(
    '/admin/service-providers/:id/credentials',
    {
      config: admin,
      schema: {
        tags: ['admin'],
        summary: 'Issue webhook credentials to an approved logistics provider: the secret is shown this once; an earlier pair keeps verifying 24 h more, then stops (audited)',
        params: IdParams,
        response: { 201: S.IssuedCredentials, ...problems },
      },
    },
    async (request, reply) => reply.status(201).send(await logistics.issueCredentials(request.auth!.userId, request.params.id)),
  );
  app.get(
    '/admin/service-providers/:id/credentials',
    { config: { auth: 'admin' }, schema: { tags: ['admin'], summary: "A provider's key ids and their dates, never a secret", params: IdParams, response: { 200: S.CredentialList, ...problems } } },
    async (request) => logistics.listCredentials(request.params.id),
  );

  app.get(
    '/logistics/carriers',
    { schema: { tags, summary: 'The carriers a shop may ship with: approved logistics providers with credentials (the ship form adds "other", a free-text name)', response: { 200: S.CarrierList, ...problems } } },
    async () => logistics.carriers(),
  );

  app.get(
    '/orders/:id/tracking',
    { config: { auth: 'user' }, schema: { tags, summary: 'The parcel and its carrier events (buyer or its shop); 409 NOT_SHIPPED before shipping', params: IdParams, response: { 200: S.Tracking, ...problems } } },
    async (request) => flows.tracking(request.auth!.userId, request.params.id),
  );
  app.get(
    '/orders/:id/tracking/events',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Server-sent events: `tracking` with the tracking as GET /orders/:id/tracking gives it, at once and after every carrier event received by any server process',
        params: IdParams,
        produces: ['text/event-stream'],
        response: { 200: Type.String({ description: 'text/event-stream' }), ...problems },
      },
    },
    async (request, reply) => {
      const [userId, orderId] = [request.auth!.userId, request.params.id];
      await flows.tracking(userId, orderId); // not theirs or not shipped → a problem, before the stream starts
      await streamTopic(request, reply, { live: deps.live, topic: trackingTopic(orderId), event: 'tracking', read: () => flows.tracking(userId, orderId), heartbeatMs: deps.heartbeatMs });
    },
  );

  // The carriers' webhook: the signature covers the exact bytes, so they are kept beside the parsed body.
  app.register(async (untypedScope) => {
    const scope = untypedScope.withTypeProvider<TypeBoxTypeProvider>();
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (request, body, done) => {
      (request as SignedRequest).rawText = body as string;
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(null, body); // not JSON: the schema refuses it, once the signature verified
      }
    });
    scope.post(
      '/logistics/webhook',
      {
        config: { rawBody: true },
        // The signature first: an unsigned caller learns nothing about the body's shape.
        preValidation: async (request) => {
          const h = request.headers as Record<string, string | undefined>;
          const signed = request as SignedRequest;
          signed.providerId = await logistics.verifyWebhook({ keyId: h[LOGISTICS_HEADERS.keyId], timestamp: h[LOGISTICS_HEADERS.timestamp], signature: h[LOGISTICS_HEADERS.signature] }, signed.rawText ?? '');
          if (holdsBadText(request.body)) throw validationFailed([{ path: '/body', message: 'must not contain NUL characters or lone surrogates' }]);
        },
        schema: {
          tags,
          summary: `A logistics provider's carrier event, signed: headers \`${LOGISTICS_HEADERS.keyId}\`, \`${LOGISTICS_HEADERS.timestamp}\` (Unix seconds, within 5 minutes) and \`${LOGISTICS_HEADERS.signature}\` (hex HMAC-SHA256 over \`\${timestamp}.\${rawBody}\` with the key's secret). A repeated eventId is acknowledged and stored once; a tracking number this provider did not ship → 404`,
          body: S.WebhookEvent,
          response: { 200: S.WebhookAnswer, ...problems },
        },
      },
      async (request) => flows.carrierEvent((request as SignedRequest).providerId!, request.body),
    );
  });
}
