/**
 * The HTTP server: Fastify with strict validation, problem+json errors, sessions,
 * idempotency keys, OpenAPI at /api/v1/openapi.json and docs at /docs, every
 * module's routes under /api/v1, and the built web app with SPA fallback.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from './context.js';
import { registerAuth } from './http/auth.js';
import { registerApiCompression } from './http/compression.js';
import { registerCrossSiteGuard } from './http/cross-site.js';
import { notFound } from './lib/errors.js';
import { registerIdempotency } from './http/idempotency.js';
import { createWebPages } from './http/pages.js';
import { loggerOptions } from './http/logging.js';
import { registerProblemHandlers, sendProblem, toAppError } from './http/problem.js';
import { frameworkErrorHeaders, registerSecurityHeaders, swaggerUiCsp } from './http/security-headers.js';
import { registerStaticWeb } from './http/static-web.js';
import { registerInputGuards, registerUrlGuard, validatorCompiler } from './http/validation.js';
import { newId } from './lib/ids.js';
import { registerAccountsRoutes } from './modules/accounts/index.js';
import { registerAfterSalesRoutes } from './modules/aftersales/index.js';
import { registerConversationsRoutes } from './modules/conversations/index.js';
import { createIdempotencyService, type IdempotencyDeps } from './modules/idempotency/index.js';
import { registerAuditRoutes } from './modules/audit/index.js';
import { registerBargainRoutes, registerBargainSharePage } from './modules/bargain/index.js';
import { registerDisputesRoutes } from './modules/disputes/index.js';
import { registerCatalogRoutes } from './modules/catalog/index.js';
import { registerSearchRoutes } from './modules/search/index.js';
import { registerMarketingRoutes } from './modules/marketing/index.js';
import { registerMediaRoutes, registerUploadServing } from './modules/media/index.js';
import { registerOperatorsRoutes, registerRegulatorRoutes } from './modules/operators/index.js';
import { registerPaymentsRoutes, registerSandboxPaymentProvider } from './modules/payments/index.js';
import { registerOrdersRoutes } from './modules/orders/index.js';
import { registerLogisticsRoutes, registerSandboxCarrier } from './modules/logistics/index.js';
import { registerPasskeysRoutes } from './modules/passkeys/index.js';
import { registerDepositRoutes } from './workflows/operator-deposit.js';
import { registerNotificationsRoutes, registerSandboxSmsGateway } from './modules/notifications/index.js';
import { registerErasureRoutes } from './workflows/erase-account.js';
import { registerReportsRoutes } from './modules/reports/index.js';
import { registerExportRoutes } from './workflows/export-personal-data.js';
import { registerPrivacyRoutes } from './modules/privacy/index.js';
import { registerReviewsRoutes } from './modules/reviews/index.js';
import { registerSocialRoutes } from './modules/social/index.js';
import { registerGroupBuyRoutes, registerGroupBuySharePage } from './modules/groupbuy/index.js';

export const API_PREFIX = '/api/v1';
/**
 * The default most bytes of a request body. The largest JSON body a schema
 * admits is a note or a product with every image and tag (~50 KB in Chinese); 1 MB let one
 * request hand the validator a 20,000-element array. A route that needs more says so with its
 * own `bodyLimit`; uploads are limited by @fastify/multipart, signed webhooks by their parsers.
 */
export const BODY_LIMIT = 64 * 1024;

/**
 * Where `vite build` puts the web app: dist/web, seen from src/ (tsx) or from dist/server/
 * (built). Only a built app (index.html with its assets/) is served: from src/, `../web` is
 * the web app's source tree, whose config and sources are not for the public.
 */
export function webRoot(): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const built = path.basename(path.dirname(here)) === 'dist' ? path.resolve(here, '../web') : path.resolve(here, '../dist/web');
  return fs.existsSync(path.join(built, 'index.html')) && fs.existsSync(path.join(built, 'assets')) ? built : undefined;
}

export interface ServerOptions {
  /** Capture logs (the redaction test); default stdout. */
  logStream?: NodeJS.WritableStream;
  logLevel?: string;
  /** Tests shorten how long a repeat of an Idempotency-Key waits and how soon a silent process is dead. */
  idempotency?: Pick<IdempotencyDeps, 'waitMs' | 'heartbeatMs' | 'staleMs'>;
  /** Sees every route as it is added (the test that every request schema is capped). */
  onRoute?: (route: RouteOptions) => void;
}

