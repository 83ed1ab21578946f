/**
 * The R4 purge (E-Commerce Law art. 31; PIPL art. 47): transaction records of erased
 * accounts are kept three years after they close, then stripped of what could still
 * lead to a person. A pg-boss schedule runs it daily (jobs/timers.ts); each batch is
 * its own transaction, so a crash loses nothing and a re-run does nothing twice.
 *
 * What "purge" means here, and why the ledger is left whole: the ledger is
 * double-entry — every balance is the sum of its transfers, and the sum of all
 * balances is zero. Deleting a transfer would break both, and the books are also
 * accounting records with their own, longer retention. Transfers carry no personal
 * data: amounts, codes, account ids and references (order, top-up and withdrawal
 * ids). So the ledger keeps every line, and the purge cuts the links *around* it:
 *
 * - orders closed three years ago lose their timeline, courier and tracking numbers,
 *   address id and attribution token (orders/retention.ts), and their parcels with the
 *   carrier's events (logistics);
 * - their disputes lose description, messages, evidence and ruling reasons
 *   (disputes/retention.ts), and their after-sales requests description, photos,
 *   refusal reasons, notes and return couriers (aftersales/retention.ts), and the
 *   conversations they tie (an order card, a dispute) their words (chatgovernance/retention.ts);
 * - three years after the erasure itself, top-ups lose the provider's payment
 *   reference, and the vault's remaining business-registration values, the consent
 *   history and the access log about the person are deleted (privacy/erasure.ts).
 *
 * What is left — amounts, items, operators, dates and a tombstone id that nothing
 * links to a person — is anonymous.
 */
import type { Kysely } from 'kysely';
import type { LogisticsService } from '../modules/logistics/index.js';
import type { DB } from '../database.js';
import type { Clock } from '../lib/clock.js';
import type { AccountErasure } from '../modules/accounts/index.js';
import type { AfterSalesRetention } from '../modules/aftersales/index.js';
import type { ChatRetention } from '../modules/chatgovernance/index.js';
import type { DisputeRetention } from '../modules/disputes/index.js';
import type { OrderRetention } from '../modules/orders/index.js';
import { paymentRetention } from '../modules/payments/index.js';
import type { VaultErasure } from '../modules/privacy/index.js';

/** R4: at least three years after the transaction completes. */
export const RETENTION_YEARS = 3;
const BATCH = 200;
const ID_CHUNK = 1_000;

/** The same calendar day three years back (29 February → 1 March). */
export function retentionCutoff(now: Date): Date {
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - RETENTION_YEARS);
  return cutoff;
}

export function createPurgeWorkflow(deps: {
  db: Kysely<DB>;
  accountErasure: AccountErasure;
  orderRetention: OrderRetention;
  disputeRetention: DisputeRetention;
  afterSalesRetention: AfterSalesRetention;
  chatRetention: ChatRetention;
  vaultErasure: VaultErasure;
  parcels: Pick<LogisticsService, 'forgetParcels'>;
  clock: Clock;
}) {
  const { db, accountErasure, orderRetention, disputeRetention, vaultErasure, clock } = deps;
  return {
    async purgeDue(): Promise<{ orders: number; subjects: number }> {
      const cutoff = retentionCutoff(clock.now());
      const erased = await accountErasure.erased(db);
      let orders = 0;
      for (let i = 0; i < erased.length; i += ID_CHUNK) {
        const ids = erased.slice(i, i + ID_CHUNK).map((u) => u.id);
        for (;;) {
          const due = await orderRetention.purgeable(db, ids, cutoff, BATCH);
          if (due.length === 0) break;
          const orderIds = due.map((o) => o.id);
          await db.transaction().execute(async (tx) => {
            await disputeRetention.stripForOrders(tx, orderIds);
            await deps.afterSalesRetention.stripForOrders(tx, orderIds);
            await deps.chatRetention.stripForOrders(tx, orderIds, vaultErasure);
            await orderRetention.strip(tx, orderIds);
            await deps.parcels.forgetParcels(tx, orderIds);
          });
          orders += orderIds.length;
        }
      }
      let subjects = 0;
      for (const user of erased.filter((u) => u.erased_at < cutoff)) {
        await db.transaction().execute(async (tx) => {
          await vaultErasure.purge(tx, user.id);
          await paymentRetention.stripProviderRefs(tx, user.id);
        });
        subjects++;
      }
      return { orders, subjects };
    },
  };
}

export type PurgeWorkflow = ReturnType<typeof createPurgeWorkflow>;
