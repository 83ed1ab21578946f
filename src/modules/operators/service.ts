/**
 * Operators (sellers) and service providers: registration (D1, D2), review and
 * re-verification every 6 months (R3), storefront disclosure (R1), closure notice
 * (R2) and the published deposit rule (R16).
 *
 * Personal details (contact, address, legal representative) go to the privacy
 * vault under the applicant; an individual's name and identity number are not
 * stored again at all: they must equal the applicant's own verified identity.
 *
 * The platform's review lives in review.ts, the views and disclosure in views.ts,
 * and the one shop-owner check other modules use in ownership.ts.
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
import type { PrivacyService } from '../privacy/index.js';
import { normaliseCreditCode } from './credit-code.js';
import { operatorsErrors as errors } from './errors.js';
import { ownedOperator } from './ownership.js';
import { operatorsRepo } from './repo.js';
import { createOperatorReview } from './review.js';
import {
  createOperatorViews,
  type AddressInput,
  type ContactInput,
  type OperatorInput,
  type OperatorView,
  type SellingStatus,
  type ServiceProviderInput,
  type ServiceProviderView,
  type StorefrontView,
} from './views.js';

/** R2: E-Commerce Law art. 16. */
export const CLOSURE_NOTICE_MS = 30 * DAY;

export interface OperatorsDeps {
  db: Kysely<DB>;
  privacy: PrivacyService;
  accounts: AccountsService;
  audit: AuditService;
  clock: Clock;
}

export function createOperatorsService(deps: OperatorsDeps) {
  const { db, privacy, accounts, clock } = deps;
  const { view, providerView, sellingStatusOf } = createOperatorViews(clock);
  const review = createOperatorReview(deps);

  const requireVerifiedApplicant = async (userId: string) => {
    const me = await accounts.me(userId);
    if (!me.identityVerified) throw errors.identityRequired();
    return me;
  };

  const contactJson = (contact: ContactInput) => JSON.stringify({ phone: contact.phone, email: contact.email ?? null });
  const addressJson = (address: AddressInput) => JSON.stringify({ region: address.region, line: address.line });

  return {
    view,

    /**
     * D1, D2: an enterprise with its licence, or an individual with its verified identity. An
     * individual may leave `individual` out: the identity verified on the account is used (issue 16);
     * typed in, it must equal that identity.
     */
    async register(userId: string, input: OperatorInput): Promise<OperatorView> {
      const details = input.kind === 'enterprise' ? input.enterprise : input.individual;
      const other = input.kind === 'enterprise' ? input.individual : input.enterprise;
      if ((!details && input.kind === 'enterprise') || other) throw errors.kindMismatch(input.kind);
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
      return sellingStatusOf(row);
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
      return new Map(rows.map((row) => [row.id, sellingStatusOf(row, now)]));
    },

    /**
     * The one shop-owner check for every module: the shop if this user owns it, else
     * NOT_FOUND of `what` (default the operator), as if it did not exist (ownership.ts).
     */
    async requireOwnedShop(ex: Executor, userId: string, operatorId: string, what = 'operator'): Promise<SellingStatus> {
      return sellingStatusOf(await ownedOperator(ex, userId, operatorId, { what }));
    },

    ...review,

    /** R2: announced at least 30 days ahead; from that day no new orders. */
    async announceClosure(userId: string, operatorId: string, effectiveAt: Date): Promise<OperatorView> {
      return db.transaction().execute(async (tx) => {
        const row = await ownedOperator(tx, userId, operatorId, { forUpdate: true });
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
      if (!roles.includes('admin')) await ownedOperator(db, userId, operatorId);
      else if (!(await operatorsRepo.findOperator(db, operatorId))) throw notFound('operator');
    },
  };
}

export type OperatorsService = ReturnType<typeof createOperatorsService>;
