/**
 * Disputes (D5, D6, D7, R16; RULES.md "Disputes"; API.md "Disputes"): the
 * buyer opens a case on its own order with a claim, perhaps naming a service
 * provider (D7); the operator accepts (and pays at once) or refuses within 48 h, else
 * the case goes to arbitration; a named provider answers within 48 h too, else the
 * same; after a refusal the buyer may escalate within 7 days, else the case closes;
 * the platform rules within 5 days of escalation (an overdue case is flagged). Every
 * step is appended to the case's timeline, which the database refuses to rewrite,
 * and each party is told what is now due from it and by when (notices.ts).
 *
 * Each change locks the case row first, so an operator's answer and the timer's
 * escalation at the same moment queue up and the second sees what the first did.
 * Opening a case (the order locked) and resolving it (the money moved by escrow, in
 * the case's transaction) are flows across modules: workflows/open-dispute.ts and
 * workflows/resolve-dispute.ts call the state changes here.
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../database.js';
import { notFound } from '../../lib/errors.js';
import type { Clock } from '../../lib/clock.js';
import { HOUR } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { AuditService } from '../audit/index.js';
import type { LedgerService } from '../ledger/index.js';
import type { MediaService } from '../media/index.js';
import type { NotificationsService } from '../notifications/index.js';
import type { OperatorsService } from '../operators/index.js';
import type { DisputedOrder } from '../orders/index.js';
import { disputesErrors as errors } from './errors.js';
import { notices, type Party } from './notices.js';
import { renderRecord } from './record.js';
import { disputeStats } from './stats-repo.js';
import { disputesRepo, OPEN_STATUSES, type DisputeRow } from './repo.js';
import { claimProblem, ESCALATION_WINDOW_MS, RESPONSE_WINDOW_MS } from './rules.js';
import type { DisputeCategory, DisputeStatus } from './tables.js';
import { type DisputeView } from './view.js';
import { createCaseSteps, type Outcome } from './case-steps.js';

export type { DisputeView } from './view.js';

export interface OpenInput {
  orderId: string;
  category: DisputeCategory;
  claim: { refund: number; compensation?: number | undefined };
  description: string;
  evidence?: string[] | undefined;
  /** D7: an approved service provider answerable too (a logistics provider for not_received). */
  serviceProviderId?: string | undefined;
}

/** Orders a dispute may be opened on: paid (held in escrow) or delivered. */
const DISPUTABLE = new Set(['paid', 'shipped', 'received', 'completed']);
/** The reminder goes out this long before a 48 h answer is due. */
const REMINDER_BEFORE_MS = 12 * HOUR;


export type { Outcome } from './case-steps.js';

