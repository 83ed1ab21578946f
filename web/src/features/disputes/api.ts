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
import { API_BASE, at, call, client, idempotent, type BodyOf, type Page, type QueryOf, type ResponseOf } from '../../api/client';
import { everyValue } from '../../api/enums';

const id = (value: string) => encodeURIComponent(value);

/**
 * GET /disputes/:id, as the buyer, the operator's owner and admins see it: `paid` is what the
 * buyer paid, `deadline` is when the party whose turn it is must have acted (null once over),
 * `serviceProvider` is D7's named party with its own answer and 48 h.
 */
export type Dispute = ResponseOf<'/disputes/{id}'>;
export type DisputeMessage = Dispute['messages'][number];
export type DisputeEvent = Dispute['timeline'][number];

export const DISPUTE_CATEGORIES = everyValue<Dispute['category']>()(['not_received', 'not_as_described', 'quality', 'personal_injury', 'forced_sale', 'privacy']);
export type DisputeCategory = Dispute['category'];
export const DISPUTE_STATUSES = everyValue<Dispute['status']>()(['open', 'responded', 'arbitration', 'resolved', 'withdrawn', 'closed']);
export type DisputeStatus = Dispute['status'];

/** GET /dispute-rules (R16). */
export type DisputeRules = ResponseOf<'/dispute-rules'>;

/** The arbitration console's view of a case: the dispute, its order and the ledger lines that moved its money. */
export type DisputeCase = ResponseOf<'/admin/disputes/{id}/case'>;
export type CaseLedgerLine = DisputeCase['ledger'][number];

export type OpenDisputeInput = BodyOf<'/disputes'>;
/** `providerCompensation` is D7's compensation charged to the named service provider (the platform advances it as the provider's debt). */
export type RulingInput = BodyOf<'/admin/disputes/{id}/rule'>;

export type DisputeRole = NonNullable<QueryOf<'/disputes'>['role']>;

const byId = (value: string) => at({ id: value });

/** Every dispute POST changes a case or moves money: each carries its Idempotency-Key (api/idempotency.ts). */
export const disputesApi = {
  rules: () => call(client.GET('/dispute-rules')),
  open: (input: OpenDisputeInput, key: string) => call(client.POST('/disputes', { body: input, ...idempotent(key) })),
  get: (disputeId: string) => call(client.GET('/disputes/{id}', byId(disputeId))),
  mine: (params: QueryOf<'/disputes'>) => call(client.GET('/disputes', { params: { query: params } })),
  message: (disputeId: string, input: BodyOf<'/disputes/{id}/messages'>, key: string) =>
    call(client.POST('/disputes/{id}/messages', { ...byId(disputeId), body: input, ...idempotent(key) })),
  /** The operator, or a named service provider (which may state the `share` of the claim it bears). */
  respond: (disputeId: string, input: BodyOf<'/disputes/{id}/respond'>, key: string) =>
    call(client.POST('/disputes/{id}/respond', { ...byId(disputeId), body: input, ...idempotent(key) })),
  escalate: (disputeId: string, key: string) => call(client.POST('/disputes/{id}/escalate', { ...byId(disputeId), ...idempotent(key) })),
  withdraw: (disputeId: string, key: string) => call(client.POST('/disputes/{id}/withdraw', { ...byId(disputeId), ...idempotent(key) })),
  queue: (params: QueryOf<'/admin/disputes'>) => call(client.GET('/admin/disputes', { params: { query: params } })),
  case: (disputeId: string) => call(client.GET('/admin/disputes/{id}/case', byId(disputeId))),
  addProvider: (disputeId: string, serviceProviderId: string, key: string) =>
    call(client.POST('/admin/disputes/{id}/parties', { ...byId(disputeId), body: { serviceProviderId }, ...idempotent(key) })),
  rule: (disputeId: string, input: RulingInput, key: string) => call(client.POST('/admin/disputes/{id}/rule', { ...byId(disputeId), body: input, ...idempotent(key) })),
};

/** The printable record (R16): an HTML page the party opens or saves; the session cookie goes along. */
export const recordUrl = (disputeId: string) => `${API_BASE}/disputes/${id(disputeId)}/record`;

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
