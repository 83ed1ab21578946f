/**
 * Reviews and ratings (issue 17): the buyer's review of a received order item, its
 * one follow-up, the shop's one reply, helpful votes, and the shop's appeals that
 * only the platform decides (R11: no shop edits, hides or deletes a review).
 */
import type { Static } from 'typebox';
import type { Kysely } from 'kysely';
import type { DB } from '../../database.js';
import type { Clock } from '../../lib/clock.js';
import type { OrderView } from '../orders/index.js';
import type * as S from './schema.js';

export interface ProductRating {
  average: number;
  count: number;
  distribution: { '1': number; '2': number; '3': number; '4': number; '5': number };
  withPhotos: number;
}

export type ReviewView = Static<typeof S.Review>;
export type ReviewDetailView = Static<typeof S.ReviewDetail>;
export type OwnReviewView = Static<typeof S.OwnReview>;
export type ShopReviewView = Static<typeof S.ShopReview>;
export type AppealView = Static<typeof S.Appeal>;
export type ReviewInput = Static<typeof S.ReviewBody>;
type Page<T> = { items: T[]; nextCursor: string | null };

export function createReviewsService(deps: { db: Kysely<DB>; clock: Clock }) {
  void deps;
  const todo = (): never => {
    throw new Error('not implemented yet');
  };
  return {
    review: async (_buyerId: string, _orderId: string, _itemId: string, _input: ReviewInput): Promise<OwnReviewView> => todo(),
    get: async (_id: string, _viewerId?: string): Promise<ReviewDetailView> => todo(),
    followUp: async (_buyerId: string, _id: string, _input: { text: string; images?: string[] | undefined }): Promise<OwnReviewView> => todo(),
    reply: async (_userId: string, _id: string, _input: { text: string }): Promise<ShopReviewView> => todo(),
    appeal: async (_userId: string, _id: string, _input: Static<typeof S.AppealBody>): Promise<AppealView> => todo(),
    helpful: async (_userId: string, _id: string, _helpful: boolean): Promise<{ helpfulCount: number; helpedByMe: boolean }> => todo(),
    ofProduct: async (_productId: string, _query: Static<typeof S.ProductReviewsQuery> & { limit: number }, _viewerId?: string): Promise<Page<ReviewView>> => todo(),
    ofOperator: async (_userId: string, _operatorId: string, _query: Static<typeof S.OperatorReviewsQuery> & { limit: number }): Promise<Page<ShopReviewView>> => todo(),
    appeals: async (_query: Static<typeof S.AppealsQuery> & { limit: number }): Promise<Page<AppealView>> => todo(),
    ratingOf: async (_productId: string): Promise<ProductRating> => todo(),
    ratingSummaries: async (_productIds: readonly string[]): Promise<Map<string, { average: number; count: number }>> => todo(),
    scoresOf: async (_operatorId: string): Promise<{ item: number; service: number; delivery: number; count: number } | null> => todo(),
    itemStates: async (_order: OrderView): Promise<Map<string, { review: { id: string } | null; canReview: boolean; reviewUntil: string | null }>> => todo(),
    decide: async (_adminId: string, _appealId: string, _uphold: boolean, _reason: string): Promise<AppealView> => todo(),
  };
}

export type ReviewsService = ReturnType<typeof createReviewsService>;
