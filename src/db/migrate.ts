import { Migrator, type Kysely, type Migration } from 'kysely';
import * as m0001 from './migrations/0001_foundation.js';
import * as m0002 from './migrations/0002_operators_catalog.js';
import * as m0003 from './migrations/0003_ledger.js';
import * as m0004 from './migrations/0004_payments.js';
import * as m0005 from './migrations/0005_orders.js';
import * as m0006 from './migrations/0006_passkeys.js';
import * as m0007 from './migrations/0007_search.js';
import * as m0008 from './migrations/0008_referrals.js';
import * as m0009 from './migrations/0009_order_event_keys.js';
import * as m0010 from './migrations/0010_social.js';
import * as m0011 from './migrations/0011_note_search.js';
import * as m0012 from './migrations/0012_order_sources.js';
import * as m0015 from './migrations/0015_following_index.js';
import * as m0016 from './migrations/0016_group_buys.js';
import * as m0017 from './migrations/0017_bargains.js';
import * as m0018 from './migrations/0018_search_words.js';
import * as m0019 from './migrations/0019_disputes.js';
import * as m0020 from './migrations/0020_dispute_parties_notifications.js';
import * as m0022 from './migrations/0022_erasure.js';
import * as m0023 from './migrations/0023_oversight.js';
import * as m0024 from './migrations/0024_privacy_centre.js';
import * as m0025 from './migrations/0025_feed_search_at_scale.js';
import * as m0026 from './migrations/0026_idempotent_answers.js';
import * as m0027 from './migrations/0027_idempotency_owners.js';
import * as m0028 from './migrations/0028_signup_codes.js';
import * as m0029 from './migrations/0029_provider_payments.js';
import * as m0030 from './migrations/0030_order_numbers.js';
import * as m0031 from './migrations/0031_reviews.js';
import * as m0032 from './migrations/0032_parcel_tracking.js';
import * as m0033 from './migrations/0033_after_sales.js';
import * as m0034 from './migrations/0034_after_sales_retention.js';
import * as m0035 from './migrations/0035_conversations.js';

/**
 * Every migration, in order. Listed here rather than read from the folder so the
 * same list works from TypeScript sources (tests) and from the compiled build.
 */
const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_operators_catalog': m0002,
  '0003_ledger': m0003,
  '0004_payments': m0004,
  '0005_orders': m0005,
  '0006_passkeys': m0006,
  '0007_search': m0007,
  '0008_referrals': m0008,
  '0009_order_event_keys': m0009,
  '0010_social': m0010,
  '0011_note_search': m0011,
  '0012_order_sources': m0012,
  // 0013 and 0014 were never used (branches renumbered at merge).
  '0015_following_index': m0015,
  '0016_group_buys': m0016,
  '0017_bargains': m0017,
  '0018_search_words': m0018,
  '0019_disputes': m0019,
  '0020_dispute_parties_notifications': m0020,
  '0022_erasure': m0022,
  '0023_oversight': m0023,
  '0024_privacy_centre': m0024,
  '0025_feed_search_at_scale': m0025,
  '0026_idempotent_answers': m0026,
  '0027_idempotency_owners': m0027,
  '0028_signup_codes': m0028,
  '0029_provider_payments': m0029,
  '0030_order_numbers': m0030,
  '0031_reviews': m0031,
  '0032_parcel_tracking': m0032,
  '0033_after_sales': m0033,
  '0034_after_sales_retention': m0034,
  '0035_conversations': m0035,
};

/** Migrations write SQL of their own, so any schema's handle will do. */
export async function migrateToLatest<S>(db: Kysely<S>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed`, { cause: error });
  }
}
