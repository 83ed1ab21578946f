/**
 * The composition root, wiring only: every module's service built once, with its
 * dependencies passed in (factories, not a container), then the workflows on top
 * (src/workflows/README.md), each given the modules it joins. Nothing here points at
 * something built later. `server.ts` puts HTTP in front of it; tests and benchmarks
 * build it around their own database and clock.
 */
import path from 'node:path';
import type { Config } from './config.js';
import type { Database } from './database.js';
import { AppError } from './lib/errors.js';
import { createRateLimits, type RateLimits } from './modules/accounts/index.js';
import type { Jobs } from './jobs/index.js';
import { NOTIFICATION_SMS, PROVIDER_REFUND } from './jobs/timers.js';
import { systemClock, type Clock } from './lib/clock.js';
import { createLiveEvents, type LiveEvents } from './lib/live-events.js';
import { createAccountErasure, createAccountsService, createLoginThrottle, passwordHasher, type AccountsService } from './modules/accounts/index.js';
import { afterSalesRetention, createAfterSalesService, type AfterSalesService } from './modules/aftersales/index.js';
import { createAuditService, type AuditService } from './modules/audit/index.js';
import { bargainTopic, createBargainService, type BargainService } from './modules/bargain/index.js';
import { createCatalogService, type CatalogService } from './modules/catalog/index.js';
import { createDisputesService, disputeRetention, type DisputesService } from './modules/disputes/index.js';
import { createGroupBuyService, type GroupBuyService } from './modules/groupbuy/index.js';
import { createMarketingService, MARKETING_DELIVERY_QUEUE, type MarketingService } from './modules/marketing/index.js';
import { createLocalStorage, createMediaService, type MediaService } from './modules/media/index.js';
import { createHttpSmsSender, createNotificationsService, SANDBOX_SMS_GATEWAY_PATH, type NotificationsService } from './modules/notifications/index.js';
import { createOperatorsService, shopNames, type OperatorsService } from './modules/operators/index.js';
import { createEscrow, createLedgerService, type Escrow, type LedgerService } from './modules/ledger/index.js';
import { createLogisticsService, createSandboxCarrier, SANDBOX_CARRIER_QUEUE, sandboxShopCity, type LogisticsService, type SandboxCarrier } from './modules/logistics/index.js';
import { createHmacProvider, createOrderPaymentsService, createPaymentsService, type OrderPaymentsService, type PaymentsService } from './modules/payments/index.js';
import { createSearchService, type SearchService } from './modules/search/index.js';
import { createOrderRetention, createOrdersService, type OrdersService } from './modules/orders/index.js';
import { createPasskeysService, type PasskeysService, type RelyingParty } from './modules/passkeys/index.js';
import { createDepositWorkflow } from './workflows/operator-deposit.js';
import { createBargainOrderWorkflow, type BargainOrderWorkflow } from './workflows/bargain-order.js';
import { createConversationsService, createConversationStreams, type ConversationsService, type ConversationStreams } from './modules/conversations/index.js';
import { createAfterSalesWorkflow, type AfterSalesWorkflow } from './workflows/after-sales.js';
import { createCancelOrderWorkflow, type CancelOrderWorkflow } from './workflows/cancel-order.js';
import { createGroupBuyWorkflow, type GroupBuyWorkflow } from './workflows/group-buy.js';
import { createOpenDisputeWorkflow, type OpenDisputeWorkflow } from './workflows/open-dispute.js';
import { createOrderTimers, type OrderTimers } from './workflows/order-timers.js';
import { createPayOrderWorkflow, type PayOrderWorkflow } from './workflows/pay-order.js';
import { createPlaceOrderWorkflow, type PlaceOrderWorkflow } from './workflows/place-order.js';
import { createReceiveOrderWorkflow, type ReceiveOrderWorkflow } from './workflows/receive-order.js';
import { createRefundOrderWorkflow } from './workflows/refund-order.js';
import { createResolveDisputeWorkflow, type ResolveDisputeWorkflow } from './workflows/resolve-dispute.js';
import { createReturnOrderWorkflow, type ReturnOrderWorkflow } from './workflows/return-order.js';
import { createShipOrderWorkflow, type ShipOrderWorkflow } from './workflows/ship-order.js';
import { createTrackParcelWorkflow, type TrackParcelWorkflow } from './workflows/track-parcel.js';
import { createEraseAccountWorkflow, type EraseAccountWorkflow } from './workflows/erase-account.js';
import { createPurgeWorkflow, type PurgeWorkflow } from './workflows/purge-erased-records.js';
import { createExportWorkflow, type ExportWorkflow } from './workflows/export-personal-data.js';
import { createConsentsService, createPrivacyService, createSealer, createVaultErasure, type ConsentsService, type KeyRing, type PrivacyService } from './modules/privacy/index.js';
import { createReportsService, type ReportsService } from './modules/reports/index.js';
import { createReviewsService, type ReviewsService } from './modules/reviews/index.js';
import { createSocialService, type SocialService } from './modules/social/index.js';

