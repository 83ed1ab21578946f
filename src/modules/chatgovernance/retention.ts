/**
 * What erasure, the R4 purge and the export ask of conversations (PIPL art. 45, 47; R4,
 * E-Commerce Law art. 31).
 *
 * A conversation is *tied to an order* when an order card was sent in it, or a dispute
 * between its buyer and shop attached it as evidence: it is then part of the order's
 * record and stays whole, naming the erased buyer by the tombstone only (the shop sees
 * 「已注销用户 …」), until the purge strips it with the last of those orders. Any other
 * conversation of an erased buyer loses its words at once — the text of both sides (the
 * shop's replies quote and answer the buyer), images, and the sealed originals of masked
 * text — keeping seq, sides, kinds and times (the shop's response figures), and the notes
 * the buyer wrote in reports.
 *
 * @example
 *   await chatRetention.eraseBuyer(tx, userId, vault);   // in DELETE /me
 *   await chatRetention.stripForOrders(tx, orderIds, vault); // in the purge, before the orders are stripped
 */
import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../../database.js';

type Vault = { forgetRecords(ex: Executor, ids: readonly string[]): Promise<void> };

/** Tied to an order: an order card in it, or a dispute of its buyer with its shop. */
const tied = sql<SqlBool>`(exists (select 1 from conversation_messages m where m.conversation_id = conversations.id and m.order_id is not null)
  or exists (select 1 from disputes d where d.buyer_id = conversations.buyer_id and d.operator_id = conversations.operator_id))`;

async function empty(ex: Executor, conversationIds: readonly string[], vault: Vault): Promise<void> {
  if (conversationIds.length === 0) return;
  const originals = await ex.selectFrom('conversation_messages').select('original_record_id').where('conversation_id', 'in', conversationIds).where('original_record_id', 'is not', null).execute();
  await ex.updateTable('conversation_messages').set({ body: null, image: null, masked: false, original_record_id: null }).where('conversation_id', 'in', conversationIds).execute();
  await vault.forgetRecords(ex, originals.map((o) => o.original_record_id!));
  await ex.updateTable('chat_reports').set({ note: null, resolution_note: null }).where('conversation_id', 'in', conversationIds).execute();
}

export const chatRetention = {
  /** DELETE /me: the buyer's conversations not tied to an order lose their words; returns how many. */
  async eraseBuyer(ex: Executor, buyerId: string, vault: Vault): Promise<number> {
    const loose = await ex.selectFrom('conversations').select('id').where('buyer_id', '=', buyerId).where(sql<SqlBool>`not ${tied}`).execute();
    await empty(ex, loose.map((c) => c.id), vault);
    return loose.length;
  },

  /**
   * The purge of these orders (erased buyers', closed three years ago): the conversations
   * they tie are emptied once no other order tying them is still kept (not purged before,
   * nor in this batch).
   */
  async stripForOrders(ex: Executor, orderIds: readonly string[], vault: Vault): Promise<void> {
    if (orderIds.length === 0) return;
    const byCard = ex.selectFrom('conversation_messages').select('conversation_id').where('order_id', 'in', orderIds);
    const candidates = await ex
      .selectFrom('conversations')
      .select(['conversations.id'])
      .where((eb) =>
        eb.or([
          eb('conversations.id', 'in', byCard),
          eb.exists(eb.selectFrom('disputes').select('disputes.id').whereRef('disputes.buyer_id', '=', 'conversations.buyer_id').whereRef('disputes.operator_id', '=', 'conversations.operator_id').where('disputes.order_id', 'in', orderIds)),
        ]),
      )
      .execute();
    if (candidates.length === 0) return;
    // Orders still kept that tie a candidate: by a card in it, or by a dispute of the pair.
    const kept = await ex
      .selectFrom('conversations')
      .select('conversations.id')
      .where('conversations.id', 'in', candidates.map((c) => c.id))
      .where((eb) =>
        eb.or([
          eb.exists(
            eb
              .selectFrom('conversation_messages as m')
              .innerJoin('orders as o', 'o.id', 'm.order_id')
              .select('m.id')
              .whereRef('m.conversation_id', '=', 'conversations.id')
              .where('o.records_purged_at', 'is', null)
              .where('o.id', 'not in', orderIds),
          ),
          eb.exists(
            eb
              .selectFrom('disputes as d')
              .innerJoin('orders as o', 'o.id', 'd.order_id')
              .select('d.id')
              .whereRef('d.buyer_id', '=', 'conversations.buyer_id')
              .whereRef('d.operator_id', '=', 'conversations.operator_id')
              .where('o.records_purged_at', 'is', null)
              .where('o.id', 'not in', orderIds),
          ),
        ]),
      )
      .execute();
    const keep = new Set(kept.map((c) => c.id));
    await empty(ex, candidates.map((c) => c.id).filter((id) => !keep.has(id)), vault);
  },
};

export type ChatRetention = typeof chatRetention;
