/**
 * Disputes (API.md "Disputes", RULES.md "Disputes", D5–D7, R16): the calls, their
 * query hooks and the pure reading of a case the pages share: whose turn it is and
 * by when, and which claims the rules allow before anything is sent.
 *
 * @example
 *   const dispute = useDispute(id);
 *   const turn = turnOf(dispute.data); // { party: 'operator', by: '2026-12-01T…' }
 */
import { useInfiniteQuery, useQuery, type QueryClient } from '@tanstack/react-query';
import { id, idempotent, query, request, type Order, type Page } from './api';

export const DISPUTE_CATEGORIES = ['not_received', 'not_as_described', 'quality', 'personal_injury', 'forced_sale', 'privacy'] as const;
export type DisputeCategory = (typeof DISPUTE_CATEGORIES)[number];
export const DISPUTE_STATUSES = ['open', 'responded', 'arbitration', 'resolved', 'withdrawn', 'closed'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

export interface DisputeMessage {
  authorId: string;
  body: string;
  evidence: string[];
  at: string;
}

export interface DisputeEvent {
  type: string;
  actorId: string | null;
  at: string;
  /** What the actor wrote with the step: a refusal's or a ruling's reason, a message. */
  body: string | null;
  evidence: string[];
  detail: Record<string, unknown>;
}

/** GET /disputes/:id, as the buyer, the operator's owner and admins see it. */
export interface Dispute {
  id: string;
  orderId: string;
  buyerId: string;
  operatorId: string;
  status: DisputeStatus;
  category: DisputeCategory;
  /** What the buyer paid for the order, fen. */
  paid: number;
  claim: { refund: number; compensation: number };
  description: string;
  evidence: string[];
  /** When the party whose turn it is must have acted; null once the case is over. */
  deadline: string | null;
  /** The platform's 5 days to rule have passed. */
  overdue: boolean;
  /** D7: a service provider named as a party (e.g. the carrier for not_received), with its own answer and 48 h. */
  serviceProvider: { id: string; answer: 'accepted' | 'refused' | null; share: number | null; deadline: string | null } | null;
  messages: DisputeMessage[];
  timeline: DisputeEvent[];
  ruling: { by: 'operator' | 'platform'; refund: number; compensation: number; providerCompensation: number; reason: string | null } | null;
  createdAt: string;
  closedAt: string | null;
}

/** GET /dispute-rules (R16). */
export interface DisputeRules {
  publishedAt: string;
  channel: { zh: string; en: string };
  categories: DisputeCategory[];
  operatorResponseHours: number;
  buyerEscalationDays: number;
  platformRulingDays: number;
  steps: { zh: string; en: string }[];
}

/** One ledger line of a case as the arbitration console shows it (GET /admin/disputes/:id/case). */
export interface CaseLedgerLine {
  transferId: string;
  kind: 'single' | 'pending' | 'post' | 'void';
  /** Why the money moved: order_payment, dispute_refund, dispute_compensation… */
  code: string;
  /** The kind of account (user_wallet, platform_escrow, operator_deposit…) and whose it is. */
  debitAccount: string;
  debitOwnerId: string | null;
  creditAccount: string;
  creditOwnerId: string | null;
  amount: number;
  status: 'pending' | 'posted' | 'voided';
  at: string;
}

export interface DisputeCase {
  dispute: Dispute;
  order: Order;
  ledger: CaseLedgerLine[];
}

export interface OpenDisputeInput {
  orderId: string;
  category: DisputeCategory;
  claim: { refund: number; compensation?: number };
  description: string;
  evidence?: string[];
}

export interface RulingInput {
  refund: number;
  compensation: number;
  /** D7: compensation charged to the named service provider (the platform advances it as the provider's debt). */
  providerCompensation?: number;
  reason: string;
}

export type DisputeRole = 'buyer' | 'operator' | 'provider';

const one = (path: string) => `/disputes/${id(path)}`;

/** Every dispute POST changes a case or moves money: each carries its Idempotency-Key (see idempotency.ts). */
export const disputesApi = {
  rules: () => request<DisputeRules>('GET', '/dispute-rules'),
  open: (input: OpenDisputeInput, key: string) => request<{ dispute: Dispute }>('POST', '/disputes', input, idempotent(key)),
  get: (disputeId: string) => request<Dispute>('GET', one(disputeId)),
  mine: (params: { role: DisputeRole; status?: DisputeStatus; cursor?: string; limit?: number }) => request<Page<Dispute>>('GET', `/disputes${query(params)}`),
  message: (disputeId: string, input: { body: string; evidence?: string[] }, key: string) =>
    request<{ dispute: Dispute }>('POST', `${one(disputeId)}/messages`, input, idempotent(key)),
  /** The operator, or a named service provider (which may state the `share` of the claim it bears). */
  respond: (disputeId: string, input: { accept: boolean; reason?: string; share?: number }, key: string) =>
    request<{ dispute: Dispute }>('POST', `${one(disputeId)}/respond`, input, idempotent(key)),
  escalate: (disputeId: string, key: string) => request<{ dispute: Dispute }>('POST', `${one(disputeId)}/escalate`, undefined, idempotent(key)),
  withdraw: (disputeId: string, key: string) => request<{ dispute: Dispute }>('POST', `${one(disputeId)}/withdraw`, undefined, idempotent(key)),
  queue: (params: { status?: DisputeStatus; overdue?: boolean; cursor?: string; limit?: number }) => request<Page<Dispute>>('GET', `/admin/disputes${query(params)}`),
  case: (disputeId: string) => request<DisputeCase>('GET', `/admin/disputes/${id(disputeId)}/case`),
  addProvider: (disputeId: string, serviceProviderId: string, key: string) =>
    request<{ dispute: Dispute }>('POST', `/admin/disputes/${id(disputeId)}/parties`, { serviceProviderId }, idempotent(key)),
  rule: (disputeId: string, input: RulingInput, key: string) => request<{ dispute: Dispute }>('POST', `/admin/disputes/${id(disputeId)}/rule`, input, idempotent(key)),
};

/** The printable record (R16): an HTML page the party opens or saves; the session cookie goes along. */
export const recordUrl = (disputeId: string) => `/api/v1/disputes/${id(disputeId)}/record`;

/** Ledger codes of money a dispute moved, with words in disputes-*.ts (`walletCodes`). */
export type DisputeWalletCode = 'dispute_refund' | 'dispute_refund_advance' | 'dispute_compensation' | 'dispute_compensation_advance';
export const DISPUTE_WALLET_CODES = new Set<string>(['dispute_refund', 'dispute_refund_advance', 'dispute_compensation', 'dispute_compensation_advance'] satisfies DisputeWalletCode[]);

/** Everything under this key is disputes: invalidate it after a case changes. */
export const DISPUTES_KEY = 'disputes';

export function useDispute(disputeId: string) {
  return useQuery({ queryKey: [DISPUTES_KEY, 'one', disputeId], queryFn: () => disputesApi.get(disputeId) });
}

export function useDisputeRules() {
  return useQuery({ queryKey: [DISPUTES_KEY, 'rules'], queryFn: disputesApi.rules, staleTime: Infinity });
}

function usePages(key: unknown[], read: (cursor: string | undefined) => Promise<Page<Dispute>>) {
  return useInfiniteQuery({
    queryKey: [DISPUTES_KEY, ...key],
    queryFn: ({ pageParam }) => read(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** The caller's own cases in one role, newest first. */
export function useMyDisputes(role: DisputeRole, status?: DisputeStatus) {
  return usePages(['mine', role, status], (cursor) => disputesApi.mine({ role, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) }));
}

/** The admin queue; `overdue` lists the cases past the platform's 5 days. */
export function useDisputeQueue(filter: { status?: DisputeStatus | undefined; overdue: boolean }) {
  return usePages(['queue', filter.status, filter.overdue], (cursor) =>
    disputesApi.queue({ ...(filter.status ? { status: filter.status } : {}), ...(filter.overdue ? { overdue: true } : {}), ...(cursor ? { cursor } : {}) }),
  );
}

/** A case changed: show the new one and read every list again. */
export async function disputeChanged(queryClient: QueryClient, dispute: Dispute): Promise<void> {
  queryClient.setQueryData([DISPUTES_KEY, 'one', dispute.id], dispute);
  await queryClient.invalidateQueries({ queryKey: [DISPUTES_KEY], refetchType: 'all' });
}

/** Who must act next and by when (RULES.md "Disputes"): null once the case is over. */
export function turnOf(dispute: Pick<Dispute, 'status' | 'deadline'>): { party: 'operator' | 'buyer' | 'platform'; by: string } | null {
  if (!dispute.deadline) return null;
  if (dispute.status === 'open') return { party: 'operator', by: dispute.deadline };
  if (dispute.status === 'responded') return { party: 'buyer', by: dispute.deadline };
  if (dispute.status === 'arbitration') return { party: 'platform', by: dispute.deadline };
  return null;
}

/** D5, D6: only bodily harm and forced sales may be compensated beyond the price. */
export const compensationBeyondPrice = (category: DisputeCategory) => category === 'personal_injury' || category === 'forced_sale';

/** The states in which parties may still talk, escalate or withdraw. */
export const isLive = (status: DisputeStatus) => status === 'open' || status === 'responded' || status === 'arbitration';

/**
 * What is wrong with a claim or ruling before it is sent, as RULES.md reads
 * (the server checks again): the field at fault, or null.
 */
export function claimProblem(category: DisputeCategory, paid: number, refund: number, compensation: number): 'refund' | 'compensation' | null {
  if (refund > paid) return 'refund';
  if (!compensationBeyondPrice(category) && refund + compensation > paid) return 'compensation';
  return null;
}

/** Time left as days, hours and minutes (never negative). */
export function timeLeft(ms: number): { days: number; hours: number; minutes: number } {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  return { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60), minutes: minutes % 60 };
}
