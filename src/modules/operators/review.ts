/**
 * The platform's review of operators and service providers (D1, D2): the queues a
 * reviewer works through (each read of personal data logged, PIPL), approval,
 * rejection, re-verification every 6 months (R3) and the regulator's register.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../database.js';
import { notFound } from '../../lib/errors.js';
import { DAY, type Clock } from '../../lib/clock.js';
import { nextCursor } from '../../lib/paging.js';
import type { AccountsService } from '../accounts/index.js';
import type { AuditService } from '../audit/index.js';
import { purposeText, type AccessReason, type PersonalKind, type PrivacyService } from '../privacy/index.js';
import { operatorsErrors as errors } from './errors.js';
import { operatorsRepo } from './repo.js';
import type { ReviewStatus } from './tables.js';
import { createOperatorViews, maskIdNumber, type OperatorView, type ServiceProviderView } from './views.js';

export const REVERIFY_EVERY_MONTHS = 6;
/** R3 as Agora applies it: 30 days' grace after re-verification falls due. */
export const REVERIFY_GRACE_MS = 30 * DAY;

function addMonths(at: Date, months: number): Date {
  const next = new Date(at);
  next.setUTCMonth(next.getUTCMonth() + months);
  return next;
}

export function createOperatorReview(deps: { db: Kysely<DB>; privacy: PrivacyService; accounts: AccountsService; audit: AuditService; clock: Clock }) {
  const { db, privacy, accounts, audit, clock } = deps;
  const { view, providerView } = createOperatorViews(clock);

  /**
   * What a reviewer reads of an applicant: the listed vault kinds (logged, with the
   * purpose) and the applicant's display name. Contact and address come back parsed.
   */
  async function readForReview(adminId: string, ownerId: string, kinds: readonly PersonalKind[], reason: AccessReason) {
    // A staff read of personal data is an audited action too, committed with the read.
    const records = await db.transaction().execute(async (tx) => {
      await audit.record(tx, { actorId: adminId, action: 'personal_data.read', targetType: 'user', targetId: ownerId, detail: { fields: kinds, purpose: purposeText(reason), reason: reason.code } });
      return privacy.readAs(tx, { actorId: adminId, as: { role: 'admin' }, subjectId: ownerId, kinds, reason });
    });
    const value = (kind: PersonalKind) => records.find((r) => r.kind === kind)?.value ?? '';
    const applicant = await accounts.me(ownerId);
    return {
      value,
      applicant: { userId: ownerId, displayName: applicant.displayName },
      contact: (kind: PersonalKind) => JSON.parse(value(kind) || '{"phone":"","email":null}') as { phone: string; email: string | null },
      address: (kind: PersonalKind) => JSON.parse(value(kind) || '{"region":"","line":""}') as { region: string; line: string },
    };
  }

  return {
    /** The review queue, oldest first, with what a reviewer must check; each read is logged (PIPL). */
    async reviewQueue(adminId: string, filter: { status?: ReviewStatus | undefined; limit: number; cursor?: string | undefined }) {
      const rows = await operatorsRepo.listOperators(db, { status: filter.status, limit: filter.limit, after: filter.cursor });
      const items = [];
      for (const row of rows) {
        const kinds = row.kind === 'enterprise'
          ? (['operator_contact', 'operator_address', 'operator_legal_rep'] as const)
          : (['operator_contact', 'operator_address', 'real_name', 'id_number'] as const);
        const read = await readForReview(adminId, row.owner_id, kinds, { code: 'operator_review', registrationId: row.id });
        const { value } = read;
        items.push({
          operator: view(row),
          applicant: read.applicant,
          contact: read.contact('operator_contact'),
          address: read.address('operator_address'),
          enterprise: row.kind === 'enterprise' ? { companyName: row.company_name ?? '', creditCode: row.credit_code ?? '', legalRepresentative: value('operator_legal_rep') } : null,
          individual: row.kind === 'individual' ? { realName: value('real_name'), idNumberMasked: maskIdNumber(value('id_number')) } : null,
        });
      }
      return { items, nextCursor: nextCursor(rows, filter.limit) };
    },

    async serviceProviderQueue(adminId: string, filter: { status?: ReviewStatus | undefined; limit: number; cursor?: string | undefined }) {
      const rows = await operatorsRepo.listServiceProviders(db, { status: filter.status, limit: filter.limit, after: filter.cursor });
      const items = [];
      for (const row of rows) {
        const read = await readForReview(adminId, row.owner_id, ['provider_contact', 'provider_address'], { code: 'provider_review', registrationId: row.id });
        items.push({ serviceProvider: providerView(row), applicant: read.applicant, contact: read.contact('provider_contact'), address: read.address('provider_address') });
      }
      return { items, nextCursor: nextCursor(rows, filter.limit) };
    },

    /** R3: approval is the first verification; the next falls due in 6 months. */
    async approve(adminId: string, operatorId: string): Promise<OperatorView> {
      return db.transaction().execute(async (tx) => {
        const row = await operatorsRepo.findOperatorForUpdate(tx, operatorId);
        if (!row) throw notFound('operator');
        if (row.status !== 'pending') throw errors.notPending();
        const now = clock.now();
        await operatorsRepo.updateOperator(tx, operatorId, {
          status: 'approved',
          reviewed_by: adminId,
          reviewed_at: now,
          verified_at: now,
          reverification_due_at: addMonths(now, REVERIFY_EVERY_MONTHS),
        });
        await audit.record(tx, { actorId: adminId, action: 'operator.approve', targetType: 'operator', targetId: operatorId, detail: { kind: row.kind } });
        return view((await operatorsRepo.findOperator(tx, operatorId))!);
      });
    },

    async reject(adminId: string, operatorId: string, reason: string): Promise<OperatorView> {
      return db.transaction().execute(async (tx) => {
        const row = await operatorsRepo.findOperatorForUpdate(tx, operatorId);
        if (!row) throw notFound('operator');
        if (row.status !== 'pending') throw errors.notPending();
        await operatorsRepo.updateOperator(tx, operatorId, { status: 'rejected', reject_reason: reason.trim(), reviewed_by: adminId, reviewed_at: clock.now() });
        await audit.record(tx, { actorId: adminId, action: 'operator.reject', targetType: 'operator', targetId: operatorId, detail: { reason: reason.trim() } });
        return view((await operatorsRepo.findOperator(tx, operatorId))!);
      });
    },

    /** R3: the platform checked the operator again; selling resumes if it had stopped. */
    async reverify(adminId: string, operatorId: string): Promise<OperatorView> {
      return db.transaction().execute(async (tx) => {
        const row = await operatorsRepo.findOperatorForUpdate(tx, operatorId);
        if (!row) throw notFound('operator');
        if (row.status !== 'approved') throw errors.notApproved();
        const now = clock.now();
        await operatorsRepo.updateOperator(tx, operatorId, { verified_at: now, reverification_due_at: addMonths(now, REVERIFY_EVERY_MONTHS), sales_suspended_at: null });
        await audit.record(tx, { actorId: adminId, action: 'operator.reverify', targetType: 'operator', targetId: operatorId, detail: {} });
        return view((await operatorsRepo.findOperator(tx, operatorId))!);
      });
    },

    /** The daily R3 sweep: operators 30 days past due stop selling. Returns who stopped. */
    async suspendOverdue(): Promise<string[]> {
      const now = clock.now();
      return operatorsRepo.suspendOverdue(db, new Date(now.getTime() - REVERIFY_GRACE_MS), now);
    },

    async decideServiceProvider(adminId: string, providerId: string, decision: { approve: true } | { approve: false; reason: string }): Promise<ServiceProviderView> {
      return db.transaction().execute(async (tx) => {
        const row = await operatorsRepo.findServiceProviderForUpdate(tx, providerId);
        if (!row) throw notFound('service provider');
        if (row.status !== 'pending') throw errors.notPending();
        const now = clock.now();
        const patch = decision.approve
          ? { status: 'approved' as const, reviewed_by: adminId, reviewed_at: now }
          : { status: 'rejected' as const, reject_reason: decision.reason.trim(), reviewed_by: adminId, reviewed_at: now };
        await operatorsRepo.updateServiceProvider(tx, providerId, patch);
        await audit.record(tx, {
          actorId: adminId,
          action: decision.approve ? 'service_provider.approve' : 'service_provider.reject',
          targetType: 'service_provider',
          targetId: providerId,
          detail: decision.approve ? {} : { reason: decision.reason.trim() },
        });
        return providerView({ ...row, ...patch, reject_reason: decision.approve ? null : decision.reason.trim() });
      });
    },

    /**
     * The register for a regulator (R1 fields and status only), operators then service
     * providers. Each download is a regulator action and goes in the audit log.
     */
    async registerFor(regulatorId: string): Promise<{ operators: OperatorView[]; serviceProviders: ServiceProviderView[] }> {
      return db.transaction().execute(async (tx) => {
        const [ops, providers] = [await operatorsRepo.allOperators(tx), await operatorsRepo.allServiceProviders(tx)];
        await audit.record(tx, { actorId: regulatorId, actorRole: 'regulator', action: 'register.download', targetType: 'register', targetId: 'operators', detail: { operators: ops.length, serviceProviders: providers.length } });
        return { operators: ops.map(view), serviceProviders: providers.map(providerView) };
      });
    },
  };
}
