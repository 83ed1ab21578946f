/**
 * The social module: notes with shoppable tags, engagement, feeds and
 * moderation, built once from their parts and handed out as one service.
 *
 * @example
 *   const social = createSocialService({ db, accounts, catalog, media, operators, orders, consents, audit, clock, prohibitedWords });
 *   const note = await social.notes.create(authorId, { title, body, images: [{ url, tags: [{ productId, x: 0.5, y: 0.5 }] }] });
 *   const { attribution } = await social.notes.openTag(note.id, note.tags[0].id);
 *   await social.resolveAttribution(db, attribution); // { noteId, authorId, productId, … }
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../database.js';
import type { Clock } from '../../lib/clock.js';
import type { AccountsService } from '../accounts/index.js';
import type { AuditService } from '../audit/index.js';
import type { CatalogService } from '../catalog/index.js';
import type { MediaService } from '../media/index.js';
import type { OperatorsService } from '../operators/index.js';
import type { OrdersService } from '../orders/index.js';
import type { ConsentsService } from '../privacy/index.js';
import { createEngagementService } from './engagement.js';
import { createSocialErasure } from './erasure.js';
import { createFeedService } from './feed.js';
import { createModerationService } from './moderation.js';
import { createNotesService } from './notes.js';
import { createNoteViews } from './view.js';

export interface SocialDeps {
  db: Kysely<DB>;
  accounts: AccountsService;
  catalog: CatalogService;
  media: MediaService;
  operators: OperatorsService;
  orders: OrdersService;
  consents: ConsentsService;
  audit: AuditService;
  clock: Clock;
  prohibitedWords: readonly string[];
}

export function createSocialService(deps: SocialDeps) {
  const { db, accounts, catalog, media, operators, orders, consents, audit, clock, prohibitedWords } = deps;
  const views = createNoteViews({ accounts, catalog, operators, orders });
  const feed = createFeedService({ db, views, consents, clock });
  const notes = createNotesService({ db, catalog, media, operators, views, clock, prohibitedWords, onPosted: feed.notePosted });
  return {
    notes,
    engagement: createEngagementService({ db, accounts, views, clock, prohibitedWords }),
    feed,
    moderation: createModerationService({ db, audit, clock }),
    /** Account erasure: delete or anonymise the user's notes, comments and reactions (PIPL art. 47). */
    erasure: createSocialErasure({ clock }),
    /** R12: what an attribution token names (one note, one author), or undefined. */
    resolveAttribution: notes.resolveAttribution,
  };
}

export type SocialService = ReturnType<typeof createSocialService>;
