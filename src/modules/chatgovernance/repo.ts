/** SQL of chat governance: reports, the messages they point at, and a dispute's attached chat. */
import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../database.js';
import type { ChatReportOutcome, ChatReportStatus, ChatReportsTable } from './tables.js';

export type ChatReportRow = Selectable<ChatReportsTable>;

/** A message with its conversation's parties: what a report and the evidence are about. */
export interface ChatMessageRow {
  id: string;
  conversation_id: string;
  seq: number;
  sender_id: string | null;
  from_side: 'buyer' | 'shop';
  kind: 'text' | 'image' | 'product' | 'order';
  body: string | null;
  masked: boolean;
  original_record_id: string | null;
  image: string | null;
  product_id: string | null;
  order_id: string | null;
  removed_at: Date | null;
  created_at: Date;
}

export interface ConversationRow {
  id: string;
  buyer_id: string;
  operator_id: string;
  last_seq: number;
}

const MESSAGE_COLUMNS = ['id', 'conversation_id', 'seq', 'sender_id', 'from_side', 'kind', 'body', 'masked', 'original_record_id', 'image', 'product_id', 'order_id', 'removed_at', 'created_at'] as const;

export const chatGovernanceRepo = {
  message(ex: Executor, id: string): Promise<ChatMessageRow | undefined> {
    return ex.selectFrom('conversation_messages').select(MESSAGE_COLUMNS).where('id', '=', id).executeTakeFirst();
  },
  conversation(ex: Executor, id: string): Promise<ConversationRow | undefined> {
    return ex.selectFrom('conversations').select(['id', 'buyer_id', 'operator_id', 'last_seq']).where('id', '=', id).executeTakeFirst();
  },
  conversationOf(ex: Executor, buyerId: string, operatorId: string): Promise<ConversationRow | undefined> {
    return ex.selectFrom('conversations').select(['id', 'buyer_id', 'operator_id', 'last_seq']).where('buyer_id', '=', buyerId).where('operator_id', '=', operatorId).executeTakeFirst();
  },
  /** Messages with seq in [from, to], oldest first. */
  messagesBetween(ex: Executor, conversationId: string, from: number, to: number): Promise<ChatMessageRow[]> {
    return ex.selectFrom('conversation_messages').select(MESSAGE_COLUMNS).where('conversation_id', '=', conversationId).where('seq', '>=', from).where('seq', '<=', to).orderBy('seq').execute();
  },
  /** A page of the messages sent up to `until` (null: up to now), oldest first, after seq `after`. */
  messagesUntil(ex: Executor, conversationId: string, until: Date | null, page: { after: number; limit: number }): Promise<ChatMessageRow[]> {
    let query = ex.selectFrom('conversation_messages').select(MESSAGE_COLUMNS).where('conversation_id', '=', conversationId).where('seq', '>', page.after);
    if (until) query = query.where('created_at', '<=', until);
    return query.orderBy('seq').limit(page.limit).execute();
  },
  async markRemoved(ex: Executor, messageId: string, at: Date): Promise<void> {
    await ex.updateTable('conversation_messages').set({ removed_at: at }).where('id', '=', messageId).where('removed_at', 'is', null).execute();
  },

  /** A buyer's conversations and all their messages, for the export. */
  conversationsOfBuyer(ex: Executor, buyerId: string): Promise<ConversationRow[]> {
    return ex.selectFrom('conversations').select(['id', 'buyer_id', 'operator_id', 'last_seq']).where('buyer_id', '=', buyerId).orderBy('id').execute();
  },
  messagesOf(ex: Executor, conversationIds: readonly string[]): Promise<ChatMessageRow[]> {
    if (conversationIds.length === 0) return Promise.resolve([]);
    return ex.selectFrom('conversation_messages').select(MESSAGE_COLUMNS).where('conversation_id', 'in', conversationIds).orderBy('conversation_id').orderBy('seq').execute();
  },
  reportsBy(ex: Executor, reporterId: string): Promise<ChatReportRow[]> {
    return ex.selectFrom('chat_reports').selectAll().where('reporter_id', '=', reporterId).orderBy('id').execute();
  },

  // Reports.
  /** The new report, or undefined when this reporter already has one open on the message (the partial unique index). */
  async insertReport(ex: Executor, row: Insertable<ChatReportsTable>): Promise<boolean> {
    const inserted = await ex
      .insertInto('chat_reports')
      .values(row)
      .onConflict((oc) => oc.columns(['message_id', 'reporter_id']).where('status', '=', 'open').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  },
  openReportOf(ex: Executor, messageId: string, reporterId: string): Promise<ChatReportRow | undefined> {
    return ex.selectFrom('chat_reports').selectAll().where('message_id', '=', messageId).where('reporter_id', '=', reporterId).where('status', '=', 'open').executeTakeFirst();
  },
  report(ex: Executor, id: string): Promise<ChatReportRow | undefined> {
    return ex.selectFrom('chat_reports').selectAll().where('id', '=', id).executeTakeFirst();
  },
  reportForUpdate(ex: Executor, id: string): Promise<ChatReportRow | undefined> {
    return ex.selectFrom('chat_reports').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },
  /** The queue: open reports oldest first; resolved ones (or all) newest first. Ids are time-ordered (UUIDv7). */
  reports(ex: Executor, filter: { status?: ChatReportStatus | undefined; limit: number; cursor?: string | undefined }): Promise<ChatReportRow[]> {
    let query = ex.selectFrom('chat_reports').selectAll();
    if (filter.status) query = query.where('status', '=', filter.status);
    const oldestFirst = filter.status === 'open';
    if (filter.cursor) query = query.where('id', oldestFirst ? '>' : '<', filter.cursor);
    return query.orderBy('id', oldestFirst ? 'asc' : 'desc').limit(filter.limit).execute();
  },
  async resolve(ex: Executor, id: string, patch: { outcome: ChatReportOutcome; resolution_note: string; resolved_by: string; resolved_at: Date }): Promise<void> {
    await ex.updateTable('chat_reports').set({ status: 'resolved', ...patch }).where('id', '=', id).execute();
  },
  /** Other open reports of the same message: a removal settles them too. */
  openReportsOfMessage(ex: Executor, messageId: string): Promise<ChatReportRow[]> {
    return ex.selectFrom('chat_reports').selectAll().where('message_id', '=', messageId).where('status', '=', 'open').forUpdate().execute();
  },

  // Dispute evidence.
  async attach(ex: Executor, row: { dispute_id: string; conversation_id: string; up_to_seq: number; attached_at: Date }): Promise<void> {
    await ex.insertInto('dispute_chats').values(row).onConflict((oc) => oc.column('dispute_id').doNothing()).execute();
  },
  attachment(ex: Executor, disputeId: string) {
    return ex.selectFrom('dispute_chats').selectAll().where('dispute_id', '=', disputeId).executeTakeFirst();
  },
};
