/**
 * Conversations between a buyer and a shop (issue 18): one per pair, messages
 * numbered per conversation, read receipts and unread counts kept on the row, the
 * shop's first response time kept per day, contacts masked (masking.ts) with the
 * original sealed under its sender for disputes.
 *
 * Every change publishes, on commit, `conversation:<id>` (its streams read what they
 * have not sent), `inbox:<operatorId>` with the conversation's id, and
 * `buyer-conversations:<buyerId>` (the tab bar badge): stream.ts.
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../database.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { Clock } from '../../lib/clock.js';
import { DAY, MINUTE } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { LiveEvents } from '../../lib/live-events.js';
import type { AccountsService, Limiter } from '../accounts/index.js';
import type { CatalogService } from '../catalog/index.js';
import { REMOVED_TEXT, shownAfterRemoval } from '../chatgovernance/index.js';
import type { MediaService } from '../media/index.js';
import type { NotificationsService } from '../notifications/index.js';
import { lockShop, memberOperator, shopMemberIds, shopNames, shopRole, type OperatorsService } from '../operators/index.js';
import type { OrdersService } from '../orders/index.js';
import type { PrivacyService } from '../privacy/index.js';
import { findProhibited } from '../social/index.js';
import { conversationsErrors as errors } from './errors.js';
import { maskContacts } from './masking.js';
import { conversationsRepo as repo, type ConversationRow, type ListedRow, type MessageRow, type Position } from './repo.js';
import type { ConversationSide } from './tables.js';
import type { CardView, ChatStatsView, ConversationListView, ConversationView, MessagePageView, MessageView, PageInput, QuickReplyView, SendInput } from './view.js';

/** A shop keeps at most this many quick replies. */
export const QUICK_REPLIES_PER_SHOP = 50;
/** An answer about an order unread this long goes to the buyer by SMS too. */
export const ORDER_REPLY_SMS_AFTER_MS = 10 * MINUTE;
/** Repeated “typing” within this long is dropped. */
const TYPING_EVERY_MS = 3000;
/** The storefront's first response time covers the last 30 days. */
const RESPONSE_DAYS = 30;
const PREVIEW_LENGTH = 60;
const BEIJING_MS = 8 * 60 * MINUTE;

export const conversationTopic = (id: string) => `conversation:${id}`;
export const inboxTopic = (operatorId: string) => `inbox:${operatorId}`;
export const buyerTopic = (buyerId: string) => `buyer-conversations:${buyerId}`;

/** The Beijing calendar day of `at` (YYYY-MM-DD) and when it began. */
function beijingDay(at: Date): { day: string; start: Date } {
  const shifted = new Date(at.getTime() + BEIJING_MS);
  const day = shifted.toISOString().slice(0, 10);
  return { day, start: new Date(Date.parse(`${day}T00:00:00Z`) - BEIJING_MS) };
}

const other = (side: ConversationSide): ConversationSide => (side === 'buyer' ? 'shop' : 'buyer');

/** Who is reading: the buyer, or a member of the shop. */
export interface Access {
  conversation: ConversationRow;
  side: ConversationSide;
  userId: string;
}

export interface ConversationsDeps {
  db: Kysely<DB>;
  accounts: AccountsService;
  catalog: CatalogService;
  orders: OrdersService;
  operators: OperatorsService;
  media: MediaService;
  privacy: PrivacyService;
  notifications: NotificationsService;
  live: LiveEvents;
  clock: Clock;
  limiter: Limiter;
  prohibitedWords: readonly string[];
  newPerDay: number;
  /** Our own hosts: links to them are not masked. */
  ownHosts: readonly string[];
  /** How long a stream's presence lasts without a heartbeat. */
  presenceMs: number;
}