export interface AppContext {
  readonly config: Config;
  readonly database: Database;
  readonly clock: Clock;
  readonly limits: RateLimits;
  readonly privacy: PrivacyService;
  readonly consents: ConsentsService;
  readonly audit: AuditService;
  readonly accounts: AccountsService;
  readonly media: MediaService;
  readonly operators: OperatorsService;
  readonly catalog: CatalogService;
  readonly search: SearchService;
  readonly deposit: ReturnType<typeof createDepositWorkflow>;
  readonly ledger: LedgerService;
  /** Every movement of an order's money, on top of the ledger (modules/ledger/escrow.ts). */
  readonly escrow: Escrow;
  readonly payments: PaymentsService;
  readonly orderPayments: OrderPaymentsService;
  readonly passkeys: PasskeysService;
  readonly orders: OrdersService;
  readonly social: SocialService;
  readonly groupBuys: GroupBuyService;
  /** Changes published on commit to every process (LISTEN/NOTIFY), for server-sent events. */
  readonly live: LiveEvents;
  readonly bargains: BargainService;
  readonly disputes: DisputesService;
  /** Reviews and ratings of received order items (R11). */
  readonly reviews: ReviewsService;
  /** 售后: return addresses and after-sales requests (the module; the flows are `afterSalesFlow`). */
  readonly afterSales: AfterSalesService;
  readonly notifications: NotificationsService;
  /** Buyer–shop conversations (issue 18) and their live streams. */
  readonly conversations: ConversationsService;
  readonly conversationStreams: ConversationStreams;
  /** Logistics providers' credentials, parcels and their carrier events. */
  readonly logistics: LogisticsService;
  /** The sandbox carrier 「安格拉沙箱快递」, in sandbox mode only (modules/logistics/sandbox.ts). */
  readonly sandboxCarrier: SandboxCarrier | undefined;
  /** DELETE /me (PIPL art. 47) and the R4 purge of erased accounts' records three years on. */
  readonly erasure: EraseAccountWorkflow;
  readonly purge: PurgeWorkflow;
  readonly reports: ReportsService;
  readonly marketing: MarketingService;
  /** The user's export of everything held about them (PIPL art. 45). */
  readonly exporter: ExportWorkflow;
  /** The money flows of an order, each a workflow (src/workflows/). */
  readonly placeOrder: PlaceOrderWorkflow;
  readonly payOrder: PayOrderWorkflow;
  readonly shipOrder: ShipOrderWorkflow;
  /** A carrier's event on an order's parcel: automatic receipt, notices, live tracking. */
  readonly trackParcel: TrackParcelWorkflow;
  readonly receiveOrder: ReceiveOrderWorkflow;
  readonly cancelOrder: CancelOrderWorkflow;
  readonly returnOrder: ReturnOrderWorkflow;
  readonly orderTimers: OrderTimers;
  readonly groupBuyFlow: GroupBuyWorkflow;
  readonly bargainOrder: BargainOrderWorkflow;
  readonly openDispute: OpenDisputeWorkflow;
  readonly resolveDispute: ResolveDisputeWorkflow;
  readonly afterSalesFlow: AfterSalesWorkflow;
  /** Set when the server listens: where this process can reach itself (the sandbox gateways). */
  readonly selfUrl: { current: string };
  jobs: Jobs | undefined;
}

