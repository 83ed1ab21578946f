/**
 * Reviews as the API shows them (schema.ts): to everyone, to their author, to the
 * shop's console, and inside an appeal. An anonymous author is 「匿名买家」 and nothing
 * else, to everyone (the shop too); an erased one shows the tombstone's pseudonym
 * (accounts' display name).
 */
import type { Static } from 'typebox';
import type { Executor } from '../../database.js';
import type { AccountsService } from '../accounts/index.js';
import { reviewsRepo as repo, type AppealRow, type ReviewRow } from './repo.js';
import { ANONYMOUS_NAME } from './schema.js';
import type * as S from './schema.js';

export type ReviewView = Static<typeof S.Review>;
export type ReviewDetailView = Static<typeof S.ReviewDetail>;
export type OwnReviewView = Static<typeof S.OwnReview>;
export type ShopReviewView = Static<typeof S.ShopReview>;
export type AppealView = Static<typeof S.Appeal>;

const iso = (d: Date) => d.toISOString();

export function createReviewViews(deps: { accounts: Pick<AccountsService, 'displayNames'>; followUpWindowMs: number }) {
  const { accounts } = deps;

  /** Reviews as everyone reads them: an anonymous author is 「匿名买家」 and nothing else, to everyone (the shop too). */
  async function present(ex: Executor, rows: ReviewRow[], viewerId?: string): Promise<ReviewView[]> {
    const named = rows.filter((r) => !r.anonymous).map((r) => r.buyer_id);
    const names = named.length > 0 ? await accounts.displayNames(ex, [...new Set(named)]) : new Map<string, string>();
    const helped = viewerId ? await repo.helpedBy(ex, viewerId, rows.map((r) => r.id)) : new Set<string>();
    return rows.map((r) => ({
      id: r.id,
      productId: r.product_id,
      rating: r.rating,
      serviceRating: r.service_rating,
      deliveryRating: r.delivery_rating,
      text: r.text,
      images: r.images,
      author: r.anonymous ? { name: ANONYMOUS_NAME, anonymous: true } : { name: names.get(r.buyer_id) ?? '', anonymous: false },
      sku: r.sku_name,
      verifiedPurchase: true as const,
      isDefault: r.is_default,
      helpfulCount: r.helpful_count,
      helpedByMe: helped.has(r.id),
      reply: r.reply_text !== null && r.replied_at ? { text: r.reply_text, at: iso(r.replied_at) } : null,
      followUp: r.follow_up_text !== null && r.followed_up_at ? { text: r.follow_up_text, images: r.follow_up_images ?? [], at: iso(r.followed_up_at) } : null,
      createdAt: iso(r.created_at),
    }));
  }

  const followUpUntil = (r: ReviewRow) => (r.followed_up_at ? null : iso(new Date(r.created_at.getTime() + deps.followUpWindowMs)));

  async function own(ex: Executor, row: ReviewRow): Promise<OwnReviewView> {
    const [view] = await present(ex, [row], row.buyer_id);
    return { ...view!, orderId: row.order_id, orderItemId: row.order_item_id, anonymous: row.anonymous, followUpUntil: followUpUntil(row) };
  }

  async function forShop(ex: Executor, rows: ReviewRow[]): Promise<ShopReviewView[]> {
    const views = await present(ex, rows);
    const appeals = await repo.latestAppeals(ex, rows.map((r) => r.id));
    return views.map((v, i) => ({ ...v, productTitle: rows[i]!.product_title, appeal: appeals.get(v.id) ?? null }));
  }

  async function appealView(ex: Executor, row: AppealRow): Promise<AppealView> {
    const review = (await repo.find(ex, row.review_id))!;
    const [view] = await present(ex, [review]);
    return {
      id: row.id,
      reviewId: row.review_id,
      operatorId: row.operator_id,
      reason: row.reason,
      detail: row.detail,
      status: row.status,
      decisionReason: row.decision_reason,
      decidedAt: row.decided_at ? iso(row.decided_at) : null,
      createdAt: iso(row.created_at),
      review: view!,
    };
  }

  return { present, followUpUntil, own, forShop, appealView };
}