export function createConversationsService(deps: ConversationsDeps) {
  const { db, accounts, catalog, orders, operators, media, privacy, notifications, live, clock, limiter } = deps;
  const lastTyping = new Map<string, number>();

  async function access(ex: Executor, userId: string, conversationId: string, forUpdate = false): Promise<Access> {
    const conversation = forUpdate ? await repo.findForUpdate(ex, conversationId) : await repo.find(ex, conversationId);
    if (!conversation) throw notFound('conversation');
    if (conversation.buyer_id === userId) return { conversation, side: 'buyer', userId };
    if (await shopRole(ex, userId, conversation.operator_id)) return { conversation, side: 'shop', userId };
    throw notFound('conversation');
  }

  /** Cards as they are now; an order card only ever reaches the buyer and the shop (access() checked that). */
  async function cardsOf(ex: Executor, rows: readonly MessageRow[]): Promise<Map<string, CardView>> {
    const productIds = rows.flatMap((r) => (r.kind === 'product' && r.product_id ? [r.product_id] : []));
    const orderIds = rows.flatMap((r) => (r.kind === 'order' && r.order_id ? [r.order_id] : []));
    if (productIds.length === 0 && orderIds.length === 0) return new Map();
    const [products, orderCards] = await Promise.all([catalog.productSummaries(ex, productIds), orders.cards(ex, orderIds)]);
    const cards = new Map<string, CardView>();
    for (const r of rows) {
      if (r.kind === 'product') {
        const p = r.product_id ? products.get(r.product_id) : undefined;
        cards.set(r.id, p ? { type: 'product', id: p.id, title: p.title, price: p.price, image: p.image || null, status: p.available ? 'on_sale' : 'off_sale' } : { type: 'unavailable' });
      } else if (r.kind === 'order') {
        const o = r.order_id ? orderCards.get(r.order_id) : undefined;
        cards.set(r.id, o ? { type: 'order', id: o.id, number: o.number, status: o.status, total: o.total, itemCount: o.itemCount } : { type: 'unavailable' });
      }
    }
    return cards;
  }

  async function present(ex: Executor, a: Access, stored: readonly MessageRow[]): Promise<MessageView[]> {
    // Chat governance: a message the platform removed after a report shows as its notice to both sides.
    const rows = stored.map(shownAfterRemoval);
    const cards = await cardsOf(ex, rows);
    const otherRead = a.side === 'buyer' ? a.conversation.shop_read_seq : a.conversation.buyer_read_seq;
    // Which member of the shop answered is internal to the shop.
    const staffIds = a.side === 'shop' ? rows.flatMap((r) => (r.from_side === 'shop' && r.sender_id ? [r.sender_id] : [])) : [];
    const names = staffIds.length > 0 ? await accounts.displayNames(ex, [...new Set(staffIds)]) : new Map<string, string>();
    return rows.map((r) => {
      const card = cards.get(r.id);
      const staffName = r.from_side === 'shop' && r.sender_id ? names.get(r.sender_id) : undefined;
      return {
        id: r.id,
        seq: r.seq,
        conversationId: r.conversation_id,
        from: r.from_side,
        kind: r.kind,
        text: r.body,
        masked: r.masked,
        ...(r.image ? { image: r.image } : {}),
        ...(card ? { card } : {}),
        createdAt: r.created_at.toISOString(),
        // One's own messages carry the other side's receipt; the other side's are read by definition of being shown.
        readByOther: r.from_side === a.side ? r.seq <= otherRead : true,
        ...(staffName !== undefined && r.sender_id ? { staff: { id: r.sender_id, displayName: staffName } } : {}),
      };
    });
  }

  const previewOf = (r: ListedRow): string => {
    if (r.last_removed_at) return REMOVED_TEXT;
    switch (r.last_kind) {
      case 'image':
        return '[图片]';
      case 'product':
        return '[商品]';
      case 'order':
        return '[订单]';
      default:
        return [...(r.last_body ?? '')].slice(0, PREVIEW_LENGTH).join('');
    }
  };

  async function list(ex: Executor, rows: readonly ListedRow[], side: ConversationSide): Promise<ConversationView[]> {
    const names = await shopNames(ex, rows.map((r) => r.operator_id));
    // The shop sees the buyer's display name only, never phone, real name or address (D3).
    const buyers = side === 'shop' ? await accounts.displayNames(ex, [...new Set(rows.map((r) => r.buyer_id))]) : new Map<string, string>();
    return rows.map((r) => ({
      id: r.id,
      shop: { id: r.operator_id, shopName: names.get(r.operator_id) ?? '' },
      ...(side === 'shop' ? { buyer: { displayName: buyers.get(r.buyer_id) ?? '' }, waitingSince: r.waiting_since ? r.waiting_since.toISOString() : null } : {}),
      lastMessage:
        r.last_seq > 0 && r.last_kind && r.last_from && r.last_message_at
          ? { seq: r.last_seq, from: r.last_from, kind: r.last_kind, preview: previewOf(r), createdAt: r.last_message_at.toISOString() }
          : null,
      unread: side === 'buyer' ? r.buyer_unread : r.shop_unread,
      createdAt: r.created_at.toISOString(),
      updatedAt: (r.last_message_at ?? r.created_at).toISOString(),
    }));
  }

  const encode = (segment: string, at: Date, id: string) => `${segment}.${at.getTime()}.${id}`;
  function decode(cursor: string | undefined): { segment: string; after: Position } | undefined {
    if (!cursor) return undefined;
    const [segment, ms, ...rest] = cursor.split('.');
    const at = Number(ms);
    const id = rest.join('.');
    if (!segment || !Number.isSafeInteger(at) || !id) throw new AppError('invalid', 'VALIDATION_FAILED', 'The cursor is not one this list gave', { errors: [{ path: '/querystring/cursor', message: 'is not a cursor of this list' }] });
    return { segment, after: { at: new Date(at), id } };
  }

  /** Publish, on commit, that a conversation changed: its streams, the shop's inbox, the buyer's badge. */
  async function changed(ex: Executor, c: ConversationRow): Promise<void> {
    // One statement: each round trip is held under the conversation's row lock (bench/chat.ts).
    await live.publishAll(ex, [{ topic: conversationTopic(c.id) }, { topic: inboxTopic(c.operator_id), payload: c.id }, { topic: buyerTopic(c.buyer_id) }]);
  }

  /**
   * One in-app notice to the other side until it reads (coalesced by `*_notified`), and
   * only to those with no open stream on this conversation (the shop: nor on its inbox).
   */
  async function noticeOther(ex: Executor, c: ConversationRow, to: ConversationSide): Promise<boolean> {
    if (to === 'buyer' ? c.buyer_notified : c.shop_notified) return false;
    const since = new Date(clock.now().getTime() - deps.presenceMs);
    const recipients = to === 'buyer' ? [c.buyer_id] : await shopMemberIds(ex, c.operator_id);
    const watching = await repo.watching(ex, recipients, { conversationId: c.id, operatorId: to === 'shop' ? c.operator_id : undefined }, since);
    if (watching.size > 0) return false;
    const shopName = to === 'buyer' ? ((await shopNames(ex, [c.operator_id])).get(c.operator_id) ?? '') : '';
    const link = to === 'buyer' ? `/conversations/${c.id}` : `/shop/${c.operator_id}/conversations/${c.id}`;
    const title = to === 'buyer' ? `${shopName} 回复了你` : '买家发来了新消息';
    for (const userId of recipients) await notifications.notify(ex, { userId, kind: 'conversation.message', title, body: '打开对话查看并回复。', link });
    return true;
  }

  /** The text as shown, and the vault record of the original when masking changed it. */
  async function maskAndSeal(ex: Executor, senderId: string, text: string): Promise<{ body: string; masked: boolean; originalRecordId: string | null }> {
    const word = findProhibited([text], deps.prohibitedWords);
    if (word !== undefined) throw errors.prohibited(word);
    const shown = maskContacts(text, deps.ownHosts);
    if (!shown.masked) return { body: text, masked: false, originalRecordId: null };
    // The original may hold contact data: sealed under its sender like any personal data (D3).
    const originalRecordId = await privacy.add(ex, senderId, 'chat_message', text, newId(clock.now().getTime()));
    return { body: shown.text, masked: true, originalRecordId };
  }

  function checkShape(input: SendInput): void {
    const fieldOf = { text: 'text', image: 'image', product: 'productId', order: 'orderId' } as const;
    const needed = fieldOf[input.kind];
    if (input[needed] === undefined) throw errors.kindNeeds(needed);
    for (const field of Object.values(fieldOf)) if (field !== needed && input[field] !== undefined) throw errors.kindRefuses(field);
  }

  return {
    async open(userId: string, operatorId: string): Promise<ConversationView> {
      const shop = await operators.sellingStatus(db, operatorId);
      // A shop under review, refused or closed takes no new conversations.
      if (!shop || !shop.approved || shop.closed) throw notFound('operator');
      if (await shopRole(db, userId, operatorId)) throw errors.ownShop();
      let row = await repo.findPair(db, userId, operatorId);
      if (!row) {
        const now = clock.now();
        // The daily cap counts conversations opened that Beijing day (opening is what a spammer repeats).
        const { start } = beijingDay(now);
        if ((await repo.createdSince(db, userId, start)) >= deps.newPerDay) {
          throw errors.dailyLimit(Math.max(1, Math.ceil((start.getTime() + DAY - now.getTime()) / 1000)), deps.newPerDay);
        }
        await repo.insert(db, { id: newId(now.getTime()), buyer_id: userId, operator_id: operatorId, created_at: now, last_message_at: now });
        row = (await repo.findPair(db, userId, operatorId))!;
      }
      const [view] = await list(db, [{ ...row, ...(await lastOf(db, row)) }], 'buyer');
      return view!;
    },

    async mine(userId: string, page: PageInput): Promise<ConversationListView> {
      const cursor = decode(page.cursor);
      const rows = await repo.ofBuyer(db, userId, { limit: page.limit, after: cursor?.after });
      const last = rows.at(-1);
      return {
        items: await list(db, rows, 'buyer'),
        nextCursor: rows.length === page.limit && last ? encode('a', last.last_message_at ?? last.created_at, last.id) : null,
        unreadTotal: await repo.unreadOfBuyer(db, userId),
      };
    },

    /** Waiting conversations first (oldest wait first), then answered ones by activity; empty ones never. */
    async inbox(userId: string, operatorId: string, page: PageInput): Promise<ConversationListView> {
      await memberOperator(db, userId, operatorId);
      const cursor = decode(page.cursor);
      const rows: ListedRow[] = [];
      let segment = cursor?.segment === 'a' ? 'a' : 'w';
      if (segment === 'w') {
        rows.push(...(await repo.waiting(db, operatorId, { limit: page.limit, after: cursor?.after })));
        if (rows.length < page.limit) segment = 'a';
      }
      if (segment === 'a' && rows.length < page.limit) {
        rows.push(...(await repo.answered(db, operatorId, { limit: page.limit - rows.length, after: cursor?.segment === 'a' ? cursor.after : undefined })));
      }
      const last = rows.at(-1);
      const nextCursor =
        rows.length === page.limit && last ? (last.waiting_since ? encode('w', last.waiting_since, last.id) : encode('a', last.last_message_at ?? last.created_at, last.id)) : null;
      return { items: await list(db, rows, 'shop'), nextCursor, unreadTotal: await repo.unreadOfShop(db, operatorId) };
    },

    async messages(userId: string, conversationId: string, page: PageInput): Promise<MessagePageView> {
      const a = await access(db, userId, conversationId);
      let beforeSeq: number | undefined;
      if (page.cursor !== undefined) {
        beforeSeq = Number(page.cursor);
        if (!/^[0-9]{1,10}$/.test(page.cursor)) throw new AppError('invalid', 'VALIDATION_FAILED', 'The cursor is not one this list gave', { errors: [{ path: '/querystring/cursor', message: 'is not a cursor of this list' }] });
      }
      const rows = await repo.messages(db, conversationId, { limit: page.limit, beforeSeq });
      const last = rows.at(-1);
      const c = a.conversation;
      return {
        items: await present(db, a, rows),
        nextCursor: rows.length === page.limit && last && last.seq > 1 ? String(last.seq) : null,
        unread: a.side === 'buyer' ? c.buyer_unread : c.shop_unread,
        otherReadSeq: a.side === 'buyer' ? c.shop_read_seq : c.buyer_read_seq,
      };
    },

    async send(userId: string, conversationId: string, input: SendInput): Promise<MessageView> {
      checkShape(input);
      await access(db, userId, conversationId); // 404 before spending the sender's budget
      await limiter.consume(`${conversationId}:${userId}`);
      return db.transaction().execute(async (tx) => {
        // The row lock numbers messages one after another and keeps the counters exact.
        const a = await access(tx, userId, conversationId, true);
        const c = a.conversation;
        const now = clock.now();
        const content = { body: null as string | null, masked: false, original_record_id: null as string | null, image: null as string | null, product_id: null as string | null, order_id: null as string | null };
        if (input.kind === 'text') {
          const t = await maskAndSeal(tx, userId, input.text!);
          Object.assign(content, { body: t.body, masked: t.masked, original_record_id: t.originalRecordId });
        } else if (input.kind === 'image') {
          try {
            await media.assertOwnImages(tx, userId, [input.image!], '/body/image');
          } catch (error) {
            if (error instanceof AppError && error.code === 'VALIDATION_FAILED') throw errors.notOwnImage();
            throw error;
          }
          content.image = input.image!;
        } else if (input.kind === 'product') {
          const product = (await catalog.productSummaries(tx, [input.productId!])).get(input.productId!);
          if (!product || product.operator.id !== c.operator_id) throw errors.productNotOfShop();
          content.product_id = product.id;
        } else {
          const order = (await orders.cards(tx, [input.orderId!])).get(input.orderId!);
          if (!order || order.buyerId !== c.buyer_id || order.operatorId !== c.operator_id) throw errors.orderNotOfConversation();
          content.order_id = order.id;
        }
        const seq = c.last_seq + 1;
        const id = newId(now.getTime());
        const row = await repo.insertMessage(tx, { id, conversation_id: c.id, seq, sender_id: userId, from_side: a.side, kind: input.kind, created_at: now, ...content });

        const next: ConversationRow = { ...c, last_seq: seq, last_from: a.side, last_message_at: now };
        // Writing is reading: the sender has seen everything up to their own message.
        if (a.side === 'buyer') {
          Object.assign(next, { buyer_read_seq: seq, buyer_unread: 0, buyer_notified: false, sms_due_at: null, sms_sent: false, shop_unread: c.shop_unread + 1 });
          next.waiting_since = c.waiting_since ?? now;
        } else {
          Object.assign(next, { shop_read_seq: seq, shop_unread: 0, shop_notified: false, buyer_unread: c.buyer_unread + 1 });
          if (c.waiting_since) {
            // The buyer's wait ends with the shop's first answer: the storefront's first response time.
            await repo.addResponse(tx, c.operator_id, beijingDay(now).day, now.getTime() - c.waiting_since.getTime());
            next.waiting_since = null;
          }
          // An answer about one of the buyer's orders, unread for 10 minutes, goes by SMS too (once per unread stretch).
          if (!c.sms_sent && !c.sms_due_at && (input.kind === 'order' || (await repo.hasOrderCard(tx, c.id)))) {
            next.sms_due_at = new Date(now.getTime() + ORDER_REPLY_SMS_AFTER_MS);
          }
        }
        const to = other(a.side);
        if (await noticeOther(tx, next, to)) {
          if (to === 'buyer') next.buyer_notified = true;
          else next.shop_notified = true;
        }
        await repo.update(tx, c.id, {
          last_seq: next.last_seq,
          last_from: next.last_from,
          last_message_at: next.last_message_at,
          buyer_read_seq: next.buyer_read_seq,
          shop_read_seq: next.shop_read_seq,
          buyer_unread: next.buyer_unread,
          shop_unread: next.shop_unread,
          waiting_since: next.waiting_since,
          buyer_notified: next.buyer_notified,
          shop_notified: next.shop_notified,
          sms_due_at: next.sms_due_at,
          sms_sent: next.sms_sent,
        });
        await changed(tx, next);
        const [view] = await present(tx, { ...a, conversation: next }, [row]);
        return view!;
      });
    },

    async read(userId: string, conversationId: string, upToSeq: number | undefined): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const a = await access(tx, userId, conversationId, true);
        const c = a.conversation;
        const target = Math.min(upToSeq ?? c.last_seq, c.last_seq);
        const mine = a.side === 'buyer' ? c.buyer_read_seq : c.shop_read_seq;
        if (target <= mine) return;
        const unread = await repo.countFrom(tx, c.id, other(a.side), target);
        if (a.side === 'buyer') {
          // Everything read ends the unread stretch: a later answer may notify and text again.
          const caughtUp = unread === 0;
          await repo.update(tx, c.id, { buyer_read_seq: target, buyer_unread: unread, ...(caughtUp ? { buyer_notified: false, sms_due_at: null, sms_sent: false } : {}) });
        } else {
          await repo.update(tx, c.id, { shop_read_seq: target, shop_unread: unread, ...(unread === 0 ? { shop_notified: false } : {}) });
        }
        await changed(tx, c);
      });
    },

    async typing(userId: string, conversationId: string): Promise<void> {
      const a = await access(db, userId, conversationId);
      const key = `${conversationId}:${userId}`;
      const now = Date.now();
      if (now - (lastTyping.get(key) ?? 0) < TYPING_EVERY_MS) return;
      lastTyping.set(key, now);
      if (lastTyping.size > 10_000) lastTyping.clear();
      // Ephemeral: published at once, stored nowhere.
      await live.publish(db, conversationTopic(conversationId), JSON.stringify({ typing: a.side }));
    },

    async quickReplies(userId: string, operatorId: string): Promise<QuickReplyView[]> {
      await memberOperator(db, userId, operatorId);
      return (await repo.quickReplies(db, operatorId)).map((r) => ({ id: r.id, text: r.body, createdAt: r.created_at.toISOString() }));
    },

    async addQuickReply(userId: string, operatorId: string, text: string): Promise<QuickReplyView> {
      return db.transaction().execute(async (tx) => {
        await memberOperator(tx, userId, operatorId);
        // Concurrent adds take turns on the shop's row, so the cap holds.
        await lockShop(tx, operatorId);
        if ((await repo.countQuickReplies(tx, operatorId)) >= QUICK_REPLIES_PER_SHOP) throw errors.quickReplyLimit(QUICK_REPLIES_PER_SHOP);
        const word = findProhibited([text], deps.prohibitedWords);
        if (word !== undefined) throw errors.prohibited(word);
        const now = clock.now();
        const id = newId(now.getTime());
        await repo.insertQuickReply(tx, { id, operator_id: operatorId, body: text, created_by: userId, created_at: now });
        return { id, text, createdAt: now.toISOString() };
      });
    },

    async removeQuickReply(userId: string, operatorId: string, replyId: string): Promise<void> {
      await memberOperator(db, userId, operatorId);
      if (!(await repo.deleteQuickReply(db, operatorId, replyId))) throw notFound('quick reply');
    },

    /** The storefront's answer speed: at most 30 day rows summed, never the messages. */
    async chatStats(operatorId: string): Promise<ChatStatsView> {
      const { day } = beijingDay(new Date(clock.now().getTime() - (RESPONSE_DAYS - 1) * DAY));
      const { totalMs, turns } = await repo.responseTotals(db, operatorId, day);
      return { firstResponseSeconds: turns > 0 ? Math.round(totalMs / turns / 1000) : null, sampleSize: turns };
    },

    /**
     * The 10-minute SMS (issue 18): a shop's answer in a conversation carrying one of
     * the buyer's orders, still unread. Never marketing; at most one per unread stretch.
     */
    async sweepOrderReplySms(): Promise<number> {
      let sent = 0;
      for (const { id } of await repo.smsDue(db, clock.now(), 100)) {
        sent += await db.transaction().execute(async (tx) => {
          const c = await repo.findForUpdate(tx, id);
          if (!c || !c.sms_due_at || c.sms_due_at > clock.now()) return 0;
          const due = !c.sms_sent && c.buyer_unread > 0;
          await repo.update(tx, id, { sms_due_at: null, ...(due ? { sms_sent: true } : {}) });
          if (!due) return 0;
          const shopName = (await shopNames(tx, [c.operator_id])).get(c.operator_id) ?? '商家';
          await notifications.notify(tx, {
            userId: c.buyer_id,
            kind: 'conversation.order_reply',
            title: `${shopName}回复了你的订单咨询`,
            body: '商家回复了你关于订单的咨询，请打开对话查看。',
            link: `/conversations/${id}`,
            sms: true,
          });
          return 1;
        });
      }
      return sent;
    },

    /** For stream.ts: the same access rule as every route. */
    access: (userId: string, conversationId: string) => access(db, userId, conversationId),
    present: (a: Access, rows: readonly MessageRow[]) => present(db, a, rows),
  };

  async function lastOf(ex: Executor, row: ConversationRow): Promise<{ last_kind: MessageRow['kind'] | null; last_body: string | null; last_removed_at: Date | null }> {
    if (row.last_seq === 0) return { last_kind: null, last_body: null, last_removed_at: null };
    const [m] = await repo.messages(ex, row.id, { limit: 1, beforeSeq: row.last_seq + 1 });
    return { last_kind: m?.kind ?? null, last_body: m?.body ?? null, last_removed_at: m?.removed_at ?? null };
  }
}

export type ConversationsService = ReturnType<typeof createConversationsService>;
