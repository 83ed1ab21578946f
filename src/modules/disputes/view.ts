/** What a party (or an admin) sees of a case: API.md "Disputes", the Dispute object. */
import type { DisputeEventRow, DisputeRow } from './repo.js';
import type { DisputeCategory, DisputeStatus } from './tables.js';

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
  /** D7: the service provider named as a party, its answer and when it is due. */
  serviceProvider: { id: string; answer: 'accepted' | 'refused' | null; share: number | null; deadline: string | null } | null;
  messages: { authorId: string; body: string; evidence: string[]; at: string }[];
  timeline: { type: string; actorId: string | null; at: string; body: string | null; evidence: string[]; detail: Record<string, unknown> }[];
  ruling: { by: 'operator' | 'platform'; refund: number; compensation: number; providerCompensation: number; reason: string | null } | null;
  createdAt: string;
  closedAt: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentDispute(d: DisputeRow, events: DisputeEventRow[]): DisputeView {
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
    deadline: iso(d.deadline),
    overdue: d.overdue,
    serviceProvider: d.service_provider_id ? { id: d.service_provider_id, answer: d.provider_answer, share: d.provider_share, deadline: iso(d.provider_deadline) } : null,
    messages: events.filter((e) => e.type === 'message').map((e) => ({ authorId: e.actor_id!, body: e.body!, evidence: e.evidence, at: e.at.toISOString() })),
    timeline: events.map((e) => ({ type: e.type, actorId: e.actor_id, at: e.at.toISOString(), body: e.body, evidence: e.evidence, detail: e.detail })),
    ruling:
      d.status === 'resolved'
        ? { by: d.resolved_by!, refund: d.refund!, compensation: d.compensation!, providerCompensation: d.provider_compensation ?? 0, reason: d.ruling_reason }
        : null,
    createdAt: d.created_at.toISOString(),
    closedAt: iso(d.closed_at),
  };
}
