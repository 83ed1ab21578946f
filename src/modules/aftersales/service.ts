/**
 * After-sales (售后; issue 17 items 7–9; R9, R10): the shop's return addresses, and
 * requests on order items with their state machine, deadlines and timeline. Each state
 * change here runs in the caller's transaction with the request locked; the money and
 * the order's own state move in the workflow (workflows/after-sales.ts), which calls
 * these steps. A step appends to the timeline (never rewritten) and tells the other side.
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../database.js';
import type { Clock } from '../../lib/clock.js';
import { notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { nextCursor } from '../../lib/paging.js';
import type { AccountsService } from '../accounts/index.js';
import type { MediaService } from '../media/index.js';
import type { NotificationsService } from '../notifications/index.js';
import type { OperatorsService } from '../operators/index.js';
import type { OrderRow, OrdersService } from '../orders/index.js';
import type { PrivacyService } from '../privacy/index.js';
import { afterSalesErrors as errors } from './errors.js';
import { notices, type Notice } from './notices.js';
import { afterSalesRepo as repo, OPEN_STATUSES, type AfterSaleItemRow, type AfterSaleRow, type ReturnAddressRow } from './repo.js';
import { faultPeriods, FAULT_REASONS, noReason, requestRefusal, SHOP_ANSWER_MS, type OrderFacts } from './rules.js';
import type { AfterSaleActor, AfterSaleReason, AfterSaleStatus, AfterSaleType, AfterSalesTable } from './tables.js';
import { presentAfterSale, presentItems, presentSummary, type AfterSaleView, type CreateInput, type OptionsView, type ReturnAddressView } from './view.js';
import type { Updateable } from 'kysely';

export interface ReturnAddressInput {
  recipient: string;
  phone: string;
  region: string;
  line: string;
  isDefault?: boolean | undefined;
}
export interface ReturnAddress extends ReturnAddressView {
  id: string;
  isDefault: boolean;
  createdAt: string;
}

const TYPES: readonly AfterSaleType[] = ['refund_only', 'return_refund', 'exchange'];
const REASONS: readonly AfterSaleReason[] = ['no_reason', 'not_received', 'quality_problem', 'not_as_described', 'wrong_item', 'damaged', 'missing_parts', 'other'];
/** Statuses in which the buyer of a return sees where to send it. */
const ADDRESS_SHOWN: readonly AfterSaleStatus[] = ['approved', 'returning', 'received'];
/** An order item's value, fen. */
const valueOf = (i: { unit_price: number; quantity: number }) => i.unit_price * i.quantity;

