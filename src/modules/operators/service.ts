/**
 * Operators (sellers) and service providers: registration (D1, D2), review and
 * re-verification every 6 months (R3), storefront disclosure (R1), closure notice
 * (R2) and the published deposit rule (R16).
 *
 * Personal details (contact, address, legal representative) go to the privacy
 * vault under the applicant; an individual's name and identity number are not
 * stored again at all: they must equal the applicant's own verified identity.
 *
 * @example
 *   const operators = createOperatorsService({ db, privacy, accounts, audit, clock });
 *   const op = await operators.register(userId, { kind: 'enterprise', … });
 *   await operators.approve(adminId, op.id);
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../database.js';
import { notFound } from '../../lib/errors.js';
import { DAY, type Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { parseIdNumber, type AccountsService } from '../accounts/index.js';
import type { AuditService } from '../audit/index.js';
import type { PersonalKind, PrivacyService } from '../privacy/index.js';
import { normaliseCreditCode } from './credit-code.js';
import { operatorsErrors as errors } from './errors.js';
import { operatorsRepo, type OperatorRow, type ServiceProviderRow } from './repo.js';
import type { ReviewStatus } from './tables.js';
import { nextCursor } from '../../lib/paging.js';

export const REVERIFY_EVERY_MONTHS = 6;
/** R3 as Agora applies it: 30 days' grace after re-verification falls due. */
export const REVERIFY_GRACE_MS = 30 * DAY;
/** R2: E-Commerce Law art. 16. */
export const CLOSURE_NOTICE_MS = 30 * DAY;

export interface ContactInput {
  phone: string;
  email?: string | undefined;
}
export interface AddressInput {
  region: string;
  line: string;
}

export interface OperatorInput {
  kind: 'enterprise' | 'individual';
  shopName: string;
  contact: ContactInput;
  address: AddressInput;
  enterprise?: { companyName: string; creditCode: string; legalRepresentative: string } | undefined;
  individual?: { realName: string; idNumber: string } | undefined;
}

export interface ServiceProviderInput {
  companyName: string;
  creditCode: string;
  service: 'logistics' | 'payment' | 'marketing' | 'other';
  contact: ContactInput;
  address: AddressInput;
}

export interface Disclosure {
  kind: 'enterprise' | 'individual';
  companyName?: string;
  creditCode?: string;
  notice: string;
  noticeEn: string;
}

export interface OperatorView {
  id: string;
  kind: 'enterprise' | 'individual';
  shopName: string;
  status: ReviewStatus;
  rejectReason: string | null;
  createdAt: string;
  reviewedAt: string | null;
  verifiedAt: string | null;
  reverificationDueAt: string | null;
  salesSuspended: boolean;
  selling: boolean;
  closure: { announcedAt: string; effectiveAt: string } | null;
  disclosure: Disclosure;
}

export interface StorefrontView {
  id: string;
  shopName: string;
  kind: 'enterprise' | 'individual';
  status: 'approved' | 'closed';
  selling: boolean;
  disclosure: Disclosure;
  closure: OperatorView['closure'];
}

export interface ServiceProviderView {
  id: string;
  companyName: string;
  creditCode: string;
  service: string;
  status: ReviewStatus;
  rejectReason: string | null;
  createdAt: string;
  reviewedAt: string | null;
}

