/** SQL of conversations, their messages, quick replies, response times and stream presence. */
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../database.js';
import type { ConversationMessagesTable, ConversationsTable, ConversationSide, QuickRepliesTable } from './tables.js';

export type ConversationRow = Selectable<ConversationsTable>;
export type MessageRow = Selectable<ConversationMessagesTable>;
export type QuickReplyRow = Selectable<QuickRepliesTable>;
/** A conversation with its last message, for lists. */
export type ListedRow = ConversationRow & { last_kind: MessageRow['kind'] | null; last_body: string | null; last_removed_at: Date | null };

/** Keyset position in a list: (time, id). */
export interface Position {
  at: Date;
  id: string;
}

function listed(ex: Executor) {
  return ex
    .selectFrom('conversations')
    .leftJoin('conversation_messages as m', (join) => join.onRef('m.conversation_id', '=', 'conversations.id').onRef('m.seq', '=', 'conversations.last_seq'))
    .selectAll('conversations')
    .select(['m.kind as last_kind', 'm.body as last_body', 'm.removed_at as last_removed_at']);
}

export const conversationsRepo = {
  find(ex: Executor, id: string): Promise<ConversationRow | undefined> {
    return ex.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
  },

  findForUpdate(ex: Executor, id: string): Promise<ConversationRow | undefined> {
    return ex.selectFrom('conversations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  findPair(ex: Executor, buyerId: string, operatorId: string): Promise<ConversationRow | undefined> {
    return ex.selectFrom('conversations').selectAll().where('buyer_id', '=', buyerId).where('operator_id', '=', operatorId).executeTakeFirst();
  },

  /** False when the pair already had one (a concurrent open). */
  async insert(ex: Executor, row: Insertable<ConversationsTable>): Promise<boolean> {
    const inserted = await ex.insertInto('conversations').values(row).onConflict((oc) => oc.columns(['buyer_id', 'operator_id']).doNothing()).returning('id').executeTakeFirst();
    return inserted !== undefined;
  },

  async createdSince(ex: Executor, buyerId: string, since: Date): Promise<number> {
    const row = await ex.selectFrom('conversations').select((eb) => eb.fn.countAll<string>().as('n')).where('buyer_id', '=', buyerId).where('created_at', '>=', since).executeTakeFirstOrThrow();
    return Number(row.n);
  },

  async update(ex: Executor, id: string, patch: Updateable<ConversationsTable>): Promise<void> {
    await ex.updateTable('conversations').set(patch).where('id', '=', id).execute();
  },

  /** The buyer's conversations, latest activity first. */
  ofBuyer(ex: Executor, buyerId: string, page: { limit: number; after?: Position | undefined }): Promise<ListedRow[]> {
    let query = listed(ex).where('conversations.buyer_id', '=', buyerId);
    const after = page.after;
    if (after) query = query.where((eb) => eb.or([eb('conversations.last_message_at', '<', after.at), eb.and([eb('conversations.last_message_at', '=', after.at), eb('conversations.id', '<', after.id)])]));
    return query.orderBy('conversations.last_message_at', 'desc').orderBy('conversations.id', 'desc').limit(page.limit).execute() as Promise<ListedRow[]>;
  },

  /** The shop's conversations waiting for an answer, the longest waiting first. */
  waiting(ex: Executor, operatorId: string, page: { limit: number; after?: Position | undefined }): Promise<ListedRow[]> {
    let query = listed(ex).where('conversations.operator_id', '=', operatorId).where('conversations.waiting_since', 'is not', null);
    const after = page.after;
    if (after) query = query.where((eb) => eb.or([eb('conversations.waiting_since', '>', after.at), eb.and([eb('conversations.waiting_since', '=', after.at), eb('conversations.id', '>', after.id)])]));
    return query.orderBy('conversations.waiting_since', 'asc').orderBy('conversations.id', 'asc').limit(page.limit).execute() as Promise<ListedRow[]>;
  },

  /** The shop's answered conversations (with at least one message), latest activity first. */
  answered(ex: Executor, operatorId: string, page: { limit: number; after?: Position | undefined }): Promise<ListedRow[]> {
    let query = listed(ex).where('conversations.operator_id', '=', operatorId).where('conversations.waiting_since', 'is', null).where('conversations.last_seq', '>', 0);
    const after = page.after;
    if (after) query = query.where((eb) => eb.or([eb('conversations.last_message_at', '<', after.at), eb.and([eb('conversations.last_message_at', '=', after.at), eb('conversations.id', '<', after.id)])]));
    return query.orderBy('conversations.last_message_at', 'desc').orderBy('conversations.id', 'desc').limit(page.limit).execute() as Promise<ListedRow[]>;
  },

  async unreadOfBuyer(ex: Executor, buyerId: string): Promise<number> {
    const row = await ex.selectFrom('conversations').select((eb) => eb.fn.coalesce(eb.fn.sum<string>('buyer_unread'), eb.lit(0)).as('n')).where('buyer_id', '=', buyerId).executeTakeFirstOrThrow();
    return Number(row.n);
  },

  async unreadOfShop(ex: Executor, operatorId: string): Promise<number> {
    const row = await ex.selectFrom('conversations').select((eb) => eb.fn.coalesce(eb.fn.sum<string>('shop_unread'), eb.lit(0)).as('n')).where('operator_id', '=', operatorId).executeTakeFirstOrThrow();
    return Number(row.n);
  },

  insertMessage(ex: Executor, row: Insertable<ConversationMessagesTable>): Promise<MessageRow> {
    return ex.insertInto('conversation_messages').values(row).returningAll().executeTakeFirstOrThrow();
  },

  /** Newest first, before `beforeSeq`. */
  messages(ex: Executor, conversationId: string, page: { limit: number; beforeSeq?: number | undefined }): Promise<MessageRow[]> {
    let query = ex.selectFrom('conversation_messages').selectAll().where('conversation_id', '=', conversationId);
    if (page.beforeSeq !== undefined) query = query.where('seq', '<', page.beforeSeq);
    return query.orderBy('seq', 'desc').limit(page.limit).execute();
  },

  /**
   * What a stream has not sent yet, in one statement: the messages after `afterSeq`, oldest
   * first, and both read receipts; undefined if the conversation is gone.
   */
  async catchUp(ex: Executor, conversationId: string, afterSeq: number, limit: number): Promise<{ reads: { buyer_read_seq: number; shop_read_seq: number }; rows: MessageRow[] } | undefined> {
    const found = await ex
      .selectFrom('conversations as c')
      .leftJoinLateral(
        (eb) => eb.selectFrom('conversation_messages').selectAll().whereRef('conversation_messages.conversation_id', '=', 'c.id').where('conversation_messages.seq', '>', afterSeq).orderBy('conversation_messages.seq', 'asc').limit(limit).as('m'),
        (join) => join.onTrue(),
      )
      .select(['c.buyer_read_seq as read_by_buyer', 'c.shop_read_seq as read_by_shop'])
      .selectAll('m')
      .where('c.id', '=', conversationId)
      .orderBy('m.seq', 'asc')
      .execute();
    const first = found[0];
    if (!first) return undefined;
    // A conversation without new messages is one row of nulls from the lateral join.
    const rows = found.flatMap(({ read_by_buyer: _b, read_by_shop: _s, ...m }) => (m.id === null ? [] : [m as MessageRow]));
    return { reads: { buyer_read_seq: first.read_by_buyer, shop_read_seq: first.read_by_shop }, rows };
  },

  findMessage(ex: Executor, id: string): Promise<MessageRow | undefined> {
    return ex.selectFrom('conversation_messages').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** The side's messages after `seq`: what the other side has still to read. */
  async countFrom(ex: Executor, conversationId: string, side: ConversationSide, afterSeq: number): Promise<number> {
    const row = await ex
      .selectFrom('conversation_messages')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('conversation_id', '=', conversationId)
      .where('from_side', '=', side)
      .where('seq', '>', afterSeq)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  async hasOrderCard(ex: Executor, conversationId: string): Promise<boolean> {
    const row = await ex.selectFrom('conversation_messages').select('id').where('conversation_id', '=', conversationId).where('order_id', 'is not', null).limit(1).executeTakeFirst();
    return row !== undefined;
  },

  /** One answer's wait, added to the shop's day (Beijing date). */
  async addResponse(ex: Executor, operatorId: string, day: string, ms: number): Promise<void> {
    await ex
      .insertInto('operator_response_days')
      .values({ operator_id: operatorId, day, total_ms: ms, turns: 1 })
      .onConflict((oc) => oc.columns(['operator_id', 'day']).doUpdateSet({ total_ms: sql`operator_response_days.total_ms + excluded.total_ms`, turns: sql`operator_response_days.turns + 1` }))
      .execute();
  },

  async responseTotals(ex: Executor, operatorId: string, fromDay: string): Promise<{ totalMs: number; turns: number }> {
    const row = await ex
      .selectFrom('operator_response_days')
      .select((eb) => [eb.fn.coalesce(eb.fn.sum<string>('total_ms'), eb.lit(0)).as('total'), eb.fn.coalesce(eb.fn.sum<string>('turns'), eb.lit(0)).as('turns')])
      .where('operator_id', '=', operatorId)
      .where('day', '>=', fromDay)
      .executeTakeFirstOrThrow();
    return { totalMs: Number(row.total), turns: Number(row.turns) };
  },

  /** Conversations whose order-answer SMS is due. */
  smsDue(ex: Executor, now: Date, limit: number): Promise<{ id: string }[]> {
    return ex.selectFrom('conversations').select('id').where('sms_due_at', '<=', now).orderBy('sms_due_at').limit(limit).execute();
  },

  quickReplies(ex: Executor, operatorId: string): Promise<QuickReplyRow[]> {
    return ex.selectFrom('quick_replies').selectAll().where('operator_id', '=', operatorId).orderBy('id').execute();
  },

  async countQuickReplies(ex: Executor, operatorId: string): Promise<number> {
    const row = await ex.selectFrom('quick_replies').select((eb) => eb.fn.countAll<string>().as('n')).where('operator_id', '=', operatorId).executeTakeFirstOrThrow();
    return Number(row.n);
  },

  async insertQuickReply(ex: Executor, row: Insertable<QuickRepliesTable>): Promise<void> {
    await ex.insertInto('quick_replies').values(row).execute();
  },

  async deleteQuickReply(ex: Executor, operatorId: string, id: string): Promise<boolean> {
    const result = await ex.deleteFrom('quick_replies').where('operator_id', '=', operatorId).where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  async present(ex: Executor, stream: { streamId: string; userId: string; conversationId?: string | undefined; operatorId?: string | undefined }, at: Date): Promise<void> {
    await ex
      .insertInto('conversation_presence')
      .values({ stream_id: stream.streamId, user_id: stream.userId, conversation_id: stream.conversationId ?? null, operator_id: stream.operatorId ?? null, seen_at: at })
      .onConflict((oc) => oc.column('stream_id').doUpdateSet({ seen_at: at }))
      .execute();
  },

  /** Renew the presence of these streams (all of one process's, each heartbeat). */
  async stillPresent(ex: Executor, streamIds: readonly string[], at: Date): Promise<void> {
    for (let i = 0; i < streamIds.length; i += 10_000) {
      await ex.updateTable('conversation_presence').set({ seen_at: at }).where('stream_id', 'in', streamIds.slice(i, i + 10_000)).execute();
    }
  },

  async gone(ex: Executor, streamId: string): Promise<void> {
    await ex.deleteFrom('conversation_presence').where('stream_id', '=', streamId).execute();
  },

  /** Which of these users hold a fresh stream on the conversation (or, with `operatorId`, on the shop's inbox). */
  async watching(ex: Executor, userIds: readonly string[], where: { conversationId: string; operatorId?: string | undefined }, since: Date): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await ex
      .selectFrom('conversation_presence')
      .select('user_id')
      .where('user_id', 'in', userIds)
      .where('seen_at', '>=', since)
      .where((eb) => (where.operatorId ? eb.or([eb('conversation_id', '=', where.conversationId), eb('operator_id', '=', where.operatorId)]) : eb('conversation_id', '=', where.conversationId)))
      .execute();
    return new Set(rows.map((r) => r.user_id));
  },
};
