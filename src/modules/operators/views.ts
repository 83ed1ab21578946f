/**
 * What the operators module shows of a registration: the owner's view, the public
 * disclosure (R1) and whether the shop may sell now (R2, R3).
 */
import type { Clock } from '../../lib/clock.js';
import type { OperatorRow, ServiceProviderRow } from './repo.js';
import type { ReviewStatus } from './tables.js';

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
  /** An individual's shop: its contact and address are a person's data (PIPL), reads of them logged. */
  kind: 'enterprise' | 'individual';
  approved: boolean;
  /** R2: the announced closure has taken effect. */
  closed: boolean;
  selling: boolean;
  reason: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The identity number as a reviewer sees it (accounts' mask, one for the whole app). */
export { maskIdNumber } from '../accounts/index.js';

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

/** The views of rows, as of the clock's now. */
export function createOperatorViews(clock: Clock) {
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

  /** For other modules: may this operator sell now, and who owns it. */
  const sellingStatusOf = (row: OperatorRow, now = clock.now()): SellingStatus => ({
    operatorId: row.id,
    ownerId: row.owner_id,
    shopName: row.shop_name,
    kind: row.kind,
    approved: row.status === 'approved',
    ...sellingOf(row, now),
  });

  return { sellingOf, view, providerView, sellingStatusOf };
}