export async function buildServer(ctx: AppContext, options: ServerOptions = {}): Promise<FastifyInstance> {
  const { config } = ctx;
  const security = { production: config.nodeEnv === 'production', reportPath: `${API_PREFIX}/csp-reports` };
  const securityHeaders = frameworkErrorHeaders(security);
  const app = Fastify({
    logger: loggerOptions(options.logLevel ?? config.logLevel, options.logStream),
    genReqId: () => newId(),
    requestIdHeader: false,
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy === false ? false : [...config.trustProxy],
    // Path parameters are bounded by each route's schema; the router's own cap only has to
    // admit more than the longest schema allows (a WebAuthn credential id: 1,400).
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2_048 },
    // Malformed URLs and over-long path parameters are answered before routing; keep them problem+json too.
    frameworkErrors: (error, request, reply) => {
      securityHeaders(reply);
      sendProblem(reply, toAppError(error, request));
    },
  });
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  app.setValidatorCompiler(validatorCompiler);
  registerProblemHandlers(app);
  await app.register(cookie);
  // Security headers on every response, and no state change from another site.
  // The headers' hook comes first, so the answers of the guards after it carry them too.
  await registerSecurityHeaders(app, security);
  registerCrossSiteGuard(app, { trustedOrigins: config.webauthnOrigins });
  // Every route and the not-found handler (pages, uploads, docs, static files), not only /api/v1.
  registerUrlGuard(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Agora API', version: '1.0.0', description: 'Social e-commerce: notes, group buys, bargains, escrow, disputes.' },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'agora_session' },
        },
      },
    },
  });
  // The docs map every route for whoever asks; production serves them only with API_DOCS=true.
  if (config.apiDocs) await app.register(swaggerUi, { routePrefix: '/docs', ...swaggerUiCsp });

  await app.register(
    async (api) => {
      // Before the routes: the compression hooks attach to each route as it is added.
      await registerApiCompression(api);
      registerAuth(api, (token) => ctx.accounts.authenticate(token));
      registerInputGuards(api);
      // JSON only: a text/plain body is 415, not a string handed to a schema that wants an object.
      api.removeContentTypeParser('text/plain');
      registerIdempotency(
        api,
        createIdempotencyService({
          db: ctx.database.db,
          clock: ctx.clock,
          // Stored responses may hold personal data (an address just created): sealed like the vault.
          seal: (text) => ctx.privacy.sealSecret('idempotency_response', text),
          open: (sealed) => ctx.privacy.openSecret('idempotency_response', sealed),
          singleProcess: ctx.database.kind === 'pglite',
          onLeaseError: (error) => api.log.warn({ err: error }, 'idempotency lease not renewed'),
          ...options.idempotency,
        }),
      );
      if (config.apiDocs) api.get('/openapi.json', { schema: { hide: true, response: { 200: Type.Object({}, { additionalProperties: true }) } } }, async () => app.swagger());
      api.get('/health', { schema: { tags: ['ops'], response: { 200: Type.Object({ ok: Type.Boolean() }) } } }, async () => ({ ok: true }));
      registerAccountsRoutes(api, { accounts: ctx.accounts, secureCookies: config.nodeEnv === 'production', addressesLastUsed: ctx.orders.addressesLastUsed });
      registerPrivacyRoutes(api, { db: ctx.database.db, privacy: ctx.privacy, consents: ctx.consents });
      registerErasureRoutes(api, { erasure: ctx.erasure, secureCookies: config.nodeEnv === 'production' });
      registerAuditRoutes(api, { db: ctx.database.db, audit: ctx.audit });
      await registerMediaRoutes(api, { media: ctx.media });
      registerOperatorsRoutes(api, { operators: ctx.operators, scores: ctx.reviews.scoresOf, chat: ctx.conversations.chatStats });
      registerRegulatorRoutes(api, { operators: ctx.operators });
      registerReportsRoutes(api, { reports: ctx.reports });
      registerCatalogRoutes(api, { catalog: ctx.catalog, ratings: { ofProduct: ctx.reviews.ratingOf, summaries: ctx.reviews.ratingSummaries } });
      registerSearchRoutes(api, { search: ctx.search, ratings: { ofProduct: ctx.reviews.ratingOf, summaries: ctx.reviews.ratingSummaries } });
      registerDepositRoutes(api, { deposit: ctx.deposit });
      registerPasskeysRoutes(api, { passkeys: ctx.passkeys, accounts: ctx.accounts });
      registerOrdersRoutes(api, {
        orders: ctx.orders,
        flows: {
          checkout: ctx.placeOrder.checkout,
          pay: ctx.payOrder.pay,
          payThroughProvider: ctx.payOrder.payThroughProvider,
          passkeyOptions: ctx.payOrder.passkeyOptions,
          cancel: ctx.cancelOrder.cancel,
          ship: ctx.shipOrder.ship,
          confirmReceipt: ctx.receiveOrder.confirmReceipt,
          requestReturn: ctx.afterSalesFlow.requestReturn,
          confirmReturn: ctx.afterSalesFlow.confirmReturn,
        },
        reviewStates: ctx.reviews.itemStates,
      });
      registerReviewsRoutes(api, { reviews: ctx.reviews });
      registerLogisticsRoutes(api, { logistics: ctx.logistics, flows: ctx.trackParcel, live: ctx.live, heartbeatMs: config.liveHeartbeatSeconds * 1000 });
      registerSocialRoutes(api, { social: ctx.social });
      registerGroupBuyRoutes(api, { groupBuys: ctx.groupBuys, flows: ctx.groupBuyFlow, live: ctx.live, heartbeatMs: config.liveHeartbeatSeconds * 1000 });
      registerBargainRoutes(api, { bargains: ctx.bargains, flows: ctx.bargainOrder, live: ctx.live, heartbeatMs: config.liveHeartbeatSeconds * 1000 });
      registerDisputesRoutes(api, {
        disputes: ctx.disputes,
        flows: { open: ctx.openDispute.open, respond: ctx.resolveDispute.respond, rule: ctx.resolveDispute.rule, caseForAdmin: ctx.resolveDispute.caseForAdmin },
      });
      registerAfterSalesRoutes(api, { afterSales: ctx.afterSales, flows: ctx.afterSalesFlow });
      registerConversationsRoutes(api, { conversations: ctx.conversations, streams: ctx.conversationStreams });
      registerNotificationsRoutes(api, { notifications: ctx.notifications });
      registerMarketingRoutes(api, { marketing: ctx.marketing });
      registerExportRoutes(api, { exporter: ctx.exporter });
      registerPaymentsRoutes(api, { payments: ctx.payments, clock: ctx.clock, webhookSecret: config.paymentWebhookSecret, orderPaymentReceived: ctx.payOrder.paymentReceived });
      // Each sandbox exists only while its provider is the sandbox (never in production, config.ts).
      if (config.sandbox && config.smsProvider === 'sandbox') {
        registerSandboxSmsGateway(api, { db: ctx.database.db, privacy: ctx.privacy, clock: ctx.clock, secret: config.smsGatewaySecret });
      }
      if (ctx.sandboxCarrier) {
        registerSandboxCarrier(api, { carrier: ctx.sandboxCarrier });
      }
      if (config.sandbox && config.paymentProvider === 'sandbox') {
        registerSandboxPaymentProvider(api, { payments: ctx.payments, orderPayments: ctx.orderPayments, clock: ctx.clock, webhookSecret: config.paymentWebhookSecret, selfUrl: () => ctx.selfUrl.current });
      }
    },
    { prefix: API_PREFIX },
  );

  registerUploadServing(app, { media: ctx.media });
  registerGroupBuySharePage(app, { groupBuys: ctx.groupBuys });
  // Server-sent event streams never end by themselves: end them before the server waits for its connections.
  app.addHook('preClose', async () => {
    await ctx.live.close();
  });
  registerBargainSharePage(app, { bargains: ctx.bargains });

  const web = webRoot();
  // `/` is a page like any other (http/pages.ts renders its first screen), so static-web serves no index.
  if (web) await registerStaticWeb(app, web);
  const pages = web ? createWebPages(app, { webRoot: web, apiPrefix: API_PREFIX }) : undefined;
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0]!;
    // /metrics is no page either; a scraper gets 404, not the app's HTML with 200.
    const isMetrics = url === '/metrics' || url.startsWith('/metrics/');
    const isPage = (request.method === 'GET' || request.method === 'HEAD') && !url.startsWith('/api/') && !url.startsWith('/docs') && !url.startsWith('/uploads/') && !isMetrics && !path.extname(url);
    if (pages && isPage) return pages(request, reply);
    return sendProblem(reply, notFound('route'));
  });

  app.addHook('onListen', async () => {
    const address = app.server.address();
    if (address && typeof address === 'object') ctx.selfUrl.current = `http://127.0.0.1:${address.port}`;
    // The sandbox carrier exists before the first request: every process makes sure of it as it starts
    // listening (not when routes are merely built: gen:api builds them on an empty database).
    await ctx.sandboxCarrier?.ensure();
  });
  return app;
}
