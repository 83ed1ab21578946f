/**
 * One shape for a note wherever it appears (its page, feeds, profiles): the author,
 * the tags with their product and R11 "verified purchase", the counts, and the R8
 * advertisement label.
 */
import type { Executor } from '../../db/index.js';
import type { AccountsService } from '../accounts/index.js';
import type { CatalogService } from '../catalog/index.js';
import type { OperatorsService } from '../operators/index.js';
import type { OrdersService } from '../orders/index.js';
import { engagementRepo } from './engagement-repo.js';
import { notesRepo, type NoteRow } from './notes-repo.js';

/** R8: the label a sponsored note carries everywhere, which its author cannot remove. */
export const AD_LABEL = '广告';

export interface TagView {
  id: string;
  /** Index in `images` of the picture the tag sits on. */
  image: number;
  x: number;
  y: number;
  productId: string;
  skuId: string | null;
  product: { id: string; title: string; price: number };
  /** R11: the author has received an order for this product. */
  verifiedPurchase: boolean;
}

export interface NoteView {
  id: string;
  title: string;
  body: string;
  hashtags: string[];
  images: string[];
  author: { id: string; displayName: string };
  tags: TagView[];
  likes: number;
  collects: number;
  comments: number;
  isAd: boolean;
  adLabel: string | null;
  /** The confirmed sponsor; the author also sees one still awaiting the operator. */
  sponsor: { operatorId: string; shopName: string; status: 'pending' | 'confirmed' } | null;
  liked: boolean;
  collected: boolean;
  hidden: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ViewDeps {
  accounts: AccountsService;
  catalog: CatalogService;
  operators: OperatorsService;
  orders: OrdersService;
}

export function createNoteViews(deps: ViewDeps) {
  const { accounts, catalog, operators, orders } = deps;

  /** Views of `rows` in their order, as `viewerId` (undefined: signed out) sees them. */
  async function assemble(ex: Executor, rows: NoteRow[], viewerId?: string): Promise<NoteView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [tags, hashtags, sponsorships, names, liked, collected] = await Promise.all([
      notesRepo.liveTagsOf(ex, ids),
      notesRepo.hashtagsOf(ex, ids),
      notesRepo.sponsorshipsOf(ex, ids),
      accounts.displayNames(ex, rows.map((r) => r.author_id)),
      viewerId ? engagementRepo.reactedTo(ex, 'like', viewerId, ids) : [],
      viewerId ? engagementRepo.reactedTo(ex, 'collect', viewerId, ids) : [],
    ]);
    const productIds = tags.map((t) => t.product_id);
    const [targets, shops, received] = await Promise.all([
      catalog.tagTargets(ex, productIds),
      operators.summaries(ex, sponsorships.map((s) => s.operator_id)),
      // R11: which authors received which tagged products.
      orders.receivedProducts(ex, rows.map((r) => r.author_id), productIds),
    ]);
    const likedSet = new Set(liked);
    const collectedSet = new Set(collected);
    return rows.map((row) => {
      const sponsorship = sponsorships.find((s) => s.note_id === row.id);
      const confirmed = sponsorship?.confirmed_at != null;
      const showSponsor = sponsorship && (confirmed || viewerId === row.author_id);
      return {
        id: row.id,
        title: row.title,
        body: row.body,
        hashtags: hashtags.filter((h) => h.note_id === row.id).map((h) => h.tag),
        images: row.images,
        author: { id: row.author_id, displayName: names.get(row.author_id) ?? '' },
        // A tag whose product is no longer on sale is not shown: there is nothing to open.
        tags: tags.flatMap((t) => {
          const target = t.note_id === row.id ? targets.get(t.product_id) : undefined;
          if (!target) return [];
          const price = (t.sku_id && target.skuPrices.get(t.sku_id)) || target.price;
          return [{ id: t.id, image: t.image, x: t.x, y: t.y, productId: t.product_id, skuId: t.sku_id, product: { id: target.id, title: target.title, price }, verifiedPurchase: received.has(`${row.author_id}:${t.product_id}`) }];
        }),
        likes: row.like_count,
        collects: row.collect_count,
        comments: row.comment_count,
        isAd: confirmed,
        adLabel: confirmed ? AD_LABEL : null,
        sponsor: showSponsor
          ? { operatorId: sponsorship.operator_id, shopName: shops.get(sponsorship.operator_id)?.shopName ?? '', status: confirmed ? ('confirmed' as const) : ('pending' as const) }
          : null,
        liked: likedSet.has(row.id),
        collected: collectedSet.has(row.id),
        hidden: row.hidden_at !== null,
        createdAt: row.created_at.toISOString(),
        updatedAt: row.updated_at.toISOString(),
      };
    });
  }

  return { assemble };
}

export type NoteViews = ReturnType<typeof createNoteViews>;