/** Whether an operator may take new orders now, and why not. */
export interface SellingStatus {
  operatorId: string;
  ownerId: string;
  shopName: string;
  approved: boolean;
  /** R2: the announced closure has taken effect. */
  closed: boolean;
  selling: boolean;
  reason: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** `110105********002X`: enough for a reviewer to match a document, not enough to reuse. */
export function maskIdNumber(idNumber: string): string {
  return `${idNumber.slice(0, 6)}${'*'.repeat(8)}${idNumber.slice(14)}`;
}

function addMonths(at: Date, months: number): Date {
  const next = new Date(at);
  next.setUTCMonth(next.getUTCMonth() + months);
  return next;
}

/**
 * The public registration number of an individual operator: the random tail of its
 * id (the head is a timestamp, shared by shops registered in the same minute).
 */
export function registrationNumber(operatorId: string): string {
  return operatorId.replaceAll('-', '').slice(-12).toUpperCase();
}

/** R1: what the law makes public, and nothing else. */
export function disclosureOf(row: Pick<OperatorRow, 'kind' | 'company_name' | 'credit_code' | 'id'>): Disclosure {
  if (row.kind === 'enterprise') {
    return {
      kind: 'enterprise',
      companyName: row.company_name ?? '',
      creditCode: row.credit_code ?? '',
      notice: `经营者：${row.company_name ?? ''}\u3000统一社会信用代码：${row.credit_code ?? ''}`,
      noticeEn: `Operator: ${row.company_name ?? ''}, unified social credit code ${row.credit_code ?? ''}`,
    };
  }
  return {
    kind: 'individual',
    notice: `该经营者为在 Agora 平台登记的个人经营者（依法无需办理市场主体登记），平台登记号 ${registrationNumber(row.id)}`,
    noticeEn: `An individual operator registered on the Agora platform (not required to register as a business), platform registration ${registrationNumber(row.id)}`,
  };
}

export interface OperatorsDeps {
  db: Kysely<DB>;
  privacy: PrivacyService;
  accounts: AccountsService;
  audit: AuditService;
  clock: Clock;
}

export function createOperatorsService(deps: OperatorsDeps) {
  const { db, privacy, accounts, audit, clock } = deps;

  const sellingOf = (row: OperatorRow, now: Date): { closed: boolean; selling: boolean; reason: string | null } => {
    const closed = row.closure_effective_at !== null && row.closure_effective_at <= now;
    if (row.status !== 'approved') return { closed, selling: false, reason: 'The shop is not approved' };
    if (closed) return { closed, selling: false, reason: 'The shop has closed' };
    if (row.sales_suspended_at) return { closed, selling: false, reason: 'The shop is due for re-verification' };
    return { closed, selling: true, reason: null };
  };

  const view = (row: OperatorRow): OperatorView => ({
    id: row.id,
    kind: row.kind,
    shopName: row.shop_name,
    status: row.status,
    rejectReason: row.reject_reason,
    createdAt: row.created_at.toISOString(),
    reviewedAt: iso(row.reviewed_at),
    verifiedAt: iso(row.verified_at),
    reverificationDueAt: iso(row.reverification_due_at),
    salesSuspended: row.sales_suspended_at !== null,
    selling: sellingOf(row, clock.now()).selling,
    closure:
      row.closure_announced_at && row.closure_effective_at
        ? { announcedAt: row.closure_announced_at.toISOString(), effectiveAt: row.closure_effective_at.toISOString() }
        : null,
    disclosure: disclosureOf(row),
  });

  const providerView = (row: ServiceProviderRow): ServiceProviderView => ({
    id: row.id,
    companyName: row.company_name,
    creditCode: row.credit_code,
    service: row.service,
    status: row.status,
    rejectReason: row.reject_reason,
    createdAt: row.created_at.toISOString(),
    reviewedAt: iso(row.reviewed_at),
  });

  const requireVerifiedApplicant = async (userId: string) => {
    const me = await accounts.me(userId);
    if (!me.identityVerified) throw errors.identityRequired();
    return me;
  };

  /** An operator the caller owns (or any, for an admin); others' look like missing ones. */
  const ownedOperator = async (ex: Executor, userId: string, operatorId: string, forUpdate = false): Promise<OperatorRow> => {
    const row = forUpdate ? await operatorsRepo.findOperatorForUpdate(ex, operatorId) : await operatorsRepo.findOperator(ex, operatorId);
    if (!row || row.owner_id !== userId) throw notFound('operator');
    return row;
  };

  /**
   * What a reviewer reads of an applicant: the listed vault kinds (logged, with the
   * purpose) and the applicant's display name. Contact and address come back parsed.
   */
  async function readForReview(adminId: string, ownerId: string, kinds: readonly PersonalKind[], purpose: string) {
    // A staff read of personal data is an audited action too (issue 8 item 7), committed with the read.
    const records = await db.transaction().execute(async (tx) => {
      await audit.record(tx, { actorId: adminId, action: 'personal_data.read', targetType: 'user', targetId: ownerId, detail: { fields: kinds, purpose } });
      return privacy.readAs(tx, { actorId: adminId, as: { role: 'admin' }, subjectId: ownerId, kinds, purpose });
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

  const contactJson = (contact: ContactInput) => JSON.stringify({ phone: contact.phone, email: contact.email ?? null });
  const addressJson = (address: AddressInput) => JSON.stringify({ region: address.region, line: address.line });

  return {
    view,

    /** D1, D2: an enterprise with its licence, or an individual with its verified identity. */
    async register(userId: string, input: OperatorInput): Promise<OperatorView> {
      const details = input.kind === 'enterprise' ? input.enterprise : input.individual;
      const other = input.kind === 'enterprise' ? input.individual : input.enterprise;
      if (!details || other) throw errors.kindMismatch(input.kind);
      let creditCode: string | null = null;
      if (input.enterprise) {
        creditCode = normaliseCreditCode(input.enterprise.creditCode) ?? null;
        if (!creditCode) throw errors.invalidCreditCode('/body/enterprise/creditCode');
      }
      if (input.individual) {
        const parsed = parseIdNumber(input.individual.idNumber, clock.now());
        if (!parsed.ok) throw errors.invalidIdNumber();
      }
      await requireVerifiedApplicant(userId);
      if (input.individual) {
        // D2: the individual's name and identity must be the applicant's own, as verified.
        const own = await privacy.readOwn(db, userId, ['real_name', 'id_number']);
        const ownName = own.find((r) => r.kind === 'real_name')?.value;
        const ownId = own.find((r) => r.kind === 'id_number')?.value;
        if (ownName !== input.individual.realName.trim() || ownId !== input.individual.idNumber.trim().toUpperCase()) throw errors.identityMismatch();
      }
      return db.transaction().execute(async (tx) => {
        if (await operatorsRepo.liveOperatorOf(tx, userId)) throw errors.alreadyRegistered();
        const id = newId(clock.now().getTime());
        const inserted = await operatorsRepo.insertOperator(tx, {
          id,
          owner_id: userId,
          kind: input.kind,
          shop_name: input.shopName.trim(),
          company_name: input.enterprise?.companyName.trim() ?? null,
          credit_code: creditCode,
          status: 'pending',
          created_at: clock.now(),
        });
        if (!inserted) throw errors.creditCodeTaken();
        await privacy.put(tx, userId, 'operator_contact', contactJson(input.contact));
        await privacy.put(tx, userId, 'operator_address', addressJson(input.address));
        if (input.enterprise) await privacy.put(tx, userId, 'operator_legal_rep', input.enterprise.legalRepresentative.trim());
        return view((await operatorsRepo.findOperator(tx, id))!);
      });
    },

    async registerServiceProvider(userId: string, input: ServiceProviderInput): Promise<ServiceProviderView> {
      const creditCode = normaliseCreditCode(input.creditCode);
      if (!creditCode) throw errors.invalidCreditCode('/body/creditCode');
      await requireVerifiedApplicant(userId);
      return db.transaction().execute(async (tx) => {
        if (await operatorsRepo.liveServiceProviderOf(tx, userId)) throw errors.alreadyRegistered();
        const id = newId(clock.now().getTime());
        const row = { id, owner_id: userId, company_name: input.companyName.trim(), credit_code: creditCode, service: input.service, status: 'pending' as const, created_at: clock.now() };
        if (!(await operatorsRepo.insertServiceProvider(tx, row))) throw errors.creditCodeTaken();
        await privacy.put(tx, userId, 'provider_contact', contactJson(input.contact));
        await privacy.put(tx, userId, 'provider_address', addressJson(input.address));
        return providerView({ ...row, reject_reason: null, reviewed_by: null, reviewed_at: null, created_at: row.created_at });
      });
    },

    /** The applicant's own registrations, with outcome and reason. */
    async registrationsOf(userId: string, ex: Executor = db) {
      // One after the other: `ex` may be a transaction (account erasure checks under its lock).
      const ops = await operatorsRepo.operatorsOf(ex, userId);
      const providers = await operatorsRepo.serviceProvidersOf(ex, userId);
      return { operators: ops.map(view), serviceProviders: providers.map(providerView) };
    },

    /** The owner's view of its operator. */
    async operatorForOwner(userId: string, operatorId: string): Promise<OperatorView> {
      return view(await ownedOperator(db, userId, operatorId));
    },

    /** R1: the public storefront; pending and rejected registrations do not exist publicly. */
    async storefront(operatorId: string): Promise<StorefrontView> {
      const row = await operatorsRepo.findOperator(db, operatorId);
      if (!row || row.status !== 'approved') throw notFound('operator');
      const v = view(row);
      const closed = row.closure_effective_at !== null && row.closure_effective_at <= clock.now();
      return { id: v.id, shopName: v.shopName, kind: v.kind, status: closed ? 'closed' : 'approved', selling: v.selling, disclosure: v.disclosure, closure: v.closure };
    },

    /** For other modules: may this operator sell now? Unknown operators → undefined. */
    async sellingStatus(ex: Executor, operatorId: string): Promise<SellingStatus | undefined> {
      const row = await operatorsRepo.findOperator(ex, operatorId);
      if (!row) return undefined;
      return { operatorId: row.id, ownerId: row.owner_id, shopName: row.shop_name, approved: row.status === 'approved', ...sellingOf(row, clock.now()) };
    },

    /** The operators and service providers this user owns (a party's inbox of disputes). */
    async partiesOwnedBy(ex: Executor, userId: string): Promise<{ operatorIds: string[]; serviceProviderIds: string[] }> {
      // One read after another: `ex` may be a transaction (one connection).
      const ops = await operatorsRepo.operatorsOf(ex, userId);
      const providers = await operatorsRepo.serviceProvidersOf(ex, userId);
      return { operatorIds: ops.map((o) => o.id), serviceProviderIds: providers.map((p) => p.id) };
    },

    /** For other modules (D7: a provider named in a dispute): who owns it and whether it is approved. */
    async serviceProvider(ex: Executor, providerId: string): Promise<{ id: string; ownerId: string; companyName: string; service: string; approved: boolean } | undefined> {
      const row = await operatorsRepo.findServiceProvider(ex, providerId);
      return row && { id: row.id, ownerId: row.owner_id, companyName: row.company_name, service: row.service, approved: row.status === 'approved' };
    },

    /** Shop names and selling state for many operators at once (product lists). */
    async summaries(ex: Executor, operatorIds: readonly string[]): Promise<Map<string, SellingStatus>> {
      const rows = await operatorsRepo.findOperators(ex, [...new Set(operatorIds)]);
      const now = clock.now();
      return new Map(rows.map((row) => [row.id, { operatorId: row.id, ownerId: row.owner_id, shopName: row.shop_name, approved: row.status === 'approved', ...sellingOf(row, now) }]));
    },

    /** The review queue, oldest first, with what a reviewer must check; each read is logged (PIPL). */
    async reviewQueue(adminId: string, filter: { status?: ReviewStatus | undefined; limit: number; cursor?: string | undefined }) {
      const rows = await operatorsRepo.listOperators(db, { status: filter.status, limit: filter.limit, after: filter.cursor });
      const items = [];
      for (const row of rows) {
        const kinds = row.kind === 'enterprise'
          ? (['operator_contact', 'operator_address', 'operator_legal_rep'] as const)
          : (['operator_contact', 'operator_address', 'real_name', 'id_number'] as const);
        const read = await readForReview(adminId, row.owner_id, kinds, `operator review ${row.id}`);
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
        const read = await readForReview(adminId, row.owner_id, ['provider_contact', 'provider_address'], `service provider review ${row.id}`);
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

    /** R2: announced at least 30 days ahead; from that day no new orders. */
    async announceClosure(userId: string, operatorId: string, effectiveAt: Date): Promise<OperatorView> {
      return db.transaction().execute(async (tx) => {
        const row = await ownedOperator(tx, userId, operatorId, true);
        if (row.status !== 'approved') throw errors.notApproved();
        if (row.closure_effective_at) throw errors.closureAnnounced();
        const now = clock.now();
        if (effectiveAt.getTime() < now.getTime() + CLOSURE_NOTICE_MS) throw errors.closureTooSoon();
        await operatorsRepo.updateOperator(tx, operatorId, { closure_announced_at: now, closure_effective_at: effectiveAt });
        return view((await operatorsRepo.findOperator(tx, operatorId))!);
      });
    },

    /** The owner or an admin may see the shop's deposit position. */
    async assertDepositReader(userId: string, roles: string[], operatorId: string): Promise<void> {
      const row = await operatorsRepo.findOperator(db, operatorId);
      if (!row || (row.owner_id !== userId && !roles.includes('admin'))) throw notFound('operator');
    },

    /**
     * The register for a regulator (R1 fields and status only), operators then service
     * providers. Each download is a regulator action and goes in the audit log (issue 8 item 7).
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

export type OperatorsService = ReturnType<typeof createOperatorsService>;
