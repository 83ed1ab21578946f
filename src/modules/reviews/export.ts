/**
 * The reviews module's part of the user's export (PIPL art. 45): the reviews the user
 * wrote (with follow-ups, the shop's replies, and whether the platform hid or the
 * user removed one), the helpful votes the user gave, and the received items still
 * waiting for a review.
 */
import type { Executor } from '../../database.js';
import { camelRows } from '../../lib/export-rows.js';

export const reviewsExport = {
  async of(ex: Executor, userId: string) {
    const reviews = await ex
      .selectFrom('reviews')
      .select([
        'id',
        'order_id',
        'order_item_id',
        'product_id',
        'product_title',
        'sku_name',
        'rating',
        'service_rating',
        'delivery_rating',
        'text',
        'images',
        'anonymous',
        'is_default',
        'helpful_count',
        'follow_up_text',
        'follow_up_images',
        'followed_up_at',
        'reply_text',
        'replied_at',
        'hidden_at',
        'hidden_reason',
        'deleted_at',
        'created_at',
      ])
      .where('buyer_id', '=', userId)
      .orderBy('created_at')
      .execute();
    const helpful = await ex.selectFrom('review_helpful').select(['review_id', 'at']).where('user_id', '=', userId).orderBy('at').execute();
    const awaitingReview = await ex.selectFrom('review_due').select(['order_item_id', 'order_id', 'due_at']).where('buyer_id', '=', userId).orderBy('due_at').execute();
    return { reviews: camelRows(reviews), helpful: camelRows(helpful), awaitingReview: camelRows(awaitingReview) };
  },
};
