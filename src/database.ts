/**
 * The app's database: the whole schema, composed from each owner's tables (only the
 * owner queries them), and the handles every module takes. It sits above both src/db/
 * (the machinery, generic over the schema) and src/modules/, so db/ imports no module.
 */
import { openDatabase as openDatabaseOf, type DatabaseOf, type DatabaseOptions, type ExecutorOf } from './db/index.js';
import type { SearchTables } from './db/search-tables.js';
import type { AccountsTables } from './modules/accounts/tables.js';
import type { AfterSalesTables } from './modules/aftersales/tables.js';
import type { IdempotencyTables } from './modules/idempotency/tables.js';
import type { AuditTables } from './modules/audit/tables.js';
import type { BargainTables } from './modules/bargain/tables.js';
import type { ConversationsTables } from './modules/conversations/tables.js';
import type { CatalogTables } from './modules/catalog/tables.js';
import type { DisputesTables } from './modules/disputes/tables.js';
import type { GroupBuyTables } from './modules/groupbuy/tables.js';
import type { LedgerTables } from './modules/ledger/tables.js';
import type { LogisticsTables } from './modules/logistics/tables.js';
import type { MarketingTables } from './modules/marketing/tables.js';
import type { MediaTables } from './modules/media/tables.js';
import type { OrdersTables } from './modules/orders/tables.js';
import type { PasskeysTables } from './modules/passkeys/tables.js';
import type { PaymentsTables } from './modules/payments/tables.js';
import type { OperatorsTables } from './modules/operators/tables.js';
import type { NotificationsTables } from './modules/notifications/tables.js';
import type { PrivacyTables } from './modules/privacy/tables.js';
import type { ReviewsTables } from './modules/reviews/tables.js';
import type { SocialTables } from './modules/social/tables.js';

export interface DB
  extends AccountsTables,
    PrivacyTables,
    AuditTables,
    NotificationsTables,
    IdempotencyTables,
    SearchTables,
    OperatorsTables,
    CatalogTables,
    MediaTables,
    LedgerTables,
    PaymentsTables,
    PasskeysTables,
    OrdersTables,
    SocialTables,
    GroupBuyTables,
    BargainTables,
    DisputesTables,
    ReviewsTables,
    MarketingTables,
    AfterSalesTables,
    ConversationsTables,
    LogisticsTables {}

/** Anything that runs queries: the database itself or an open transaction. */
export type Executor = ExecutorOf<DB>;

export type Database = DatabaseOf<DB>;

export type { DatabaseOptions, Listener } from './db/index.js';

/** PGlite in `options.dataDir` (in memory if unset), or PostgreSQL at `options.url`. */
export function openDatabase(options: DatabaseOptions): Promise<Database> {
  return openDatabaseOf<DB>(options);
}