export function createAfterSalesService(deps: {
  db: Kysely<DB>;
  privacy: PrivacyService;
  operators: OperatorsService;
  orders: OrdersService;
  media: MediaService;
  notifications: NotificationsService;
  accounts: AccountsService;
  clock: Clock;
}) {
  const { db, privacy, operators, orders, media, notifications, accounts, clock } = deps;
  const later = (ms: number, from = clock.now()) => new Date(from.getTime() + ms);

  const addressValue = (input: ReturnAddressView) => JSON.stringify({ recipient: input.recipient, phone: input.phone, region: input.region, line: input.line });
  const presentAddress = (row: ReturnAddressRow, value: string): ReturnAddress => ({
    id: row.id,
    ...(JSON.parse(value) as ReturnAddressView),
    isDefault: row.is_default,
    createdAt: row.created_at.toISOString(),
  });
  /** The sealed values of a shop's addresses, opened for its owner (its own data: no log). */
  async function ownValues(ex: Executor, ownerId: string): Promise<Map<string, string>> {
    return new Map((await privacy.readOwn(ex, ownerId, ['return_address'])).map((r) => [r.id, r.value]));
  }
  async function ownedAddress(ex: Executor, userId: string, operatorId: string, addressId: string) {
    const shop = await operators.requireOwnedShop(ex, userId, operatorId);
    const row = await repo.findAddress(ex, operatorId, addressId);
    if (!row) throw notFound('return address');
    return { shop, row };
  }

  async function append(ex: Executor, id: string, type: string, actor: AfterSaleActor, actorId: string | null, extra: { body?: string | null; images?: string[]; detail?: Record<string, unknown> } = {}) {
    await repo.insertEvent(ex, {
      id: newId(clock.now().getTime()),
      after_sale_id: id,
      type,
      actor,
      actor_id: actorId,
      body: extra.body ?? null,
      images: JSON.stringify(extra.images ?? []),
      detail: JSON.stringify(extra.detail ?? {}),
      at: clock.now(),
    });
  }
  /** Tell the buyer or the shop's owner, in the caller's transaction. */
  async function tell(ex: Executor, r: AfterSaleRow, to: 'buyer' | 'shop', notice: Notice) {
    const userId = to === 'buyer' ? r.buyer_id : (await operators.sellingStatus(ex, r.operator_id))?.ownerId;
    if (userId) await notifications.notify(ex, { userId, ...notice });
  }
  /** The request moves on: its row, one timeline entry; a finished one frees its items. */
  async function change(ex: Executor, r: AfterSaleRow, patch: Updateable<AfterSalesTable>, event: { type: string; actor: AfterSaleActor; actorId: string | null; body?: string | null; detail?: Record<string, unknown> }) {
    const status = patch.status ?? r.status;
    const over = !OPEN_STATUSES.includes(status as AfterSaleStatus);
    await repo.update(ex, r.id, { ...patch, ...(over && OPEN_STATUSES.includes(r.status) ? { closed_at: clock.now() } : {}) });
    if (over) await repo.releaseItems(ex, r.id);
    await append(ex, r.id, event.type, event.actor, event.actorId, { body: event.body ?? null, detail: event.detail ?? {} });
    return (await repo.find(ex, r.id))!;
  }

  /** The request (locked when asked) if this user is its buyer or owns its shop; anyone else gets the same 404 as a missing one. */
  async function party(ex: Executor, userId: string, id: string, lock = true): Promise<{ r: AfterSaleRow; role: 'buyer' | 'shop'; ownerId: string; individual: boolean }> {
    const r = lock ? await repo.findForUpdate(ex, id) : await repo.find(ex, id);
    if (r) {
      const shop = await operators.sellingStatus(ex, r.operator_id);
      const ownerId = shop?.ownerId ?? '';
      const individual = shop?.kind === 'individual';
      if (r.buyer_id === userId) return { r, role: 'buyer', ownerId, individual };
      if (ownerId === userId) return { r, role: 'shop', ownerId, individual };
    }
    throw notFound('after-sales request');
  }

  async function itemsOf(ex: Executor, r: AfterSaleRow, ids?: string[]): Promise<AfterSaleItemRow[]> {
    const held = new Set(ids ?? (await repo.itemIdsOf(ex, [r.id])).get(r.id) ?? []);
    return (await orders.itemsOf(ex, r.order_id)).filter((i) => held.has(i.id));
  }
  const numberOf = async (ex: Executor, orderId: string) => (await orders.find(ex, orderId))?.number ?? '';
  /** The buyer as the shop may know them: the display name, never a phone or an address. */
  const buyerOf = async (ex: Executor, r: AfterSaleRow) => ({ displayName: (await accounts.displayNames(ex, [r.buyer_id])).get(r.buyer_id) ?? '' });

  async function summaries(rows: AfterSaleRow[], limit: number, cursor?: (r: AfterSaleRow) => string) {
    const ids = await repo.itemIdsOf(db, rows.map((r) => r.id));
    const items = [];
    // One read after another: the pool may be a single connection.
    for (const r of rows) items.push(presentSummary(r, await numberOf(db, r.order_id), await buyerOf(db, r), await itemsOf(db, r, ids.get(r.id) ?? [])));
    return { items, nextCursor: nextCursor(rows, limit, cursor) };
  }

  /** The order's facts the rules need, and its items. */
  async function factsOf(ex: Executor, order: OrderRow) {
    const items = await orders.itemsOf(ex, order.id);
    const facts: OrderFacts = {
      status: order.status,
      receivedAt: order.received_at,
      exclusionConfirmed: order.return_exclusion_confirmed,
      items: items.map((i) => ({ returnClass: i.return_class, title: i.title })),
    };
    return { facts, items };
  }

  return {
    // --- Return addresses (the shop owner's) ---

    /** The first address is the default; `isDefault` makes a later one so. */
    async addAddress(userId: string, operatorId: string, input: ReturnAddressInput): Promise<ReturnAddress> {
      return db.transaction().execute(async (tx) => {
        const shop = await operators.requireOwnedShop(tx, userId, operatorId);
        // Lock the shop's addresses in order, so two first addresses at once make one default.
        const existing = await repo.addressesOf(tx, operatorId);
        const isDefault = existing.length === 0 || input.isDefault === true;
        if (isDefault) await repo.clearDefault(tx, operatorId);
        const id = await privacy.add(tx, shop.ownerId, 'return_address', addressValue(input), newId(clock.now().getTime()));
        await repo.insertAddress(tx, { id, operator_id: operatorId, is_default: isDefault, created_at: clock.now() });
        return presentAddress((await repo.findAddress(tx, operatorId, id))!, addressValue(input));
      });
    },

    async addresses(userId: string, operatorId: string): Promise<ReturnAddress[]> {
      const shop = await operators.requireOwnedShop(db, userId, operatorId);
      const rows = await repo.addressesOf(db, operatorId);
      const values = await ownValues(db, shop.ownerId);
      return rows.flatMap((row) => (values.has(row.id) ? [presentAddress(row, values.get(row.id)!)] : []));
    },

    async updateAddress(userId: string, operatorId: string, addressId: string, patch: Partial<ReturnAddressView> & { isDefault?: boolean | undefined }): Promise<ReturnAddress> {
      return db.transaction().execute(async (tx) => {
        const { shop, row } = await ownedAddress(tx, userId, operatorId, addressId);
        const current = JSON.parse((await ownValues(tx, shop.ownerId)).get(row.id) ?? '{}') as ReturnAddressView;
        const next = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([k, v]) => k !== 'isDefault' && v !== undefined)) } as ReturnAddressView;
        if (addressValue(next) !== addressValue(current)) await privacy.replace(tx, shop.ownerId, 'return_address', row.id, addressValue(next));
        if (patch.isDefault && !row.is_default) {
          await repo.clearDefault(tx, operatorId);
          await repo.updateAddress(tx, row.id, { is_default: true });
        }
        return presentAddress((await repo.findAddress(tx, operatorId, row.id))!, addressValue(next));
      });
    },

    /** Removed from the list (kept for the requests that went to it); the next oldest becomes the default. */
    async removeAddress(userId: string, operatorId: string, addressId: string): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const { row } = await ownedAddress(tx, userId, operatorId, addressId);
        if (await repo.addressInUse(tx, row.id)) throw errors.addressInUse();
        await repo.updateAddress(tx, row.id, { removed_at: clock.now(), is_default: false });
        if (row.is_default) {
          const next = (await repo.addressesOf(tx, operatorId))[0];
          if (next) await repo.updateAddress(tx, next.id, { is_default: true });
        }
      });
    },

    /** The shop's address for a return: the one named, or its default; undefined when it has none. */
    async returnAddressFor(ex: Executor, operatorId: string, addressId?: string): Promise<string | undefined> {
      if (addressId) {
        const row = await repo.findAddress(ex, operatorId, addressId);
        if (!row) throw errors.unknownReturnAddress();
        return row.id;
      }
      return (await repo.defaultAddress(ex, operatorId))?.id;
    },

    // --- Requests ---

    /** What the buyer may ask for on this order now (the form's choices). */
    async options(ex: Executor, order: OrderRow, openDisputeId: string | null): Promise<OptionsView> {
      const now = clock.now();
      const { facts, items } = await factsOf(ex, order);
      const openOf = await repo.openRequestsOfItems(ex, items.map((i) => i.id));
      const refundable = Math.max(0, order.total - order.refunded);
      // What some reason allows now, and the reasons some type allows now.
      const allowed = (type: AfterSaleType, reason: AfterSaleReason) => requestRefusal(facts, type, reason, now) === null;
      const types = TYPES.filter((type) => REASONS.some((reason) => allowed(type, reason)));
      const reasons = REASONS.filter((reason) => TYPES.some((type) => allowed(type, reason)));
      const nr = noReason(facts, now);
      const periods = faultPeriods(order.received_at);
      const iso = (d: Date | null) => (d ? d.toISOString() : null);
      return {
        orderId: order.id,
        received: order.received_at !== null && ['received', 'completed'].includes(order.status),
        refundable,
        types: openDisputeId ? [] : types,
        reasons: openDisputeId ? [] : reasons,
        noReason: { allowed: nr.allowed, until: iso(nr.until), blocked: nr.blocked },
        faultReturnUntil: iso(periods.returnUntil),
        faultExchangeUntil: iso(periods.exchangeUntil),
        items: items.map((i) => ({
          ...presentItems([i])[0]!,
          refundable: Math.min(valueOf(i), refundable),
          openRequestId: openOf.get(i.id) ?? null,
        })),
        openDisputeId,
      };
    },

    /**
     * The buyer asks, on its own order locked by the caller (no dispute open on it, checked
     * by the caller). Returns the new request's id.
     */
    async open(tx: Executor, buyerId: string, order: OrderRow, input: CreateInput): Promise<string> {
      const now = clock.now();
      const { facts, items } = await factsOf(tx, order);
      const refusal = requestRefusal(facts, input.type, input.reason, now);
      if (refusal) throw errors.refused(refusal);
      // R9: a no-reason return is judged on the chosen items only.
      const chosenIds = input.itemIds ?? items.map((i) => i.id);
      const byId = new Map(items.map((i) => [i.id, i]));
      chosenIds.forEach((id, index) => {
        if (!byId.has(id)) throw errors.unknownItem(index);
      });
      const chosen = chosenIds.map((id) => byId.get(id)!);
      if (input.reason === 'no_reason') {
        const r = noReason({ ...facts, items: chosen.map((i) => ({ returnClass: i.return_class, title: i.title })) }, now);
        if (!r.allowed) throw errors.refused({ code: 'NO_REASON_NOT_ALLOWED', detail: r.detail!, blocked: r.blocked! });
      }
      const held = await repo.openRequestsOfItems(tx, chosenIds);
      if (held.size > 0) throw errors.alreadyOpen([...held.values()][0]!);
      if (input.amount !== undefined && input.type !== 'refund_only') throw errors.amountOnlyForRefund();
      const refundable = order.total - order.refunded;
      if (refundable <= 0 && input.type !== 'exchange') throw errors.nothingRefundable();
      // The whole order (add-ons too) when no items are named; else what the chosen items cost.
      const cap = input.itemIds ? Math.min(refundable, chosen.reduce((sum, i) => sum + valueOf(i), 0)) : refundable;
      if (input.amount !== undefined && input.amount > cap) throw errors.amountOverRefundable(cap);
      const amount = input.type === 'exchange' ? 0 : (input.amount ?? cap);
      const images = input.images ?? [];
      await media.assertOwnImages(tx, buyerId, images, '/body/images');
      const id = newId(now.getTime());
      const deadline = later(SHOP_ANSWER_MS, now);
      await repo.insert(
        tx,
        {
          id,
          order_id: order.id,
          buyer_id: buyerId,
          operator_id: order.operator_id,
          type: input.type,
          reason: input.reason,
          description: input.description ?? null,
          images: JSON.stringify(images),
          amount,
          status: 'requested',
          deadline,
          created_at: now,
        },
        chosenIds,
      );
      await append(tx, id, 'requested', 'buyer', buyerId, { body: input.description ?? null, images, detail: { type: input.type, reason: input.reason, amount, itemIds: chosenIds } });
      await tell(tx, (await repo.find(tx, id))!, 'shop', notices.requested(id, input.type, deadline));
      return id;
    },

    lock: (ex: Executor, id: string) => repo.findForUpdate(ex, id),
    /** The order a request is on (read before locking the order first); 404 when there is no such request. */
    async orderOf(ex: Executor, id: string): Promise<string> {
      const r = await repo.find(ex, id);
      if (!r) throw notFound('after-sales request');
      return r.order_id;
    },
    /** The order's request whose goods are on their way back, if any. */
    returningOf: (ex: Executor, orderId: string) => repo.returningOfOrder(ex, orderId),
    /** The request locked, if this user is a party to it (404 otherwise), with its role. */
    party,
    change,
    tell,
    append,
    later,
    /** Open requests pause the order's automatic receipt and completion (like an open dispute). */
    hasOpenRequest: async (ex: Executor, orderId: string) => (await repo.openOfOrder(ex, orderId)) !== undefined,
    due: (status: AfterSaleStatus, now: Date) => repo.due(db, status, now),
    /** Every timeline entry of the request, oldest first (escalation copies them into the dispute). */
    historyOf: (ex: Executor, id: string) => repo.eventsOf(ex, id),
    itemsOf,

    /**
     * The request as its buyer or shop sees it. A return's address goes to the buyer only
     * while the return is approved and under way; reading an individual's address (a
     * person's data) writes a row in the owner's access log (PIPL; D3).
     */
    async get(userId: string, id: string): Promise<AfterSaleView> {
      return db.transaction().execute(async (tx) => {
        const { r, role, ownerId, individual } = await party(tx, userId, id, false);
        let returnAddress: ReturnAddressView | null = null;
        if (r.return_address_id && (role === 'shop' || ADDRESS_SHOWN.includes(r.status))) {
          const records =
            role === 'buyer' && individual
              ? await privacy.readAs(tx, { actorId: userId, as: { role: 'user' }, subjectId: ownerId, kinds: ['return_address'], reason: { code: 'after_sale_return', requestId: r.id } })
              : await privacy.readOwn(tx, ownerId, ['return_address']);
          const value = records.find((x) => x.id === r.return_address_id)?.value;
          if (value) returnAddress = JSON.parse(value) as ReturnAddressView;
        }
        return presentAfterSale(r, await numberOf(tx, r.order_id), await buyerOf(tx, r), await itemsOf(tx, r), await repo.eventsOf(tx, r.id), returnAddress);
      });
    },

    async ofBuyer(buyerId: string, filter: { status?: AfterSaleStatus | undefined; limit: number; cursor?: string | undefined }) {
      return summaries(await repo.ofBuyer(db, buyerId, { status: filter.status, limit: filter.limit, before: filter.cursor }), filter.limit);
    },

    /** The shop's inbox, the soonest deadline first (the cursor carries the deadline and id of the last row). */
    async ofShop(userId: string, operatorId: string, filter: { status?: AfterSaleStatus | undefined; type?: AfterSaleType | undefined; limit: number; cursor?: string | undefined }) {
      await operators.requireOwnedShop(db, userId, operatorId);
      const after = filter.cursor ? parseCursor(filter.cursor) : undefined;
      const rows = await repo.ofShop(db, operatorId, { status: filter.status, type: filter.type, limit: filter.limit, after });
      return summaries(rows, filter.limit, (r) => `${r.deadline ? r.deadline.toISOString() : '~'}|${r.id}`);
    },

    /** PIPL art. 45: the buyer's requests with their timelines (the export). */
    async exportOfBuyer(ex: Executor, buyerId: string) {
      const rows = await repo.ofBuyer(ex, buyerId, { limit: 10_000 });
      const out = [];
      for (const r of rows) out.push(presentAfterSale(r, await numberOf(ex, r.order_id), await buyerOf(ex, r), await itemsOf(ex, r), await repo.eventsOf(ex, r.id), null));
      return out;
    },

    /** PIPL art. 45: the return addresses of the shops this user owns (the operator's export). */
    async exportAddressesOf(ex: Executor, ownerId: string) {
      const values = await ownValues(ex, ownerId);
      return (await repo.addressesByIds(ex, [...values.keys()])).flatMap((row) =>
        values.has(row.id) ? [{ ...presentAddress(row, values.get(row.id)!), operatorId: row.operator_id, removedAt: row.removed_at?.toISOString() ?? null }] : [],
      );
    },

    /** A fault return's postage is the shop's. */
    shopPaysReturn: (r: AfterSaleRow) => FAULT_REASONS.has(r.reason),
  };
}

/** `<deadline ISO or "~">|<id>`; anything else starts from the top. */
function parseCursor(cursor: string): { deadline: Date | null; id: string } | undefined {
  const [deadline, id] = cursor.split('|');
  if (!deadline || !id) return undefined;
  if (deadline === '~') return { deadline: null, id };
  const at = new Date(deadline);
  return Number.isNaN(at.getTime()) ? undefined : { deadline: at, id };
}

export type AfterSalesService = ReturnType<typeof createAfterSalesService>;
