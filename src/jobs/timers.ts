/**
 * The timers each module registers: idempotency keys older than a day are
 * deleted hourly, and so are passkey challenges a day past expiry; the R3 re-verification sweep runs hourly; the order timers
 * (expiry, automatic receipt, completion), group-buy expiry, dispute and after-sales deadlines every minute; default
 * reviews every ten minutes; chat answers about an order unread for 10 minutes every minute; notification
 * SMS as their jobs arrive, and any left queued every five minutes.
 */
import type { AppContext } from '../context.js';
import { purgeExpiredIdempotencyKeys } from '../modules/idempotency/index.js';
import { MARKETING_DELIVERY_QUEUE } from '../modules/marketing/index.js';
import { SANDBOX_CARRIER_QUEUE } from '../modules/logistics/index.js';

export const PURGE_IDEMPOTENCY_KEYS = 'maintenance.purge-idempotency-keys';
export const PURGE_PASSKEY_CHALLENGES = 'maintenance.purge-passkey-challenges';
/** Unpaid orders expire after 30 minutes; shipped ones are received after 10 days; received ones complete after the return window. */
export const ORDERS_SWEEP = 'orders.sweep';
/** RULES.md "Group buy": groups not complete 24 h after forming expire and every member is refunded. */
export const GROUP_BUYS_EXPIRY = 'groupbuy.expire';
/** R3: operators 30 days past their re-verification date stop selling. */
export const REVERIFICATION_SWEEP = 'operators.reverification-sweep';
/** RULES.md "Disputes": 48 h to answer, 7 days to escalate, 5 days to rule. */
export const DISPUTES_SWEEP = 'disputes.sweep';
/** Received items unreviewed 15 days after receipt get the default review (默认好评). */
export const REVIEWS_DEFAULT = 'reviews.default-reviews';
/** After-sales (issue 17): the shop's 48 h silence approves, 7 days to ship a return, R10's 7 days to confirm it. */
export const AFTER_SALES_SWEEP = 'aftersales.sweep';
/** Issue 18: a shop's answer about one of the buyer's orders, unread for 10 minutes, also goes by SMS. */
export const CONVERSATIONS_SMS_SWEEP = 'conversations.order-reply-sms';
/** One SMS of a notification, enqueued in the notifying transaction (data: the notification's id only). */
export const NOTIFICATION_SMS = 'notifications.sms';
/** A refund back through the payment provider (retried with backoff), and the sweep for those whose job never ran or kept failing. */
export const PROVIDER_REFUND = 'payments.provider-refund';
export const PROVIDER_REFUND_SWEEP = 'payments.provider-refund-sweep';
/** SMS whose job never ran (no worker at the time, retries spent) are sent by this sweep. */
export const NOTIFICATION_SMS_SWEEP = 'notifications.sms-sweep';
/** R4: erased accounts' transaction records are stripped three years after they close (workflows/purge-erased-records.ts). */
export const PURGE_ERASED_RECORDS = 'privacy.purge-erased-records';

/** Queues worked as they fill (not on a clock): one marketing delivery per job. */
export async function registerWorkers(ctx: AppContext): Promise<void> {
  const jobs = ctx.jobs;
  if (!jobs) return;
  await jobs.define<{ deliveryId: string }>(MARKETING_DELIVERY_QUEUE, async ({ deliveryId }) => {
    await ctx.marketing.deliver(deliveryId);
  });
  // The sandbox carrier's route: one step of a parcel per job, when its `startAfter` comes.
  const carrier = ctx.sandboxCarrier;
  if (carrier) await jobs.define<{ trackingNumber: string; step: number }>(SANDBOX_CARRIER_QUEUE, (data) => carrier.play(data.trackingNumber, data.step));
}

export async function registerTimers(ctx: AppContext): Promise<void> {
  const jobs = ctx.jobs;
  if (!jobs) return;
  await registerWorkers(ctx);
  await jobs.define(PURGE_IDEMPOTENCY_KEYS, async () => {
    await purgeExpiredIdempotencyKeys(ctx.database.db, ctx.clock.now());
  });
  await jobs.schedule(PURGE_IDEMPOTENCY_KEYS, '17 * * * *');

  await jobs.define(PURGE_PASSKEY_CHALLENGES, async () => {
    await ctx.passkeys.purgeChallenges();
  });
  await jobs.schedule(PURGE_PASSKEY_CHALLENGES, '23 * * * *');

  await jobs.define(REVERIFICATION_SWEEP, async () => {
    await ctx.operators.suspendOverdue();
  });
  await jobs.schedule(REVERIFICATION_SWEEP, '5 * * * *');

  await jobs.define(ORDERS_SWEEP, async () => {
    await ctx.orderTimers.sweep();
  });
  await jobs.schedule(ORDERS_SWEEP, '* * * * *');

  await jobs.define(GROUP_BUYS_EXPIRY, async () => {
    await ctx.groupBuyFlow.expireDue();
  });
  await jobs.schedule(GROUP_BUYS_EXPIRY, '* * * * *');

  await jobs.define(DISPUTES_SWEEP, async () => {
    await ctx.disputes.sweep();
  });
  await jobs.schedule(DISPUTES_SWEEP, '* * * * *');

  await jobs.define(REVIEWS_DEFAULT, async () => {
    await ctx.reviews.writeDefaultReviews();
  });
  await jobs.schedule(REVIEWS_DEFAULT, '*/10 * * * *');
  await jobs.define(AFTER_SALES_SWEEP, async () => {
    await ctx.afterSalesFlow.sweep();
  });
  await jobs.schedule(AFTER_SALES_SWEEP, '* * * * *');
  await jobs.define(CONVERSATIONS_SMS_SWEEP, async () => {
    await ctx.conversations.sweepOrderReplySms();
  });
  await jobs.schedule(CONVERSATIONS_SMS_SWEEP, '* * * * *');

  await jobs.define<{ notificationId: string }>(NOTIFICATION_SMS, async (data) => {
    await ctx.notifications.sendSms(data.notificationId);
  });
  await jobs.define(NOTIFICATION_SMS_SWEEP, async () => {
    await ctx.notifications.sendQueuedSms();
  });
  await jobs.schedule(NOTIFICATION_SMS_SWEEP, '*/5 * * * *');
  await jobs.define<{ refundId: string }>(PROVIDER_REFUND, async (data) => {
    await ctx.orderPayments.sendRefund(data.refundId);
  });
  await jobs.define(PROVIDER_REFUND_SWEEP, async () => {
    await ctx.orderPayments.sendPendingRefunds();
  });
  await jobs.schedule(PROVIDER_REFUND_SWEEP, '*/5 * * * *');
  await jobs.define(PURGE_ERASED_RECORDS, async () => {
    await ctx.purge.purgeDue();
  });
  await jobs.schedule(PURGE_ERASED_RECORDS, '41 3 * * *');
}