export function createContext(options: { config: Config; database: Database; keys: KeyRing; clock?: Clock; rateLimitPrefix?: string }): AppContext {
  const { config, database, keys } = options;
  const clock = options.clock ?? systemClock;
  const selfUrl = { current: `http://127.0.0.1:${config.port}` };
  const limits = createRateLimits({ redisUrl: config.redisUrl, prefix: options.rateLimitPrefix ?? 'agora', chatMessagesPerMinute: config.chatMessagesPerMinute });
  const privacy = createPrivacyService({
    sealer: createSealer(keys),
    clock,
    // The access log names the shop an operator read for (a plain read of the operators table).
    shopNames,
  });
  const consents = createConsentsService({ db: database.db, clock });
  const audit = createAuditService({ db: database.db, clock });
  // SMS_PROVIDER=http posts to the configured gateway; the sandbox's gateway is this server itself.
  const smsGatewayUrl = config.smsGatewayUrl;
  const sms = createHttpSmsSender({ gatewayUrl: () => smsGatewayUrl ?? `${selfUrl.current}${SANDBOX_SMS_GATEWAY_PATH}`, secret: config.smsGatewaySecret, now: () => clock.now() });
  const passwords = passwordHasher(config.passwordHashCost);
  const loginThrottle = createLoginThrottle({ limits, slowdownMs: config.loginSlowdownMs });
  // Passkeys need nothing else; accounts takes them as the payment step-up (D4).
  const passkeys = createPasskeysService({ db: database.db, clock, relyingParty: () => relyingParty(config, selfUrl.current) });
  const accounts = createAccountsService({ db: database.db, privacy, consents, audit, sms, limits, loginThrottle, clock, passwords, stepUpThreshold: config.stepUpThreshold, passkeys });
  // The SMS job goes on pg-boss in the notifying transaction; without a worker (tests, `startJobs: false`) it waits for the sweep.
  const notifications = createNotificationsService({
    db: database.db,
    accounts,
    sms,
    clock,
    enqueueSms: async (ex, notificationId) => {
      await context.jobs?.enqueue(ex, NOTIFICATION_SMS, { notificationId }, { singletonKey: notificationId });
    },
  });
  const media = createMediaService({ db: database.db, storage: createLocalStorage(path.join(config.dataDir, 'uploads')), clock });
  const operators = createOperatorsService({ db: database.db, privacy, accounts, audit, clock });
  const catalog = createCatalogService({ db: database.db, operators, media, clock });
  const ledger = createLedgerService();
  const payments = createPaymentsService({ db: database.db, ledger, accounts, clock });
  // Orders paid through the provider: the sandbox provider is this server itself (`/sandbox/provider`).
  const provider = createHmacProvider({
    apiUrl: () => config.paymentProviderUrl ?? (config.paymentProvider === 'sandbox' ? `${selfUrl.current}/api/v1/sandbox/provider` : undefined),
    secret: config.paymentWebhookSecret,
    now: () => clock.now(),
  });
  // A refund's job goes on pg-boss in the refunding transaction; without a worker the sweep sends it.
  const orderPayments = createOrderPaymentsService({
    db: database.db,
    provider,
    clock,
    enqueueRefund: async (ex, refundId) => {
      await context.jobs?.enqueue(ex, PROVIDER_REFUND, { refundId }, { singletonKey: refundId, retryLimit: 10 });
    },
  });
  const escrow = createEscrow({ ledger, platformFeeBps: config.platformFeeBps, referralBps: config.referralBps });
  const orders = createOrdersService({ db: database.db, operators, privacy, clock });
  const social = createSocialService({ db: database.db, accounts, catalog, media, operators, orders, consents, audit, clock, prohibitedWords: config.prohibitedWords });
  const search = createSearchService({ catalog, social });
  const live = createLiveEvents(database);
  const groupBuys = createGroupBuyService({ db: database.db, catalog, orders, accounts, live, clock });
  // Every change to a bargain is published on commit, for its live page (server-sent events).
  const bargains = createBargainService({ db: database.db, catalog, operators, accounts, clock, changed: (ex, change) => live.publish(ex, bargainTopic(change.bargainId)) });
  const logistics = createLogisticsService({ db: database.db, operators, privacy, audit, clock });
  const disputes = createDisputesService({ db: database.db, ledger, operators, media, notifications, audit, clock });
  const reviews = createReviewsService({ db: database.db, orders, operators, catalog, media, accounts, notifications, audit, clock });
  const afterSales = createAfterSalesService({ db: database.db, privacy, operators, orders, media, notifications, accounts, clock });
  const conversations = createConversationsService({
    db: database.db,
    accounts,
    catalog,
    orders,
    operators,
    media,
    privacy,
    notifications,
    live,
    clock,
    limiter: limits.chatMessagesPerMinute,
    prohibitedWords: config.prohibitedWords,
    newPerDay: config.chatNewConversationsPerDay,
    ownHosts: ownHosts(config),
    // A stream missing two heartbeats is gone (its process died without saying so).
    presenceMs: 2 * config.liveHeartbeatSeconds * 1000 + 5000,
  });
  const conversationStreams = createConversationStreams({ db: database.db, conversations, live, clock, heartbeatMs: config.liveHeartbeatSeconds * 1000 });
  const accountErasure = createAccountErasure({ db: database.db, privacy, loginThrottle, clock, passwords });
  const vaultErasure = createVaultErasure({ clock });
  const orderRetention = createOrderRetention({ clock });
  const erasure = createEraseAccountWorkflow({ db: database.db, accountErasure, vaultErasure, passkeys, notifications, social, reviews, orderRetention, disputeRetention, afterSalesRetention, ledger, operators, audit, accounts, clock });
  const purge = createPurgeWorkflow({ db: database.db, accountErasure, orderRetention, disputeRetention, afterSalesRetention, vaultErasure, parcels: logistics, clock });
  const reports = createReportsService({ db: database.db, orders, disputes, groupBuys, audit });
  // Each recipient of a marketing message is a job, queued in the message's transaction (D3).
  const marketing = createMarketingService({
    db: database.db,
    consents,
    privacy,
    sms,
    operators,
    orders,
    audit,
    clock,
    enqueue: async (ex, deliveryId) => {
      if (!context.jobs) throw new AppError('unavailable', 'JOBS_UNAVAILABLE', 'Messages cannot be queued right now; try again shortly');
      await context.jobs.enqueue(ex, MARKETING_DELIVERY_QUEUE, { deliveryId }, { retryLimit: 3 });
    },
  });
  const exporter = createExportWorkflow({ db: database.db, privacy, consents, media, marketing, notifications, afterSales, clock });

  // The workflows: flows across modules, each owning its transaction.
  const db = database.db;
  const deposit = createDepositWorkflow({ db, catalog, operators, ledger, orders, disputes });
  const placeOrder = createPlaceOrderWorkflow({ db, orders, catalog, operators, accounts, social, clock, batchCheckouts: config.checkoutBatching });
  const cancelOrder = createCancelOrderWorkflow({ db, orders, escrow, catalog, disputes, groupBuys, orderPayments, clock });
  const payOrder = createPayOrderWorkflow({ db, orders, escrow, accounts, passkeys, groupBuys, orderPayments, clock });
  // The sandbox carrier plays its parcels' routes through pg-boss jobs queued in the shipping transaction.
  const sandboxCarrier = config.sandbox
    ? createSandboxCarrier({
        db,
        logistics,
        privacy,
        clock,
        speed: config.sandboxCarrierSpeed,
        selfUrl: () => selfUrl.current,
        originOf: async (ex, orderId) => sandboxShopCity((await orders.find(ex, orderId))?.operator_id ?? orderId),
        enqueue: async (ex, data, startAfter) => {
          await context.jobs?.enqueue(ex, SANDBOX_CARRIER_QUEUE, data, { startAfter, singletonKey: `${data.trackingNumber}:${data.step}` });
        },
      })
    : undefined;
  const shipOrder = createShipOrderWorkflow({ db, orders, logistics, live, clock, shipped: sandboxCarrier && ((ex, shipped) => sandboxCarrier.shipped(ex, shipped.parcel)) });
  const trackParcel = createTrackParcelWorkflow({ db, logistics, orders, operators, notifications, live, clock });
  const receiveOrder = createReceiveOrderWorkflow({ db, orders, escrow, reviews, clock });
  const returnOrder = createReturnOrderWorkflow({ orders, escrow, orderPayments, stock: cancelOrder, clock });
  // One refund of an order in full or in part, for disputes and after-sales alike.
  const refunds = createRefundOrderWorkflow({ orders, escrow, orderPayments, stock: cancelOrder, clock });
  const afterSalesFlow = createAfterSalesWorkflow({ db, afterSales, orders, accounts, operators, disputes, escrow, orderPayments, refunds, returnOrder, audit, clock });
  const orderTimers = createOrderTimers({ db, orders, disputes, afterSales, afterSalesFlow, cancelOrder, receiveOrder, returnOrder, clock });
  const groupBuyFlow = createGroupBuyWorkflow({ db, groupBuys, catalog, placeOrder, cancelOrder, clock });
  const bargainOrder = createBargainOrderWorkflow({ db, bargains, placeOrder });
  const openDispute = createOpenDisputeWorkflow({ db, orders, disputes });
  const resolveDispute = createResolveDisputeWorkflow({ db, disputes, orders, escrow, ledger, orderPayments, refunds, audit });
  const context: AppContext = {
    config,
    database,
    clock,
    limits,
    privacy,
    consents,
    audit,
    accounts,
    media,
    operators,
    catalog,
    search,
    deposit,
    ledger,
    escrow,
    payments,
    orderPayments,
    passkeys,
    orders,
    social,
    groupBuys,
    bargains,
    disputes,
    reviews,
    afterSales,
    notifications,
    conversations,
    conversationStreams,
    logistics,
    sandboxCarrier,
    erasure,
    purge,
    reports,
    marketing,
    exporter,
    placeOrder,
    payOrder,
    shipOrder,
    trackParcel,
    receiveOrder,
    cancelOrder,
    returnOrder,
    orderTimers,
    groupBuyFlow,
    bargainOrder,
    openDispute,
    resolveDispute,
    afterSalesFlow,
    live,
    selfUrl,
    jobs: undefined,
  };
  return context;
}

/**
 * Passkeys belong to a domain (WebAuthn refuses IP addresses): configured origins,
 * or in development `localhost` on the port this process listens on.
 */
function relyingParty(config: Config, selfUrl: string): RelyingParty {
  const origins = config.webauthnOrigins ?? [`http://localhost:${new URL(selfUrl).port}`];
  return { name: 'Agora', id: new URL(origins[0]!).hostname, origins };
}

/** Our own hosts (the configured page origins'): links to them in chat are not masked as outside. */
function ownHosts(config: Config): string[] {
  return [...new Set((config.webauthnOrigins ?? []).map((origin) => new URL(origin).hostname))];
}
