/**
 * A chat between a buyer and a shop for the governance tests. The chat core (i18-chat-api)
 * owns sending; until its send route is filled in, these rows are written as it writes
 * them: the next seq, the masked text shown, `masked` when masking changed it.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/database.js';

export interface ChatLine {
  from: 'buyer' | 'shop';
  text?: string;
  /** What the other side was shown instead, when masking changed it. */
  shown?: string;
  orderId?: string;
  at?: Date;
}

export function chatRig(db: () => Kysely<DB>) {
  async function conversation(buyerId: string, operatorId: string, at = new Date()): Promise<string> {
    const found = await db().selectFrom('conversations').select('id').where('buyer_id', '=', buyerId).where('operator_id', '=', operatorId).executeTakeFirst();
    if (found) return found.id;
    const id = randomUUID();
    await db().insertInto('conversations').values({ id, buyer_id: buyerId, operator_id: operatorId, created_at: at }).execute();
    return id;
  }

  /** Send these lines in order; returns the messages' ids. */
  async function say(conversationId: string, senders: { buyer: string; shop: string }, lines: readonly ChatLine[]): Promise<string[]> {
    const ids: string[] = [];
    for (const line of lines) {
      const c = await db().selectFrom('conversations').select('last_seq').where('id', '=', conversationId).executeTakeFirstOrThrow();
      const seq = c.last_seq + 1;
      const id = randomUUID();
      const at = line.at ?? new Date();
      await db()
        .insertInto('conversation_messages')
        .values({
          id,
          conversation_id: conversationId,
          seq,
          sender_id: senders[line.from],
          from_side: line.from,
          kind: line.orderId ? 'order' : 'text',
          body: line.orderId ? null : (line.shown ?? line.text ?? null),
          masked: line.shown !== undefined,
          order_id: line.orderId ?? null,
          created_at: at,
        })
        .execute();
      await db().updateTable('conversations').set({ last_seq: seq, last_from: line.from, last_message_at: at }).where('id', '=', conversationId).execute();
      ids.push(id);
    }
    return ids;
  }

  return { conversation, say };
}
