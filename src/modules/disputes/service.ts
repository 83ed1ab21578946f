/**
 * Disputes (issue 7; D5, D6, D7, R16; RULES.md "Disputes"; API.md "Disputes"): the
 * buyer opens a case on its own order with a claim; the operator accepts (and pays
 * at once) or refuses within 48 h, else the case goes to arbitration; after a
 * refusal the buyer may escalate within 7 days, else the case closes; the platform
 * rules within 5 days of escalation (an overdue case is flagged). Every step is
 * appended to the case's timeline, which the database refuses to rewrite.
 *
 * Each change locks the case row first, so an operator's answer and the timer's
 * escalation at the same moment queue up and the second sees what the first did.
 * Money moves inside that transaction, with transfer ids derived from the case, so
 * nothing is paid twice.
 *
 * @example
 *   const d = await disputes.open(buyerId, { orderId, category: 'quality', claim: { refund: 5_000 }, description: '破了' });
 *   await disputes.respond(operatorOwnerId, d.id, { accept: true }); // refund paid now
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../db/index.js';
import { notFound } from '../../http/errors.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { nextCursor } from '../../lib/paging.js';
import type { AuditService } from '../audit/index.js';
import type { LedgerService } from '../ledger/index.js';
import type { MediaService } from '../media/index.js';
import type { OperatorsService } from '../operators/index.js';
import type { OrdersService } from '../orders/index.js';
import { disputesErrors as errors } from './errors.js';
import { renderRecord } from './record.js';
import { disputeStats } from './stats-repo.js';
import { disputesRepo, OPEN_STATUSES, type DisputeEventRow, type DisputeRow } from './repo.js';
import { claimProblem, ESCALATION_WINDOW_MS, RESPONSE_WINDOW_MS, RULING_WINDOW_MS } from './rules.js';
import type { DisputeCategory, DisputeStatus } from './tables.js';

export interface OpenInput {
  orderId: string;
  category: DisputeCategory;
  claim: { refund: number; compensation?: number | undefined };
  description: string;
  evidence?: string[] | undefined;
}

export interface DisputeView {
  id: string;
  orderId: string;
  buyerId: string;
  operatorId: string;
  status: DisputeStatus;
  category: DisputeCategory;
  paid: number;
  claim: { refund: number; compensation: number };
  description: string;
  evidence: string[];
  /** When the party whose turn it is must have acted; null once the case is over. */
  deadline: string | null;
  overdue: boolean;
  messages: { authorId: string; body: string; evidence: string[]; at: string }[];
  timeline: { type: string; actorId: string | null; at: string; detail: Record<string, unknown> }[];
  ruling: { by: 'operator' | 'platform'; refund: number; compensation: number; reason: string | null } | null;
  createdAt: string;
  closedAt: string | null;
}

/** Orders a dispute may be opened on: paid (held in escrow) or delivered. */
const DISPUTABLE = new Set(['paid', 'shipped', 'received', 'completed']);

