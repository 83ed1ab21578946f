/**
 * Bargains (砍价, API.md "Bargains", RULES.md "Bargain"): a buyer starts one on a SKU
 * its operator offers, with the rules published in full first (R13); other users
 * with a verified phone each cut once, by the published draw (cut.ts), under the
 * bargain's row lock, so parallel helps queue and never pass the floor; the buyer
 * orders at the current price any time in the 24 hours (workflows/bargain-order.ts). Progress is exact fen (R14).
 *
 * Every change to a bargain ends in `changed(ex, change)` inside its transaction:
 * the one place live progress will be published from.
 *
 * @example
 *   const bargains = createBargainService({ db, catalog, operators, accounts, clock, changed: async () => undefined });
 *   const bargain = await bargains.start(buyerId, skuId);
 *   const { cut, current } = await bargains.help(friendId, bargain.id);
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../database.js';
import { notFound } from '../../lib/errors.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { AccountsService } from '../accounts/index.js';
import type { BargainOffer, CatalogService } from '../catalog/index.js';
import type { OperatorsService } from '../operators/index.js';
import { drawCut, uniformDraw, type Draw } from './cut.js';
import { bargainErrors as errors } from './errors.js';
import { bargainRepo, type BargainRow } from './repo.js';
import { BARGAIN_DURATION_MS, HELPS_PER_HELPER_PER_DAY, bargainRules, beijingDay, type BargainRules } from './rules.js';


/** The live-events topic of one bargain: every change to it is published under this name. */
export const bargainTopic = (id: string) => `bargain:${id}`;
export type BargainStatus = 'active' | 'ordered' | 'expired';

/** API.md "Bargains": a bargain as `POST /bargains` and `GET /bargains/:id` show it. */
export interface BargainView {
  id: string;
  skuId: string;
  productId: string;
  title: string;
  skuName: string;
  image: string;
  owner: { id: string; displayName: string };
  price: number;
  floor: number;
  current: number;
  /** R14: what is left to cut, in fen (current − floor); never a percentage. */
  remaining: number;
  maxHelpers: number;
  helpers: number;
  status: BargainStatus;
  orderId: string | null;
  createdAt: string;
  expiresAt: string;
  helps: { helper: { id: string; displayName: string }; cut: number; at: string }[];
  rules: BargainRules;
}

/** A SKU's published offer (R13): its terms and the rules a bargain on it runs by. */
export interface OfferView {
  skuId: string;
  skuName: string;
  productId: string;
  price: number;
  floor: number;
  maxHelpers: number;
  rules: BargainRules;
}

/** What changed on a bargain, told inside the transaction that changed it. */
export interface BargainChange {
  bargainId: string;
  kind: 'started' | 'helped' | 'ordered';
  current: number;
  remaining: number;
  helpers: number;
  at: Date;
}

export interface BargainDeps {
  db: Kysely<DB>;
  catalog: CatalogService;
  operators: OperatorsService;
  accounts: AccountsService;
  clock: Clock;
  /** Each change, in its transaction (live progress is published from here). */
  changed: (ex: Executor, change: BargainChange) => Promise<void>;
  /** The cut's random draw; tests may choose it. */
  draw?: Draw;
}

/** Stored `active` past the deadline reads as expired: nothing moved, so there is nothing to undo. */
const statusOf = (row: BargainRow, now: Date): BargainStatus => (row.status === 'active' && row.expires_at <= now ? 'expired' : row.status);

const offerView = (offer: BargainOffer): OfferView => ({
  skuId: offer.skuId,
  skuName: offer.skuName,
  productId: offer.productId,
  price: offer.price,
  floor: offer.floor,
  maxHelpers: offer.maxHelpers,
  rules: bargainRules(offer),
});

