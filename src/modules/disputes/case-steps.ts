/**
 * The steps every change to a case is made of, in the caller's transaction: its
 * timeline (append-only), who its parties are and telling them (notices.ts), the
 * party check, arbitration, a provider's answer and the record of a resolution.
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../database.js';
import { notFound } from '../../lib/errors.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { nextCursor } from '../../lib/paging.js';
import type { NotificationsService } from '../notifications/index.js';
import type { OperatorsService } from '../operators/index.js';
import { disputesErrors as errors } from './errors.js';
import { notices, type Notice, type Party } from './notices.js';
import { disputesRepo, OPEN_STATUSES, type DisputeRow } from './repo.js';
import { RULING_WINDOW_MS } from './rules.js';
import { presentDispute, type DisputeView } from './view.js';

export type Role = Party | 'admin';

/** What a resolution pays: the refund, the operator's compensation and a provider's (D7). */
export interface Outcome {
  refund: number;
  compensation: number;
  providerCompensation: number;
}

export function createCaseSteps(deps: { db: Kysely<DB>; operators: OperatorsService; notifications: NotificationsService; clock: Clock }) {
  const { db, operators, notifications, clock } = deps;
  const later = (ms: number, from = clock.now()) => new Date(from.getTime() + ms);

  async function view(id: string): Promise<DisputeView> {
    const row = await disputesRepo.find(db, id);
    if (!row) throw notFound('dispute');
    return presentDispute(row, await disputesRepo.eventsOf(db, id));
  }
  /** A page of cases, each with its timeline (read one after another: one connection). */
  async function page(rows: DisputeRow[], limit: number) {
    const items: DisputeView[] = [];
    for (const row of rows) items.push(presentDispute(row, await disputesRepo.eventsOf(db, row.id)));
    return { items, nextCursor: nextCursor(rows, limit) };
  }

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

  /** The users behind each party of the case (a party no longer on record has nobody to tell). */
  async function partyUsers(ex: Executor, d: DisputeRow): Promise<Record<Party, string | undefined>> {
    const operator = (await operators.sellingStatus(ex, d.operator_id))?.ownerId;
    const provider = d.service_provider_id ? (await operators.serviceProvider(ex, d.service_provider_id))?.ownerId : undefined;
    return { buyer: d.buyer_id, operator, provider };
  }

  /** Tell these parties of the case, in the caller's transaction. */
  async function tell(ex: Executor, d: DisputeRow, parties: readonly Party[], notice: Notice) {
    const users = await partyUsers(ex, d);
    for (const userId of new Set(parties.map((p) => users[p]))) if (userId) await notifications.notify(ex, { userId, ...notice });
  }
  const everyone = (d: DisputeRow): Party[] => (d.service_provider_id ? ['buyer', 'operator', 'provider'] : ['buyer', 'operator']);

  /** The case (locked), if this user is a party to it (or an admin); others get the same 404 as a missing case. */
  async function partyCase(ex: Executor, userId: string, id: string, admin = false, lock = true): Promise<{ d: DisputeRow; role: Role }> {
    const d = lock ? await disputesRepo.findForUpdate(ex, id) : await disputesRepo.find(ex, id);
    if (d) {
      const users = await partyUsers(ex, d);
      const role = (['buyer', 'operator', 'provider'] as const).find((p) => users[p] === userId);
      if (role) return { d, role };
      if (admin) return { d, role: 'admin' };
    }
    throw notFound('dispute');
  }

  async function approvedProvider(ex: Executor, providerId: string, path?: string) {
    const provider = await operators.serviceProvider(ex, providerId);
    if (!provider?.approved) throw errors.providerNotApproved(path);
    return provider;
  }

  /** The case is resolved: its outcome, what the money moved (`moved`, from escrow), and everyone told. */
  async function recordResolution(ex: Executor, d: DisputeRow, by: 'operator' | 'platform', outcome: Outcome, moved: Record<string, unknown>, reason: string | null, actorId: string) {
    await disputesRepo.update(ex, d.id, {
      status: 'resolved',
      refund: outcome.refund,
      compensation: outcome.compensation,
      provider_compensation: outcome.providerCompensation,
      ruling_reason: reason,
      resolved_by: by,
      deadline: null,
      closed_at: clock.now(),
    });
    await append(ex, d.id, by === 'operator' ? 'accepted' : 'ruled', actorId, { ...(reason ? { body: reason } : {}), detail: moved });
    const compensation = outcome.compensation + outcome.providerCompensation;
    await tell(ex, d, everyone(d), notices.outcome(d.id, { status: 'resolved', by, refund: outcome.refund, compensation }));
  }

  /** To arbitration: the platform rules within 5 days of `from`; everyone is told. */
  async function toArbitration(ex: Executor, d: DisputeRow, from: Date, actorId: string | null, detail: Record<string, unknown>) {
    const due = later(RULING_WINDOW_MS, from);
    await disputesRepo.update(ex, d.id, { status: 'arbitration', deadline: due });
    await append(ex, d.id, actorId ? 'escalated' : 'escalated_automatically', actorId, { detail });
    await tell(ex, d, everyone(d), notices.rulingDue(d.id, due, actorId === null));
  }

  /** The provider's answer: recorded with its share; the money moves with the operator's acceptance or the ruling. */
  async function providerAnswer(ex: Executor, d: DisputeRow, userId: string, input: { accept: boolean; reason?: string | undefined; share?: number | undefined }) {
    if (!OPEN_STATUSES.includes(d.status)) throw errors.wrongState('answer', d.status);
    if (d.provider_answer) throw errors.alreadyAnswered();
    const claim = d.claim_refund + d.claim_compensation;
    const share = input.accept ? (input.share ?? claim) : null;
    if (share !== null && share > claim) throw errors.shareOverClaim(claim);
    await disputesRepo.update(ex, d.id, { provider_answer: input.accept ? 'accepted' : 'refused', provider_share: share });
    await append(ex, d.id, input.accept ? 'provider_accepted' : 'provider_refused', userId, { ...(input.reason ? { body: input.reason } : {}), detail: share !== null ? { share } : {} });
    await tell(ex, d, ['buyer', 'operator'], notices.providerAnswered(d.id, input.accept, share));
  }

  return { later, view, page, append, partyUsers, tell, everyone, partyCase, approvedProvider, recordResolution, toArbitration, providerAnswer };
}