export function createDisputesService(deps: {
  db: Kysely<DB>;
  /** Read only: a case's record lists the money it moved. */
  ledger: LedgerService;
  operators: OperatorsService;
  media: MediaService;
  notifications: NotificationsService;
  audit: AuditService;
  clock: Clock;
}) {
  const { db, ledger, operators, media, notifications, audit, clock } = deps;
  const { later, view, page, append, tell, everyone, partyCase, approvedProvider, recordResolution, toArbitration, providerAnswer } = createCaseSteps({ db, operators, notifications, clock });

  return {
    /** The buyer opens a case on its own order, locked by the caller; one open case per order. Returns its id. */
    async openCase(tx: Executor, buyerId: string, order: DisputedOrder | undefined, input: OpenInput): Promise<string> {
      const id = newId(clock.now().getTime());
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
      if (input.serviceProviderId) await approvedProvider(tx, input.serviceProviderId);
      const now = clock.now();
      const deadline = later(RESPONSE_WINDOW_MS, now);
      const row = {
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
        status: 'open' as const,
        deadline,
        service_provider_id: input.serviceProviderId ?? null,
        provider_deadline: input.serviceProviderId ? deadline : null,
        created_at: now,
      };
      await disputesRepo.insert(tx, row);
      const detail = { category: input.category, refund: input.claim.refund, compensation, ...(input.serviceProviderId ? { serviceProviderId: input.serviceProviderId } : {}) };
      await append(tx, id, 'opened', buyerId, { body: input.description, evidence, detail });
      const d = (await disputesRepo.find(tx, id))!;
      await tell(tx, d, ['operator'], notices.answerDue(id, 'operator', deadline));
      if (d.service_provider_id) await tell(tx, d, ['provider'], notices.answerDue(id, 'provider', deadline));
      await tell(tx, d, ['buyer'], notices.awaitingAnswer(id, deadline));
      return id;
    },

    /** Whose case this is to the user (buyer, operator, provider; `admin` when allowed), else 404: the chat evidence's check. */
    partyOf: (ex: Executor, userId: string, id: string, admin = false) => partyCase(ex, userId, id, admin, false),

    /** The case as it is now (read after its transaction committed). */
    viewOf: view,

    recordResolution,

    /** To the buyer, the operator's owner, a named provider's owner and admins; anyone else gets 404. */
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

    /** Any party (or an admin) adds a message with evidence while the case is open. */
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

    /**
     * The operator accepts or refuses with a reason, while the case is open; a named
     * provider accepts (stating its share) or refuses, once. Inside the caller's
     * transaction; returns the case when the operator accepted, for the caller to pay
     * the claim at once and `recordResolution`.
     */
    async answer(tx: Executor, userId: string, id: string, input: { accept: boolean; reason?: string | undefined; share?: number | undefined }): Promise<DisputeRow | undefined> {
      if (!input.accept && !input.reason) throw errors.reasonRequired();
      const { d, role } = await partyCase(tx, userId, id);
      if (role === 'provider') return void (await providerAnswer(tx, d, userId, input));
      if (role !== 'operator') throw notFound('dispute');
      if (input.share !== undefined) throw errors.shareOnlyForProvider();
      if (d.status !== 'open') throw errors.wrongState('answer', d.status);
      if (input.accept) return d;
      const due = later(ESCALATION_WINDOW_MS);
      await disputesRepo.update(tx, d.id, { status: 'responded', deadline: due });
      await append(tx, d.id, 'refused', userId, { body: input.reason! });
      await tell(tx, d, ['buyer'], notices.escalateDue(d.id, due));
      return undefined;
    },

    /** Any party asks the platform to rule. */
    async escalate(userId: string, id: string): Promise<DisputeView> {
      await db.transaction().execute(async (tx) => {
        const { d, role } = await partyCase(tx, userId, id);
        if (d.status !== 'open' && d.status !== 'responded') throw errors.wrongState('escalate', d.status);
        // After a refusal the buyer has 7 days, whether or not the timer has closed the case yet.
        if (d.status === 'responded' && d.deadline! <= clock.now()) throw errors.escalationClosed();
        await toArbitration(tx, d, clock.now(), userId, { by: role });
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
        await tell(tx, d, everyone(d), notices.outcome(d.id, { status: 'withdrawn' }));
      });
      return view(id);
    },

    /** An escalated case locked for the platform's ruling, the ruling checked against the claim and what was paid. */
    async lockForRuling(tx: Executor, id: string, input: { refund: number; compensation: number; providerCompensation?: number | undefined }): Promise<{ d: DisputeRow; outcome: Outcome }> {
      const d = await disputesRepo.findForUpdate(tx, id);
      if (!d) throw notFound('dispute');
      if (d.status !== 'arbitration') throw errors.wrongState('rule on', d.status);
      const providerCompensation = input.providerCompensation ?? 0;
      if (providerCompensation > 0 && !d.service_provider_id) throw errors.noProviderToCharge();
      const problem = claimProblem(d.category, d.paid, input.refund, input.compensation + providerCompensation);
      if (problem === 'refund') throw errors.refundOverPaid(d.paid, '/body/refund');
      if (problem === 'compensation') throw errors.compensationOverPrice('/body/compensation');
      return { d, outcome: { refund: input.refund, compensation: input.compensation, providerCompensation } };
    },

    /** D7: an admin names a service provider as a party later; it answers within 48 h from now. */
    async addProvider(adminId: string, id: string, input: { serviceProviderId: string }): Promise<DisputeView> {
      await db.transaction().execute(async (tx) => {
        const d = await disputesRepo.findForUpdate(tx, id);
        if (!d) throw notFound('dispute');
        if (d.service_provider_id === input.serviceProviderId) return;
        if (!OPEN_STATUSES.includes(d.status)) throw errors.wrongState('add a party to', d.status);
        if (d.service_provider_id) throw errors.providerAlreadyNamed();
        const provider = await approvedProvider(tx, input.serviceProviderId);
        const due = later(RESPONSE_WINDOW_MS);
        await disputesRepo.update(tx, d.id, { service_provider_id: provider.id, provider_deadline: due });
        await append(tx, d.id, 'party_added', adminId, { detail: { serviceProviderId: provider.id, companyName: provider.companyName } });
        await audit.record(tx, { actorId: adminId, action: 'dispute.add_party', targetType: 'dispute', targetId: d.id, detail: { serviceProviderId: provider.id } });
        const named = { ...d, service_provider_id: provider.id };
        await tell(tx, named, ['provider'], notices.answerDue(d.id, 'provider', due));
        await tell(tx, named, ['buyer', 'operator'], notices.partyAdded(d.id, provider.companyName));
      });
      return view(id);
    },

    /** A party's inbox: its cases as buyer, as an operator's owner, as a provider's owner (or all three), newest first. */
    async inbox(userId: string, filter: { role?: Party | undefined; status?: DisputeStatus | undefined; limit: number; cursor?: string | undefined }) {
      const owned = filter.role === 'buyer' ? { operatorIds: [], serviceProviderIds: [] } : await operators.partiesOwnedBy(db, userId);
      const rows = await disputesRepo.inbox(db, {
        buyerId: !filter.role || filter.role === 'buyer' ? userId : undefined,
        operatorIds: !filter.role || filter.role === 'operator' ? owned.operatorIds : [],
        providerIds: !filter.role || filter.role === 'provider' ? owned.serviceProviderIds : [],
        status: filter.status,
        limit: filter.limit,
        before: filter.cursor,
      });
      return page(rows, filter.limit);
    },

    /** The admin dashboard: cases, newest first, by state and overdue flag. */
    async list(filter: { status?: DisputeStatus | undefined; overdue?: boolean | undefined; limit: number; cursor?: string | undefined }) {
      return page(await disputesRepo.list(db, { status: filter.status, overdue: filter.overdue, limit: filter.limit, before: filter.cursor }), filter.limit);
    },

    /** For the reports module: cases opened and resolved per UTC day, median resolution hours. */
    disputeStats,

    /** An open case stops automatic receipt, cancellation and return (RULES.md "Escrow and receipt"). */
    hasOpenDispute: async (ex: Executor, orderId: string) => (await disputesRepo.openOfOrder(ex, orderId)) !== undefined,
    /** The order's open case, if any (after-sales waits for it). */
    openDisputeOf: (ex: Executor, orderId: string) => disputesRepo.openOfOrder(ex, orderId),

    /** R16: the deposit stays while the shop may still owe compensation. */
    operatorHasOpenDisputes: (ex: Executor, operatorId: string) => disputesRepo.operatorHasOpen(ex, operatorId),

    /**
     * The deadlines, run by a pg-boss schedule: unanswered cases (by the operator or a
     * named provider) go to arbitration, refusals not escalated within 7 days close,
     * rulings past 5 days are flagged, and 12 h before a 48 h answer is due the party
     * is reminded once. Each case is re-read under lock, so a party acting meanwhile wins.
     */
    async sweep(): Promise<{ escalated: number; closed: number; flagged: number; reminded: number }> {
      const now = clock.now();
      const each = async (ids: string[], act: (tx: Executor, d: DisputeRow) => Promise<boolean>) => {
        let done = 0;
        for (const id of ids) {
          await db.transaction().execute(async (tx) => {
            const d = await disputesRepo.findForUpdate(tx, id);
            if (d && (await act(tx, d))) done++;
          });
        }
        return done;
      };
      const isDue = (d: DisputeRow, status: DisputeStatus) => d.status === status && d.deadline !== null && d.deadline <= now;
      // The 5 days run from when the 48 h ran out.
      const escalated =
        (await each(await disputesRepo.due(db, 'open', now), async (tx, d) => {
          if (!isDue(d, 'open')) return false;
          await toArbitration(tx, d, d.deadline!, null, { reason: 'the operator did not answer within 48 hours' });
          return true;
        })) +
        (await each(await disputesRepo.providerDue(db, now), async (tx, d) => {
          if ((d.status !== 'open' && d.status !== 'responded') || d.provider_answer || !d.provider_deadline || d.provider_deadline > now) return false;
          await toArbitration(tx, d, d.provider_deadline, null, { reason: 'the service provider did not answer within 48 hours' });
          return true;
        }));
      const closed = await each(await disputesRepo.due(db, 'responded', now), async (tx, d) => {
        if (!isDue(d, 'responded')) return false;
        await disputesRepo.update(tx, d.id, { status: 'closed', deadline: null, closed_at: now });
        await append(tx, d.id, 'closed', null, { detail: { reason: 'not escalated within 7 days of the refusal' } });
        await tell(tx, d, everyone(d), notices.outcome(d.id, { status: 'closed' }));
        return true;
      });
      const flagged = await each(await disputesRepo.due(db, 'arbitration', now), async (tx, d) => {
        if (!isDue(d, 'arbitration') || d.overdue) return false;
        await disputesRepo.update(tx, d.id, { overdue: true });
        await append(tx, d.id, 'ruling_overdue', null);
        return true;
      });
      const horizon = later(REMINDER_BEFORE_MS, now);
      const reminded =
        (await each(await disputesRepo.remindersDue(db, 'operator', now, horizon), async (tx, d) => {
          if (d.status !== 'open' || d.reminded_at || !d.deadline || d.deadline <= now) return false;
          await disputesRepo.update(tx, d.id, { reminded_at: now });
          await tell(tx, d, ['operator'], notices.answerReminder(d.id, d.deadline));
          return true;
        })) +
        (await each(await disputesRepo.remindersDue(db, 'provider', now, horizon), async (tx, d) => {
          if ((d.status !== 'open' && d.status !== 'responded') || d.provider_answer || d.provider_reminded_at || !d.provider_deadline || d.provider_deadline <= now) return false;
          await disputesRepo.update(tx, d.id, { provider_reminded_at: now });
          await tell(tx, d, ['provider'], notices.answerReminder(d.id, d.provider_deadline));
          return true;
        }));
      return { escalated, closed, flagged, reminded };
    },
  };
}

export type DisputesService = ReturnType<typeof createDisputesService>;
