/**
 * Reviews and ratings (API.md "Reviews, tracking, after-sales", R11): the calls, their query
 * hooks and cache keys. A product's rating summary comes with the product (GET /products/:id)
 * and a shop's scores with the storefront; the reviews themselves are pages of their own.
 * Every POST carries an Idempotency-Key (api/idempotency.ts).
 *
 * @example
 *   const reviews = useProductReviews(productId, { sort: 'helpful', filter: 'photos' });
 */
import { useInfiniteQuery, useQuery, type QueryClient } from '@tanstack/react-query';
import { at, call, client, idempotent, type BodyOf, type ItemOf, type Page, type QueryOf, type ResponseOf } from '../../api/client';
import { everyValue } from '../../api/enums';
import type { OrderItem } from '../orders/api';

/** A review as a product page shows it (anonymous authors are 「匿名买家」 already on the server). */
export type Review = ItemOf<ResponseOf<'/products/{id}/reviews'>>;
/** One review by id: to its author, also whether and until when the one follow-up may be written. */
export type ReviewDetail = ResponseOf<'/reviews/{id}'>;
/** The author's own review as posting it answers. */
export type PostedReview = ResponseOf<'/orders/{id}/items/{itemId}/review', 'post'>['review'];
/** A product's ratings, as they come with the product (GET /products/:id). */
export type ProductRating = ResponseOf<'/products/{id}'>['rating'];
/** A shop's three scores over the last 180 days (GET /operators/:id), null without reviews. */
export type ShopScores = ResponseOf<'/operators/{id}'>['scores'];
/** A review as the shop's console lists it. */
export type ShopReview = ItemOf<ResponseOf<'/operators/{id}/reviews'>>;
/** The platform's appeal queue. */
export type ReviewAppeal = ItemOf<ResponseOf<'/admin/review-appeals'>>;
export type AppealStatus = ReviewAppeal['status'];
export type ReviewInput = BodyOf<'/orders/{id}/items/{itemId}/review'>;
export type FollowUpInput = BodyOf<'/reviews/{id}/follow-up'>;
export type AppealInput = BodyOf<'/reviews/{id}/appeals'>;
export type AppealReason = AppealInput['reason'];

type ReviewQuery = QueryOf<'/products/{id}/reviews'>;
export type ReviewSort = NonNullable<ReviewQuery['sort']>;
export type ReviewFilter = NonNullable<ReviewQuery['filter']>;

export const REVIEW_SORTS = everyValue<ReviewSort>()(['newest', 'helpful']);
export const REVIEW_FILTERS = everyValue<ReviewFilter>()(['photos', 'low']);
export const APPEAL_REASONS = everyValue<AppealReason>()(['abusive', 'advertising', 'privacy', 'irrelevant', 'fraud']);
export const APPEAL_STATUSES = everyValue<AppealStatus>()(['open', 'upheld', 'rejected']);

/** Most a review's text and a follow-up's may hold, and how many photos (API.md). */
export const MAX_TEXT = 1000;
export const MAX_REPLY = 500;
export const MAX_PHOTOS = 9;
/** The first screen of a product shows this many reviews; the rest are on the reviews page. */
export const PREVIEW_COUNT = 3;

const byId = (id: string) => at({ id });

export const reviewsApi = {
  productReviews: (productId: string, query: ReviewQuery) => call(client.GET('/products/{id}/reviews', { params: { path: { id: productId }, query } })),
  shopReviews: (operatorId: string, query: QueryOf<'/operators/{id}/reviews'>) => call(client.GET('/operators/{id}/reviews', { params: { path: { id: operatorId }, query } })),
  review: (orderId: string, itemId: string, input: ReviewInput, key: string) =>
    call(client.POST('/orders/{id}/items/{itemId}/review', { params: { path: { id: orderId, itemId } }, body: input, ...idempotent(key) })),
  followUp: (reviewId: string, input: FollowUpInput, key: string) => call(client.POST('/reviews/{id}/follow-up', { ...byId(reviewId), body: input, ...idempotent(key) })),
  reply: (reviewId: string, text: string, key: string) => call(client.POST('/reviews/{id}/reply', { ...byId(reviewId), body: { text }, ...idempotent(key) })),
  appeal: (reviewId: string, input: AppealInput, key: string) => call(client.POST('/reviews/{id}/appeals', { ...byId(reviewId), body: input, ...idempotent(key) })),
  helpful: (reviewId: string, key: string) => call(client.POST('/reviews/{id}/helpful', { ...byId(reviewId), ...idempotent(key) })),
  notHelpful: (reviewId: string) => call(client.DELETE('/reviews/{id}/helpful', byId(reviewId))),
  get: (reviewId: string) => call(client.GET('/reviews/{id}', byId(reviewId))),
  appeals: (query: QueryOf<'/admin/review-appeals'>) => call(client.GET('/admin/review-appeals', { params: { query } })),
  uphold: (appealId: string, reason: string, key: string) => call(client.POST('/admin/review-appeals/{id}/uphold', { ...byId(appealId), body: { reason }, ...idempotent(key) })),
  reject: (appealId: string, reason: string, key: string) => call(client.POST('/admin/review-appeals/{id}/reject', { ...byId(appealId), body: { reason }, ...idempotent(key) })),
};

