/**
 * Group buys (拼团; RULES.md "Group buy", API.md "Group buys"). A buyer opens a group
 * on a SKU with group terms by placing the first order at the group price; the group
 * forms when that order is paid and then, for 24 hours, others join it. Its members
 * ARE its orders (workflows/group-buy.ts places them at the group price, awaiting the
 * group), so there are no invented members and an unpaid seat frees itself when its
 * order expires. The group completes the moment its N-th seat is paid — in that
 * payment's transaction — and all its orders may then ship; until then no member's
 * money leaves escrow. A group not complete by its deadline expires and every member
 * is refunded in full or dropped, by a timer.
 *
 * Concurrency: every join, every member's payment and the expiry lock the group row,
 * so seats are counted by one transaction at a time (never more than N members, paid
 * or reserved). A payment locks its order before the group; the expiry takes only the
 * group row (one conditional update), then cancels each order in a transaction of its
 * own, so the two never wait for each other in opposite orders.
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../database.js';
import { notFound } from '../../lib/errors.js';
import { HOUR, MINUTE, type Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { LiveEvents } from '../../lib/live-events.js';
import type { AccountsService } from '../accounts/index.js';
import type { CatalogService } from '../catalog/index.js';
import type { CheckoutSku, OrdersService, SourcedOrder } from '../orders/index.js';
import { groupBuyErrors as errors } from './errors.js';
import { groupBuyRepo, type GroupBuyRow } from './repo.js';
import { completedGroupBuys } from './stats-repo.js';
import type { GroupBuyStatus } from './tables.js';

/** A seat's order must be paid within 15 minutes, or the seat is released. */
export const SEAT_PAYMENT_WINDOW_MS = 15 * MINUTE;
/** RULES.md "Group buy": not complete within 24 h of forming → every member refunded. */
export const GROUP_LIFETIME_MS = 24 * HOUR;

export const groupBuyTopic = (id: string) => `group-buy:${id}`;

export interface GroupOffer {
  skuId: string;
  skuName: string;
  price: number;
  groupPrice: number;
  groupSize: number;
}

/** What the product page lists of an open group. */
export interface OpenGroup {
  id: string;
  skuId: string;
  groupPrice: number;
  groupSize: number;
  paidMembers: number;
  seatsLeft: number;
  expiresAt: string;
  initiator: { displayName: string };
}

export interface GroupBuyView {
  id: string;
  skuId: string;
  productId: string;
  groupSize: number;
  groupPrice: number;
  paidMembers: number;
  /** Seats another buyer can still take: 0 unless formed, forming and before its deadline. */
  seatsLeft: number;
  /** `expired` as soon as the deadline passes, even before the timer has refunded everyone. */
  status: GroupBuyStatus;
  formedAt: string | null;
  expiresAt: string;
  completedAt: string | null;
  /** The server's time when this was read, so a countdown can correct the client's clock. */
  serverTime: string;
  /** Members by display name only (no personal data); seats whose order is cancelled are gone. */
  members: { displayName: string; paid: boolean; initiator: boolean }[];
  product: { id: string; title: string; image: string | null; skuName: string | null; price: number | null };
}

