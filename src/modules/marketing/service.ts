/**
 * Marketing that respects consent (D3, R15; PIPL arts. 13, 15): the platform's own
 * messages go to users who granted `marketing`; a shop's go, through the platform,
 * to its past buyers who granted `share_with_operator_marketing` — the shop never
 * learns a phone number nor who received it. Each recipient is one job, and the job
 * asks the consent again when it sends: a withdrawal before that moment wins.
 *
 * @example
 *   const marketing = createMarketingService({ db, consents, privacy, sms, operators, orders, audit, enqueue, clock });
 *   await marketing.sendAsPlatform(adminId, { title: '双十一', body: '全场满 200 减 30' });
 *   // …later, in the job:
 *   await marketing.deliver(deliveryId); // sent, or withheld when the consent is gone
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../database.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { camelRows } from '../../lib/export-rows.js';
import type { SmsSender } from '../notifications/index.js';
import type { OperatorsService } from '../operators/index.js';
import type { AuditService } from '../audit/index.js';
import type { OrdersService } from '../orders/index.js';
import type { ConsentPurpose, ConsentsService, PrivacyService } from '../privacy/index.js';
import { marketingErrors as errors } from './errors.js';
import { marketingRepo } from './repo.js';

/** The pg-boss queue of single deliveries. */
export const MARKETING_DELIVERY_QUEUE = 'marketing.deliver';

export interface MarketingDeps {
  db: Kysely<DB>;
  consents: ConsentsService;
  privacy: PrivacyService;
  sms: SmsSender;
  operators: Pick<OperatorsService, 'sellingStatus' | 'requireOwnedShop'>;
  orders: Pick<OrdersService, 'pastBuyers'>;
  audit: AuditService;
  /** Queue one delivery inside the transaction that creates it (throws when no job runner is up). */
  enqueue: (ex: Executor, deliveryId: string) => Promise<void>;
  clock: Clock;
}

export interface MessageInput {
  title: string;
  body: string;
}

const purposeOf = (operatorId: string | null): ConsentPurpose => (operatorId ? 'share_with_operator_marketing' : 'marketing');

export function createMarketingService(deps: MarketingDeps) {
  const { db, consents, privacy, sms, operators, orders, audit, clock } = deps;

  /** The message, one delivery row and one job per recipient, all in one transaction. */
  async function queue(sentBy: string, operatorId: string | null, input: MessageInput, recipients: string[]) {
    const now = clock.now();
    const id = newId(now.getTime());
    await db.transaction().execute(async (tx) => {
      await marketingRepo.insertMessage(tx, { id, operator_id: operatorId, sent_by: sentBy, title: input.title, body: input.body, recipients: recipients.length, created_at: now });
      const rows = recipients.map((userId) => ({ id: newId(now.getTime()), message_id: id, user_id: userId, status: 'queued' as const, decided_at: null, created_at: now }));
      await marketingRepo.insertDeliveries(tx, rows);
      for (const row of rows) await deps.enqueue(tx, row.id);
      // A platform campaign is a staff action: it goes in the audit log with the message.
      if (!operatorId) await audit.record(tx, { actorId: sentBy, action: 'marketing.send', targetType: 'marketing_message', targetId: id, detail: { title: input.title, recipients: recipients.length } });
    });
    return { id, recipients: recipients.length, createdAt: now.toISOString() };
  }

  return {
    /** An admin's message to every user who granted `marketing` now (checked again at send time). */
    async sendAsPlatform(adminId: string, input: MessageInput) {
      return queue(adminId, null, input, await consents.grantedUsers(db, 'marketing'));
    },

    /** A shop's message to its past buyers who allow shops' marketing; the caller must own the shop. */
    async sendAsOperator(userId: string, operatorId: string, input: MessageInput) {
      const shop = await operators.requireOwnedShop(db, userId, operatorId);
      if (!shop.approved) throw errors.notApproved();
      const buyers = await orders.pastBuyers(db, operatorId);
      return queue(userId, operatorId, input, await consents.grantedUsers(db, 'share_with_operator_marketing', buyers));
    },

    /**
     * The job: send one delivery if its recipient still consents. A delivery is taken
     * once (queued → sending): a message is never sent twice, and one lost in a crash
     * mid-send stays unsent, the safer failure for marketing.
     */
    async deliver(deliveryId: string): Promise<'sent' | 'withheld' | 'skipped'> {
      const delivery = await marketingRepo.claim(db, deliveryId);
      if (!delivery) return 'skipped';
      const message = await marketingRepo.findMessage(db, delivery.message_id);
      const stillGranted = await consents.granted(db, delivery.user_id, purposeOf(message.operator_id));
      // The platform's own processing within the granted purpose: no person reads the number.
      const [phone] = stillGranted ? await privacy.readOwn(db, delivery.user_id, ['phone']) : [];
      if (!phone) {
        await marketingRepo.decide(db, deliveryId, 'withheld', clock.now());
        return 'withheld';
      }
      const sender = message.operator_id ? ((await operators.sellingStatus(db, message.operator_id))?.shopName ?? 'Agora') : 'Agora';
      try {
        await sms.send(phone.value, `【${sender}】${message.title}：${message.body} 退订请在“我的 › 隐私设置”中关闭`);
      } catch (error) {
        // Back in the queue for pg-boss's retry.
        await marketingRepo.decide(db, deliveryId, 'queued', null);
        throw error;
      }
      await marketingRepo.decide(db, deliveryId, 'sent', clock.now());
      return 'sent';
    },

    /** The user's part of their export: messages received or withheld, and any they sent. */
    async exportOf(ex: Executor, userId: string) {
      return { received: camelRows(await marketingRepo.deliveriesOf(ex, userId)), sent: camelRows(await marketingRepo.messagesSentBy(ex, userId)) };
    },
  };
}

export type MarketingService = ReturnType<typeof createMarketingService>;