export function createDisputesService(deps: { db: Kysely<DB>; ledger: LedgerService; orders: OrdersService; operators: OperatorsService; media: MediaService; audit: AuditService; clock: Clock }) {
  const { db, ledger, orders, operators, media, audit, clock } = deps;

  function present(d: DisputeRow, events: DisputeEventRow[]): DisputeView {
    return {
      id: d.id,
      orderId: d.order_id,
      buyerId: d.buyer_id,
      operatorId: d.operator_id,
      status: d.status,
      category: d.category,
      paid: d.paid,
      claim: { refund: d.claim_refund, compensation: d.claim_compensation },
      description: d.description,
      evidence: d.evidence,
      deadline: d.deadline ? d.deadline.toISOString() : null,
      overdue: d.overdue,
      messages: events.filter((e) => e.type === 'message').map((e) => ({ authorId: e.actor_id!, body: e.body!, evidence: e.evidence, at: e.at.toISOString() })),
      timeline: events.map((e) => ({ type: e.type, actorId: e.actor_id, at: e.at.toISOString(), detail: e.detail })),
      ruling: d.status === 'resolved' ? { by: d.resolved_by!, refund: d.refund!, compensation: d.compensation!, reason: d.ruling_reason } : null,
      createdAt: d.created_at.toISOString(),
      closedAt: d.closed_at ? d.closed_at.toISOString() : null,
    };
  }

  const view = async (id: string) => present((await disputesRepo.find(db, id))!, await disputesRepo.eventsOf(db, id));

  async function append(ex: Executor, disputeId: string, type: string, actorId: string | null, extra: { body?: string; evidence?: string[]; detail?: Record<string, unknown> } = {}) {
    await disputesRepo.insertEvent(ex, {
      id: newId(clock.now().getTime()),
      dispute_id: disputeId,
      type,
      actor_id: actorId,
      body: extra.body ?? null,
      evidence: JSON.stringify(extra.evidence ?? []),
      detail: JSON.stringify(extra.detail ?? {}),
      at: clock.now(),
    });
  }

  const isOperator = async (ex: Executor, userId: string, d: DisputeRow) => (await operators.sellingStatus(ex, d.operator_id))?.ownerId === userId;

  /** The case locked, if this user is a party to it (or an admin); others get the same 404 as a missing case. */
  async function partyCase(ex: Executor, userId: string, id: string, admin = false, lock = true): Promise<{ d: DisputeRow; role: 'buyer' | 'operator' | 'admin' }> {
    const d = lock ? await disputesRepo.findForUpdate(ex, id) : await disputesRepo.find(ex, id);
    if (d?.buyer_id === userId) return { d, role: 'buyer' };
    if (d && (await isOperator(ex, userId, d))) return { d, role: 'operator' };
    if (d && admin) return { d, role: 'admin' };
    throw notFound('dispute');
  }

  /**
   * The operator pays `amount` to the buyer from its accounts in the given order;
   * what they cannot cover the platform advances, recorded as the operator's debt
   * (its `operator_debt` account). Returns where the money came from.
   */
  async function collect(ex: Executor, d: DisputeRow, amount: number, tag: string, sources: readonly ('operator_deposit' | 'operator_receivable')[]) {
    const wallet = await ledger.account(ex, 'user_wallet', d.buyer_id);
    const from: Record<string, number> = {};
    let rest = amount;
    for (const code of sources) {
      const account = await ledger.account(ex, code, d.operator_id);
      const take = await ledger.transferAvailable(ex, { id: `dispute:${d.id}:${tag}:${code}`, debit: account, credit: wallet, upTo: rest, code: `dispute_${tag}`, reference: d.id });
      if (take <= 0) continue;
      from[code] = take;
      rest -= take;
    }
    if (rest > 0) {
      const debt = await ledger.account(ex, 'operator_debt', d.operator_id);
      await ledger.transfer(ex, { id: `dispute:${d.id}:${tag}:advance`, debit: debt, credit: wallet, amount: rest, code: `dispute_${tag}_advance`, reference: d.id });
      from['platform_advance'] = rest;
    }
    return from;
  }

  /** The outcome's money, at once: the refund (escrow first), then compensation (deposit first). */
  async function pay(ex: Executor, d: DisputeRow, refund: number, compensation: number, actorId: string | null) {
    const { owedByOperator } = await orders.refundForDispute(ex, d.order_id, { refund, idPrefix: `dispute:${d.id}:refund`, actorId });
    const refundFrom = owedByOperator > 0 ? await collect(ex, d, owedByOperator, 'refund', ['operator_receivable', 'operator_deposit']) : {};
    const compensationFrom = compensation > 0 ? await collect(ex, d, compensation, 'compensation', ['operator_deposit', 'operator_receivable']) : {};
    return { refund, compensation, refundFromOperator: refundFrom, compensationFrom };
  }

  async function resolve(ex: Executor, d: DisputeRow, by: 'operator' | 'platform', refund: number, compensation: number, reason: string | null, actorId: string) {
    const money = await pay(ex, d, refund, compensation, actorId);
    const now = clock.now();
    await disputesRepo.update(ex, d.id, { status: 'resolved', refund, compensation, ruling_reason: reason, resolved_by: by, deadline: null, closed_at: now });
    await append(ex, d.id, by === 'operator' ? 'accepted' : 'ruled', actorId, { ...(reason ? { body: reason } : {}), detail: money });
  }

  return {
    /** The buyer opens a case on its own order; one open case per order. */
    async open(buyerId: string, input: OpenInput): Promise<DisputeView> {
      const id = newId(clock.now().getTime());
      await db.transaction().execute(async (tx) => {
        const order = await orders.lockForDispute(tx, input.orderId);
        if (!order || order.buyerId !== buyerId) throw notFound('order');
        if (!DISPUTABLE.has(order.status)) throw errors.orderNotDisputable(order.status);
        const existing = await disputesRepo.openOfOrder(tx, order.id);
        if (existing) throw errors.alreadyOpen(existing);
        const compensation = input.claim.compensation ?? 0;
        const problem = claimProblem(input.category, order.total, input.claim.refund, compensation);
        if (problem === 'refund') throw errors.refundOverPaid(order.total);
        if (problem === 'compensation') throw errors.compensationOverPrice();
        const evidence = input.evidence ?? [];
        await media.assertOwnImages(tx, buyerId, evidence, '/body/evidence');
        const now = clock.now();
        await disputesRepo.insert(tx, {
          id,
          order_id: order.id,
          buyer_id: buyerId,
          operator_id: order.operatorId,
          category: input.category,
          paid: order.total,
          claim_refund: input.claim.refund,
          claim_compensation: compensation,
          description: input.description,
          evidence: JSON.stringify(evidence),
          status: 'open',
          deadline: new Date(now.getTime() + RESPONSE_WINDOW_MS),
          created_at: now,
        });
        await append(tx, id, 'opened', buyerId, { body: input.description, evidence, detail: { category: input.category, refund: input.claim.refund, compensation } });
      });
      return view(id);
    },

    /** To the buyer, the operator's owner and admins; anyone else gets 404. */
    async get(userId: string, id: string, admin: boolean): Promise<DisputeView> {
      await partyCase(db, userId, id, admin, false);
      return view(id);
    },

    /** R16: the printable record of the case for a party (or an admin), with the money it moved. */
    async record(userId: string, id: string, admin: boolean): Promise<string> {
      const { d } = await partyCase(db, userId, id, admin, false);
      const onCase = await ledger.transfersFor(db, d.id);
      // The refund legs carry the order as their reference; those the case made have its id in theirs.
      const onOrder = (await ledger.transfersFor(db, d.order_id)).filter((x) => x.id.startsWith(`dispute:${d.id}:`));
      return renderRecord(await view(id), [...onOrder, ...onCase]);
    },

    /** Either party (or an admin) adds a message with evidence while the case is open. */
    async message(userId: string, id: string, input: { body: string; evidence?: string[] | undefined }, admin: boolean): Promise<DisputeView> {
      await db.transaction().execute(async (tx) => {
        const { d } = await partyCase(tx, userId, id, admin);
        if (!OPEN_STATUSES.includes(d.status)) throw errors.wrongState('add a message to', d.status);
        const evidence = input.evidence ?? [];
        await media.assertOwnImages(tx, userId, evidence, '/body/evidence');
        await append(tx, d.id, 'message', userId, { body: input.body, evidence });
      });
      return view(id);
    },

    /** The operator accepts (pays the claim at once) or refuses with a reason, while the case is open. */
    async respond(userId: string, id: string, input: { accept: boolean; reason?: string | undefined }): Promise<DisputeView> {
      if (!input.accept && !input.reason) throw errors.reasonRequired();
      await db.transaction().execute(async (tx) => {
        const { d, role } = await partyCase(tx, userId, id);
        if (role !== 'operator') throw notFound('dispute');
        if (d.status !== 'open') throw errors.wrongState('answer', d.status);
        if (input.accept) return resolve(tx, d, 'operator', d.claim_refund, d.claim_compensation, null, userId);
        await disputesRepo.update(tx, d.id, { status: 'responded', deadline: new Date(clock.now().getTime() + ESCALATION_WINDOW_MS) });
        await append(tx, d.id, 'refused', userId, { body: input.reason! });
      });
      return view(id);
    },

    /** Either party asks the platform to rule. */
    async escalate(userId: string, id: string): Promise<DisputeView> {
      await db.transaction().execute(async (tx) => {
        const { d, role } = await partyCase(tx, userId, id);
        if (d.status !== 'open' && d.status !== 'responded') throw errors.wrongState('escalate', d.status);
        // After a refusal the buyer has 7 days, whether or not the timer has closed the case yet.
        if (d.status === 'responded' && d.deadline! <= clock.now()) throw errors.escalationClosed();
        await disputesRepo.update(tx, d.id, { status: 'arbitration', deadline: new Date(clock.now().getTime() + RULING_WINDOW_MS) });
        await append(tx, d.id, 'escalated', userId, { detail: { by: role } });
      });
      return view(id);
    },

    /** The buyer drops the case; automatic receipt resumes. */
    async withdraw(userId: string, id: string): Promise<DisputeView> {
      await db.transaction().execute(async (tx) => {
        const { d, role } = await partyCase(tx, userId, id);
        if (role !== 'buyer') throw notFound('dispute');
        if (!OPEN_STATUSES.includes(d.status)) throw errors.wrongState('withdraw', d.status);
        await disputesRepo.update(tx, d.id, { status: 'withdrawn', deadline: null, closed_at: clock.now() });
        await append(tx, d.id, 'withdrawn', userId);
      });
      return view(id);
    },

    /** The platform's ruling on an escalated case: money moves at once, in this transaction. */
    async rule(adminId: string, id: string, input: { refund: number; compensation: number; reason: string }): Promise<DisputeView> {
      await db.transaction().execute(async (tx) => {
        const d = await disputesRepo.findForUpdate(tx, id);
        if (!d) throw notFound('dispute');
        if (d.status !== 'arbitration') throw errors.wrongState('rule on', d.status);
        const problem = claimProblem(d.category, d.paid, input.refund, input.compensation);
        if (problem === 'refund') throw errors.refundOverPaid(d.paid, '/body/refund');
        if (problem === 'compensation') throw errors.compensationOverPrice('/body/compensation');
        await resolve(tx, d, 'platform', input.refund, input.compensation, input.reason, adminId);
        await audit.record(tx, { actorId: adminId, action: 'dispute.rule', targetType: 'dispute', targetId: id, detail: { orderId: d.order_id, refund: input.refund, compensation: input.compensation, reason: input.reason } });
      });
      return view(id);
    },

    /** The admin dashboard: cases, newest first, by state and overdue flag. */
    async list(filter: { status?: DisputeStatus | undefined; overdue?: boolean | undefined; limit: number; cursor?: string | undefined }) {
      const rows = await disputesRepo.list(db, { status: filter.status, overdue: filter.overdue, limit: filter.limit, before: filter.cursor });
      const items = [];
      for (const row of rows) items.push(present(row, await disputesRepo.eventsOf(db, row.id)));
      return { items, nextCursor: nextCursor(rows, filter.limit) };
    },

    /** For the orders sweep: an open case stops automatic receipt (RULES.md "Escrow and receipt"). */
    /** For the reports module: cases opened and resolved per UTC day, median resolution hours. */
    disputeStats,

    hasOpenDispute: async (ex: Executor, orderId: string) => (await disputesRepo.openOfOrder(ex, orderId)) !== undefined,

    /** R16: the deposit stays while the shop may still owe compensation. */
    operatorHasOpenDisputes: (ex: Executor, operatorId: string) => disputesRepo.operatorHasOpen(ex, operatorId),

    /**
     * The deadlines, run by a pg-boss schedule: unanswered cases go to arbitration,
     * refusals not escalated within 7 days close, and rulings past 5 days are flagged.
     * Each case is re-read under lock, so a party acting meanwhile wins.
     */
    async sweep(): Promise<{ escalated: number; closed: number; flagged: number }> {
      const now = clock.now();
      const each = async (status: DisputeStatus, act: (tx: Executor, d: DisputeRow) => Promise<void>) => {
        let done = 0;
        for (const id of await disputesRepo.due(db, status, now)) {
          await db.transaction().execute(async (tx) => {
            const d = await disputesRepo.findForUpdate(tx, id);
            if (d?.status !== status || !d.deadline || d.deadline > now || (status === 'arbitration' && d.overdue)) return;
            await act(tx, d);
            done++;
          });
        }
        return done;
      };
      const escalated = await each('open', async (tx, d) => {
        // The 5 days run from when the operator's 48 h ran out.
        await disputesRepo.update(tx, d.id, { status: 'arbitration', deadline: new Date(d.deadline!.getTime() + RULING_WINDOW_MS) });
        await append(tx, d.id, 'escalated_automatically', null, { detail: { reason: 'the operator did not answer within 48 hours' } });
      });
      const closed = await each('responded', async (tx, d) => {
        await disputesRepo.update(tx, d.id, { status: 'closed', deadline: null, closed_at: now });
        await append(tx, d.id, 'closed', null, { detail: { reason: 'not escalated within 7 days of the refusal' } });
      });
      const flagged = await each('arbitration', async (tx, d) => {
        await disputesRepo.update(tx, d.id, { overdue: true });
        await append(tx, d.id, 'ruling_overdue', null);
      });
      return { escalated, closed, flagged };
    },
  };
}

export type DisputesService = ReturnType<typeof createDisputesService>;
