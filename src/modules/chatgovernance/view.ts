/** How chat governance shows reports and messages (schema.ts shapes). */
import type { Static } from 'typebox';
import type { ChatMessageRow, ChatReportRow } from './repo.js';
import type { EvidenceMessage } from './schema.js';
import type { ReportView } from './routes.js';

export type EvidenceView = Static<typeof EvidenceMessage>;

export const reportView = (r: ChatReportRow): ReportView => ({
  id: r.id,
  messageId: r.message_id,
  conversationId: r.conversation_id,
  reason: r.reason,
  note: r.note,
  status: r.status,
  outcome: r.outcome,
  createdAt: r.created_at.toISOString(),
  resolvedAt: r.resolved_at ? r.resolved_at.toISOString() : null,
});

/**
 * A message as the parties see it in the chat: the masked text, and nothing of a
 * message the platform removed (the client shows 「该消息已被平台删除」).
 */
export function partyMessage(m: ChatMessageRow): EvidenceView {
  const removed = m.removed_at !== null;
  return {
    id: m.id,
    seq: m.seq,
    from: m.from_side,
    kind: m.kind,
    text: removed ? null : m.body,
    masked: m.masked,
    image: removed ? null : m.image,
    productId: removed ? null : m.product_id,
    orderId: removed ? null : m.order_id,
    removed,
    createdAt: m.created_at.toISOString(),
  };
}

/** A message as an admin reads it (a logged read): the original text, removed or not. */
export function adminMessage(m: ChatMessageRow, original: string | undefined): EvidenceView {
  return { ...partyMessage({ ...m, removed_at: null }), text: original ?? m.body, removed: m.removed_at !== null };
}

/** What both sides see instead of a message the platform removed after a report. */
export const REMOVED_TEXT = '该消息已被平台删除';

/** The chat core's hook: a removed message reads as the platform's notice, with nothing of what it was. */
export function shownAfterRemoval<M extends { removed_at: Date | null; kind: string; body: string | null; masked: boolean; image: string | null; product_id: string | null; order_id: string | null }>(m: M): M {
  return m.removed_at === null ? m : { ...m, kind: 'text', body: REMOVED_TEXT, masked: false, image: null, product_id: null, order_id: null };
}
