/**
 * A chat message as it was written, for disputes and reports (issue 18; the
 * governance side calls this): the masked text shown to the other side is all the
 * table holds, the original sits sealed in the vault under its sender (masking.ts,
 * D3). Opening it is a read of the sender's personal data by someone else, so it is
 * logged with its purpose (`chat_evidence`), in the caller's transaction.
 */
import type { Executor } from '../../database.js';
import type { PrivacyService, Reader } from '../privacy/index.js';
import { conversationsRepo as repo } from './repo.js';

export interface OriginalMessage {
  messageId: string;
  conversationId: string;
  senderId: string | null;
  /** The text as written (null for cards and images, or once the sender's records are purged). */
  text: string | null;
  /** Whether the other side saw it masked. */
  masked: boolean;
}

/** The message's original text, read by `actorId` acting `as` (platform staff: `{ role: 'admin' }`); undefined if no such message. */
export async function originalMessage(ex: Executor, privacy: PrivacyService, input: { messageId: string; actorId: string; as: Reader }): Promise<OriginalMessage | undefined> {
  const m = await repo.findMessage(ex, input.messageId);
  if (!m) return undefined;
  const base = { messageId: m.id, conversationId: m.conversation_id, senderId: m.sender_id, masked: m.masked };
  // Unmasked text is the original: nothing sealed, nothing to log.
  if (!m.original_record_id || !m.sender_id) return { ...base, text: m.body };
  const records = await privacy.readAs(ex, { actorId: input.actorId, as: input.as, subjectId: m.sender_id, kinds: ['chat_message'], reason: { code: 'chat_evidence', messageId: m.id } });
  return { ...base, text: records.find((r) => r.id === m.original_record_id)?.value ?? null };
}
