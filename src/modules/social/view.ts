/**
 * One shape for a note wherever it appears (its page, feeds, profiles): the author,
 * the tags with their product and R11 "verified purchase", the counts, and the R8
 * advertisement label.
 */
import type { Executor } from '../../database.js';
import type { AccountsService } from '../accounts/index.js';
import type { CatalogService } from '../catalog/index.js';
import type { OperatorsService } from '../operators/index.js';
import type { OrdersService } from '../orders/index.js';
import { notesRepo, type NoteWithExtras } from './notes-repo.js';

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

  /**
   * Views of `rows` in their order, as `viewerId` (undefined: signed out) sees them.
   * Two rounds of statements whatever the page size: social's own parts of every note
   * with the authors' names, then what the tags and sponsors point at (: a feed
   * page costs a few statements, not a few per note).
   */
  async function assemble(ex: Executor, rows: NoteWithExtras[], viewerId?: string): Promise<NoteView[]> {
    if (rows.length === 0) return [];
    // Rows read with notesRepo.notesWithExtras (as this viewer) carry their extras already.
    const given = rows.every((r) => r.extras !== undefined);
    const [extras, names] = await Promise.all([
      given ? new Map(rows.map((r) => [r.id, r.extras!])) : notesRepo.viewExtras(ex, rows.map((r) => r.id), viewerId),
      accounts.displayNames(ex, rows.map((r) => r.author_id)),
    ]);
    const all = [...extras.values()];
    const productIds = all.flatMap((e) => e.tags.map((t) => t.product_id));
    const sponsorIds = all.flatMap((e) => (e.sponsorship ? [e.sponsorship.operator_id] : []));
    const [targets, shops, received] = await Promise.all([
      catalog.tagTargets(ex, productIds),
      operators.summaries(ex, sponsorIds),
      // R11: which authors received which tagged products.
      orders.receivedProducts(ex, rows.map((r) => r.author_id), productIds),
    ]);
    return rows.map((row) => {
      const { tags, hashtags, sponsorship, liked, collected } = extras.get(row.id)!;
      const confirmed = sponsorship?.confirmed === true;
      const showSponsor = sponsorship && (confirmed || viewerId === row.author_id);
      return {
        id: row.id,
        title: row.title,
        body: row.body,
        hashtags,
        images: row.images,
        author: { id: row.author_id, displayName: names.get(row.author_id) ?? '' },
        // A tag whose product is no longer on sale is not shown: there is nothing to open.
        tags: tags.flatMap((t) => {
          const target = targets.get(t.product_id);
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
        liked,
        collected,
        hidden: row.hidden_at !== null,
        createdAt: row.created_at.toISOString(),
        updatedAt: row.updated_at.toISOString(),
      };
    });
  }

  /** Views of the visible notes among `ids`, in that order (deleted or hidden ones left out): one social statement. */
  async function visible(ex: Executor, ids: readonly string[], viewerId?: string): Promise<NoteView[]> {
    return assemble(ex, await notesRepo.notesWithExtras(ex, ids, viewerId, { visibleOnly: true }), viewerId);
  }

  return { assemble, visible };
}

export type NoteViews = ReturnType<typeof createNoteViews>;