export function createBargainService(deps: BargainDeps) {
  const { db, catalog, operators, accounts, clock } = deps;
  const draw = deps.draw ?? uniformDraw;

  const change = (row: BargainRow, kind: BargainChange['kind']): BargainChange => ({
    bargainId: row.id,
    kind,
    current: row.current,
    remaining: row.current - row.floor,
    helpers: row.helpers,
    at: clock.now(),
  });

  async function view(ex: Executor, row: BargainRow): Promise<BargainView> {
    const helps = await bargainRepo.helpsOf(ex, row.id);
    const names = await accounts.displayNames(ex, [row.owner_id, ...helps.map((h) => h.helper_id)]);
    return {
      id: row.id,
      skuId: row.sku_id,
      productId: row.product_id,
      title: row.title,
      skuName: row.sku_name,
      image: row.image,
      owner: { id: row.owner_id, displayName: names.get(row.owner_id) ?? '' },
      price: row.price,
      floor: row.floor,
      current: row.current,
      remaining: row.current - row.floor,
      maxHelpers: row.max_helpers,
      helpers: row.helpers,
      status: statusOf(row, clock.now()),
      orderId: row.order_id,
      createdAt: row.created_at.toISOString(),
      expiresAt: row.expires_at.toISOString(),
      helps: helps.map((h) => ({ helper: { id: h.helper_id, displayName: names.get(h.helper_id) ?? '' }, cut: h.cut, at: h.at.toISOString() })),
      rules: bargainRules({ price: row.price, floor: row.floor, maxHelpers: row.max_helpers }),
    };
  }

  /** The bargain locked for a change, refused unless it is still active; with `ownerId`, anyone else's looks missing. */
  async function activeForUpdate(ex: Executor, id: string, ownerId?: string): Promise<BargainRow> {
    const row = await bargainRepo.findForUpdate(ex, id);
    if (!row || (ownerId !== undefined && row.owner_id !== ownerId)) throw notFound('bargain');
    const status = statusOf(row, clock.now());
    if (status === 'expired') throw errors.expired();
    if (status === 'ordered') throw errors.alreadyOrdered();
    return row;
  }

  return {
    /** R13: the offers on a product's SKUs, each with its rules, before anyone starts. */
    async offersOfProduct(productId: string): Promise<OfferView[]> {
      const offers = await catalog.bargainOffers(db, { productId });
      // No offers: an existing product's empty list, or an unknown product's 404.
      if (offers.length === 0) await catalog.product(productId);
      return offers.map(offerView);
    },

    /** R13: the rules a bargain on this SKU would run by. */
    async rulesOf(skuId: string): Promise<BargainRules> {
      const [offer] = await catalog.bargainOffers(db, { skuIds: [skuId] });
      if (!offer) throw notFound('bargain offer');
      return bargainRules(offer);
    },

    /** The product's owner sets or withdraws a SKU's offer; running bargains keep their terms (R14). */
    async setOffer(userId: string, productId: string, skuId: string, terms: { floor: number; maxHelpers: number }): Promise<OfferView> {
      await catalog.setBargainTerms(userId, productId, skuId, terms);
      const [offer] = await catalog.bargainOffers(db, { skuIds: [skuId] });
      return offerView(offer!);
    },

    withdrawOffer: (userId: string, productId: string, skuId: string) => catalog.setBargainTerms(userId, productId, skuId, null),

    /** Starts a bargain on the SKU's offer as published now; one active bargain per buyer and SKU. */
    async start(ownerId: string, skuId: string): Promise<BargainView> {
      return db.transaction().execute(async (tx) => {
        const [offer] = await catalog.bargainOffers(tx, { skuIds: [skuId] });
        if (!offer) throw errors.noOffer();
        const shop = await operators.sellingStatus(tx, offer.operatorId);
        if (!shop?.selling) throw errors.notSelling(shop?.shopName ?? 'The shop');
        const now = clock.now();
        await bargainRepo.expireStale(tx, ownerId, skuId, now);
        const row: BargainRow = {
          id: newId(now.getTime()),
          owner_id: ownerId,
          sku_id: skuId,
          product_id: offer.productId,
          title: offer.title,
          sku_name: offer.skuName,
          image: offer.image,
          price: offer.price,
          floor: offer.floor,
          max_helpers: offer.maxHelpers,
          current: offer.price,
          helpers: 0,
          status: 'active',
          order_id: null,
          created_at: now,
          expires_at: new Date(now.getTime() + BARGAIN_DURATION_MS),
        };
        if (!(await bargainRepo.insertIfNoneActive(tx, row))) throw errors.alreadyActive();
        await deps.changed(tx, change(row, 'started'));
        return view(tx, row);
      });
    },

    async get(id: string): Promise<BargainView> {
      const row = await bargainRepo.find(db, id);
      if (!row) throw notFound('bargain');
      return view(db, row);
    },

    /**
     * One help: checked, drawn and applied under the bargain's row lock, so parallel
     * helps apply one after another, each to the price the last one left.
     */
    async help(helperId: string, id: string): Promise<{ cut: number; current: number; remaining: number }> {
      return db.transaction().execute(async (tx) => {
        const row = await activeForUpdate(tx, id);
        if (row.owner_id === helperId) throw errors.selfHelp();
        await accounts.requireVerifiedPhone(tx, helperId);
        if (row.helpers >= row.max_helpers) throw errors.atFloor();
        const now = clock.now();
        const cut = drawCut(row.current - row.floor, row.max_helpers - row.helpers, draw);
        if (!(await bargainRepo.insertHelpOnce(tx, { id: newId(now.getTime()), bargain_id: id, helper_id: helperId, cut, at: now }))) throw errors.alreadyHelped();
        const today = beijingDay(now);
        if (!(await bargainRepo.countHelp(tx, helperId, today.day, HELPS_PER_HELPER_PER_DAY))) {
          throw errors.dailyLimit(Math.ceil((today.endsAt.getTime() - now.getTime()) / 1000));
        }
        const next = { ...row, current: row.current - cut, helpers: row.helpers + 1 };
        await bargainRepo.update(tx, id, { current: next.current, helpers: next.helpers });
        await deps.changed(tx, change(next, 'helped'));
        return { cut, current: next.current, remaining: next.current - next.floor };
      });
    },

    /** The buyer's bargain locked for its order (workflows/bargain-order.ts), refused unless still active. */
    lockForOrder: (ex: Executor, ownerId: string, id: string) => activeForUpdate(ex, id, ownerId),

    /** The bargain's one order was placed: it is done, and its page says so. */
    async markOrdered(ex: Executor, row: BargainRow, orderId: string): Promise<void> {
      const next: BargainRow = { ...row, status: 'ordered', order_id: orderId };
      await bargainRepo.update(ex, row.id, { status: 'ordered', order_id: orderId });
      await deps.changed(ex, change(next, 'ordered'));
    },
  };
}

export type BargainService = ReturnType<typeof createBargainService>;