/** Everything under this key is reviews: invalidate it after a review changes. */
export const REVIEWS_KEY = 'reviews';

function usePages<T>(key: unknown[], read: (cursor: string | undefined) => Promise<Page<T>>, enabled = true) {
  return useInfiniteQuery({
    queryKey: [REVIEWS_KEY, ...key],
    queryFn: ({ pageParam }) => read(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

const cursorOf = (cursor: string | undefined) => (cursor ? { cursor } : {});

/** A product's reviews, a page at a time; `enabled` false until the section is near the screen. */
export function useProductReviews(productId: string, options: { sort: ReviewSort; filter?: ReviewFilter | undefined; limit?: number }, enabled = true) {
  const { sort, filter, limit } = options;
  return usePages(
    ['product', productId, sort, filter, limit],
    (cursor) => reviewsApi.productReviews(productId, { sort, ...(filter ? { filter } : {}), ...(limit ? { limit } : {}), ...cursorOf(cursor) }),
    enabled,
  );
}

/** The shop's own reviews (its console; the owner only), newest first; `unreplied` keeps those without the shop's reply. */
export function useShopReviews(operatorId: string, unreplied: boolean, enabled = true) {
  return usePages(['shop', operatorId, unreplied], (cursor) => reviewsApi.shopReviews(operatorId, { ...(unreplied ? { unreplied: true } : {}), ...cursorOf(cursor) }), enabled);
}

/** One review (GET /reviews/:id). */
export function useReview(reviewId: string | undefined) {
  return useQuery({ queryKey: [REVIEWS_KEY, 'one', reviewId], queryFn: () => reviewsApi.get(reviewId!), enabled: Boolean(reviewId) });
}

/** Low ratings (差评): 2 stars or fewer, as the API's `filter=low` reads. */
export const isLow = (review: { rating: number }) => review.rating <= 2;

export function useAppealQueue(status: AppealStatus | undefined) {
  return usePages(['appeals', status], (cursor) => reviewsApi.appeals({ ...(status ? { status } : {}), ...cursorOf(cursor) }));
}

/** A review changed (posted, replied, appealed…): read every list of reviews again, and the product's summary. */
export async function reviewsChanged(queryClient: QueryClient): Promise<void> {
  await queryClient.invalidateQueries({ queryKey: [REVIEWS_KEY], refetchType: 'all' });
  await queryClient.invalidateQueries({ queryKey: ['product'] });
  await queryClient.invalidateQueries({ queryKey: ['storefront'] });
}

/** Whole days between two times (a follow-up's delay). */
export function daysBetween(from: string, to: string): number {
  return Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / 86_400_000));
}

/**
 * What the buyer can do about an order item's review (GET /orders/:id, to its buyer):
 * write it until `until`, or it is written (the follow-up is the review's own business),
 * or the window passed without one yet (the default review follows), or nothing (not received).
 */
export type ItemReviewState = { kind: 'review'; until: string } | { kind: 'reviewed'; reviewId: string } | { kind: 'closed' } | { kind: 'none' };

export function reviewState(item: Pick<OrderItem, 'review' | 'canReview' | 'reviewUntil'>, now: number): ItemReviewState {
  if (item.review) return { kind: 'reviewed', reviewId: item.review.id };
  if (!item.reviewUntil) return { kind: 'none' };
  if (item.canReview && Date.parse(item.reviewUntil) > now) return { kind: 'review', until: item.reviewUntil };
  return { kind: 'closed' };
}