export interface GroupBuyDeps {
  db: Kysely<DB>;
  catalog: CatalogService;
  /** Its members are orders: read here, placed and cancelled by workflows/group-buy.ts. */
  orders: OrdersService;
  accounts: AccountsService;
  live: LiveEvents;
  clock: Clock;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const source = (id: string) => ({ kind: 'group_buy', id }) as const;

export function createGroupBuyService(deps: GroupBuyDeps) {
  const { db, catalog, orders, accounts, live, clock } = deps;

  /** Its members: orders not cancelled (pending = a reserved seat). */
  async function seatsOf(ex: Executor, id: string): Promise<SourcedOrder[]> {
    return (await orders.ordersOfSource(ex, source(id))).filter((o) => o.status !== 'cancelled');
  }

  const isPast = (row: GroupBuyRow, now: Date) => row.status === 'forming' && row.expires_at <= now;
  const statusAt = (row: GroupBuyRow, now: Date): GroupBuyStatus => (isPast(row, now) ? 'expired' : row.status);
  const seatsLeft = (row: GroupBuyRow, seats: SourcedOrder[], now: Date) =>
    row.status === 'forming' && row.formed_at && !isPast(row, now) ? Math.max(0, row.group_size - seats.length) : 0;
  const paidCount = (seats: SourcedOrder[]) => seats.filter((s) => s.status !== 'pending_payment').length;

  async function summary(row: GroupBuyRow, now: Date): Promise<OpenGroup> {
    const seats = await seatsOf(db, row.id);
    const names = await accounts.displayNames(db, [row.initiator_id]);
    return {
      id: row.id,
      skuId: row.sku_id,
      groupPrice: row.group_price,
      groupSize: row.group_size,
      paidMembers: paidCount(seats),
      seatsLeft: seatsLeft(row, seats, now),
      expiresAt: row.expires_at.toISOString(),
      initiator: { displayName: names.get(row.initiator_id) ?? '' },
    };
  }

  /** The group as it is now (read after its transaction committed). */
  async function view(row: GroupBuyRow): Promise<GroupBuyView> {
    const now = clock.now();
    const seats = await seatsOf(db, row.id);
    const names = await accounts.displayNames(db, seats.map((s) => s.buyerId));
    const product = await catalog.product(row.product_id);
    const sku = product.skus.find((s) => s.id === row.sku_id);
    return {
      id: row.id,
      skuId: row.sku_id,
      productId: row.product_id,
      groupSize: row.group_size,
      groupPrice: row.group_price,
      paidMembers: paidCount(seats),
      seatsLeft: seatsLeft(row, seats, now),
      status: statusAt(row, now),
      formedAt: iso(row.formed_at),
      expiresAt: row.expires_at.toISOString(),
      completedAt: iso(row.completed_at),
      serverTime: now.toISOString(),
      members: seats.map((s) => ({ displayName: names.get(s.buyerId) ?? '', paid: s.status !== 'pending_payment', initiator: s.buyerId === row.initiator_id })),
      product: { id: product.id, title: product.title, image: product.images[0] ?? null, skuName: sku?.name ?? null, price: sku?.price ?? null },
    };
  }

  async function existing(id: string): Promise<GroupBuyRow> {
    const row = await groupBuyRepo.find(db, id);
    if (!row) throw notFound('group buy');
    return row;
  }

  return {
    /** For the reports module: groups completed per UTC day. */
    completedGroupBuys,

    /** The SKUs of a product with group terms (below the price), and its formed groups with seats left. */
    async offers(productId: string): Promise<{ offers: GroupOffer[]; openGroups: OpenGroup[] }> {
      const product = await catalog.product(productId);
      const offers = product.skus.flatMap((s) =>
        s.groupPrice !== null && s.groupSize !== null && s.groupPrice < s.price ? [{ skuId: s.id, skuName: s.name, price: s.price, groupPrice: s.groupPrice, groupSize: s.groupSize }] : [],
      );
      const now = clock.now();
      const openGroups: OpenGroup[] = [];
      // One after another: one connection on PGlite, the same statements in the same order.
      for (const row of await groupBuyRepo.openOfProduct(db, productId, now)) {
        const group = await summary(row, now);
        if (group.seatsLeft > 0) openGroups.push(group);
      }
      return { offers, openGroups };
    },

    /** The shop's owner sets a SKU's group price and size (2–10); groups already open keep their terms. */
    async setOffer(userId: string, productId: string, skuId: string, terms: { groupPrice: number; groupSize: number }): Promise<GroupOffer> {
      const sku = await catalog.setGroupTerms(userId, productId, skuId, terms);
      return { skuId: sku.id, skuName: sku.name, price: sku.price, groupPrice: terms.groupPrice, groupSize: terms.groupSize };
    },

    async removeOffer(userId: string, productId: string, skuId: string): Promise<void> {
      await catalog.setGroupTerms(userId, productId, skuId, null);
    },

    /**
     * A new group on a SKU with group terms, in the caller's transaction (which places
     * the initiator's order next). Until it forms, the deadline is the initiator's
     * payment window: an unpaid group simply lapses.
     */
    async create(ex: Executor, buyerId: string, sku: (CheckoutSku & { groupPrice: number | null; groupSize: number | null; price: number }) | undefined): Promise<GroupBuyRow> {
      if (!sku) throw errors.unknownSku();
      if (sku.groupPrice === null || sku.groupSize === null || sku.groupPrice >= sku.price) throw errors.noGroupOffer();
      const now = clock.now();
      const row: GroupBuyRow = {
        id: newId(now.getTime()),
        sku_id: sku.skuId,
        product_id: sku.productId,
        initiator_id: buyerId,
        group_price: sku.groupPrice,
        group_size: sku.groupSize,
        status: 'forming',
        created_at: now,
        formed_at: null,
        expires_at: new Date(now.getTime() + SEAT_PAYMENT_WINDOW_MS),
        completed_at: null,
        expired_at: null,
        settled_at: null,
      };
      await groupBuyRepo.insert(ex, row);
      return row;
    },

    /** The group locked for a new seat, refused unless this buyer may take one now. */
    async lockForJoin(ex: Executor, buyerId: string, groupId: string): Promise<GroupBuyRow> {
      const row = await groupBuyRepo.findForUpdate(ex, groupId);
      if (!row) throw notFound('group buy');
      const now = clock.now();
      if (row.status === 'expired' || isPast(row, now)) throw errors.expired();
      if (row.status === 'complete') throw errors.full();
      if (!row.formed_at) throw errors.notOpen();
      const seats = await seatsOf(ex, row.id);
      if (seats.some((s) => s.buyerId === buyerId)) throw errors.alreadyMember();
      if (seats.length >= row.group_size) throw errors.full();
      return row;
    },

    /** Its page and its live subscribers learn of a change, on commit. */
    changed: (ex: Executor, id: string) => live.publish(ex, groupBuyTopic(id)),

    group: async (id: string): Promise<GroupBuyView> => view(await existing(id)),

    /**
     * Inside a member's payment (workflows/pay-order.ts): the first payment forms the
     * group (24 h from now); the N-th completes it. Returns the orders a completed
     * group releases to ship (none until then). A payment after the deadline is refused
     * (GROUP_EXPIRED) and rolls back with this transaction.
     */
    async memberPaid(ex: Executor, order: SourcedOrder): Promise<string[]> {
      if (order.source.kind !== 'group_buy') return [];
      const row = await groupBuyRepo.findForUpdate(ex, order.source.id);
      if (!row) return [];
      const now = clock.now();
      if (row.status === 'expired' || isPast(row, now)) throw errors.expired();
      // Cannot happen (a complete group has no unpaid seat); refuse rather than seat an N+1-th member.
      if (row.status === 'complete') throw errors.full();
      const paid = (await seatsOf(ex, row.id)).filter((s) => s.status === 'paid');
      const formed = row.formed_at ? {} : { formed_at: now, expires_at: new Date(now.getTime() + GROUP_LIFETIME_MS) };
      const complete = paid.length >= row.group_size ? { status: 'complete' as const, completed_at: now } : {};
      const patch = { ...formed, ...complete };
      if (Object.keys(patch).length > 0) await groupBuyRepo.update(ex, row.id, patch);
      await live.publish(ex, groupBuyTopic(row.id));
      return complete.status ? paid.map((s) => s.id) : [];
    },

    /** A member cancelled or let their seat expire: the group's live page shows the seat free. */
    async seatClosed(ex: Executor, order: SourcedOrder): Promise<void> {
      await live.publish(ex, groupBuyTopic(order.source.id));
    },

    /**
     * The timer's first half: groups past their deadline expire (one conditional update
     * each, so of two processes exactly one expires a group). Returns how many it expired.
     */
    async expireDue(): Promise<number> {
      const now = clock.now();
      let expired = 0;
      for (const id of await groupBuyRepo.dueIds(db, now)) {
        const won = await db.transaction().execute(async (tx) => {
          const changed = await groupBuyRepo.expireIfDue(tx, id, now);
          if (changed) await live.publish(tx, groupBuyTopic(id));
          return changed;
        });
        if (won) expired++;
      }
      return expired;
    },

    /** Expired groups whose members are not all refunded or dropped yet. */
    unsettledIds: () => groupBuyRepo.unsettledIds(db),

    /** Its members' orders (seats not cancelled). */
    seats: (ex: Executor, id: string) => seatsOf(ex, id),

    /** Every member of the expired group was refunded or dropped. */
    async markSettled(ex: Executor, id: string): Promise<void> {
      await groupBuyRepo.markSettled(ex, id, clock.now());
      await live.publish(ex, groupBuyTopic(id));
    },
  };
}

export type GroupBuyService = ReturnType<typeof createGroupBuyService>;
