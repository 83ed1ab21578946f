import type { Insertable } from 'kysely';
import type { Executor } from '../../database.js';
import type { DeliveryStatus, MarketingDeliveriesTable, MarketingMessagesTable } from './tables.js';

export const marketingRepo = {
  async insertMessage(ex: Executor, row: Insertable<MarketingMessagesTable>): Promise<void> {
    await ex.insertInto('marketing_messages').values(row).execute();
  },

  async insertDeliveries(ex: Executor, rows: Insertable<MarketingDeliveriesTable>[]): Promise<void> {
    if (rows.length > 0) await ex.insertInto('marketing_deliveries').values(rows).execute();
  },

  /** Takes a queued delivery for sending; undefined when it was already taken or decided. */
  claim(ex: Executor, deliveryId: string) {
    return ex
      .updateTable('marketing_deliveries')
      .set({ status: 'sending' })
      .where('id', '=', deliveryId)
      .where('status', '=', 'queued')
      .returning(['id', 'message_id', 'user_id'])
      .executeTakeFirst();
  },

  async decide(ex: Executor, deliveryId: string, status: DeliveryStatus, at: Date | null): Promise<void> {
    await ex.updateTable('marketing_deliveries').set({ status, decided_at: at }).where('id', '=', deliveryId).execute();
  },

  findMessage(ex: Executor, messageId: string) {
    return ex.selectFrom('marketing_messages').select(['id', 'operator_id', 'title', 'body']).where('id', '=', messageId).executeTakeFirstOrThrow();
  },

  /** What the user received or was withheld, with the message and who sent it. */
  deliveriesOf(ex: Executor, userId: string) {
    return ex
      .selectFrom('marketing_deliveries as d')
      .innerJoin('marketing_messages as m', 'm.id', 'd.message_id')
      .select(['d.id', 'd.message_id', 'm.operator_id', 'm.title', 'm.body', 'd.status', 'd.created_at', 'd.decided_at'])
      .where('d.user_id', '=', userId)
      .orderBy('d.id')
      .execute();
  },

  messagesSentBy(ex: Executor, userId: string) {
    return ex.selectFrom('marketing_messages').select(['id', 'operator_id', 'title', 'body', 'recipients', 'created_at']).where('sent_by', '=', userId).orderBy('id').execute();
  },
};
