/** SQL of the reviews module: reviews, helpful votes, appeals, and the aggregates moved with them. */
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Executor } from '../../database.js';
import type { AppealStatus, ReviewAppealsTable, ReviewsTable } from './tables.js';

export type ReviewRow = Selectable<ReviewsTable>;
export type AppealRow = Selectable<ReviewAppealsTable>;

/** What one review adds to (1) or takes from (−1) the aggregates. */
export interface RatingDelta {
  productId: string;
  operatorId: string;
  /** UTC 'YYYY-MM-DD' of the review. */
  day: string;
  rating: number;
  serviceRating: number;
  deliveryRating: number;
  hasPhotos: boolean;
  sign: 1 | -1;
}

export const reviewsRepo = {
  /** The new review, or undefined when this order item has one already (unique index: exact under a race). */
  async insert(ex: Executor, row: Insertable<ReviewsTable>): Promise<string | undefined> {
    const inserted = await ex
      .insertInto('reviews')
      .values(row)
      .onConflict((oc) => oc.column('order_item_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted?.id;
  },
  find(ex: Executor, id: string): Promise<ReviewRow | undefined> {
    return ex.selectFrom('reviews').selectAll().where('id', '=', id).executeTakeFirst();
  },
  findForUpdate(ex: Executor, id: string): Promise<ReviewRow | undefined> {
    return ex.selectFrom('reviews').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },
  ofOrder(ex: Executor, orderId: string): Promise<Pick<ReviewRow, 'id' | 'order_item_id'>[]> {
    return ex.selectFrom('reviews').select(['id', 'order_item_id']).where('order_id', '=', orderId).execute();
  },
  async update(ex: Executor, id: string, patch: Partial<Insertable<ReviewsTable>>): Promise<void> {
    await ex.updateTable('reviews').set(patch).where('id', '=', id).execute();
  },
  /** A write that happens once (follow-up, reply): only while `column` is null; false when it was set already. */
  async setOnce(ex: Executor, id: string, column: 'followed_up_at' | 'replied_at', patch: Partial<Insertable<ReviewsTable>>): Promise<boolean> {
    const result = await ex.updateTable('reviews').set(patch).where('id', '=', id).where(column, 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  /** A product's visible reviews, a page at a time. */
  ofProduct(
    ex: Executor,
    filter: { productId: string; sort: 'newest' | 'helpful'; filter?: 'photos' | 'low' | undefined; after?: { helpful: number; id: string } | undefined; limit: number },
  ): Promise<ReviewRow[]> {
    let query = ex.selectFrom('reviews').selectAll().where('product_id', '=', filter.productId).where('hidden_at', 'is', null).where('deleted_at', 'is', null);
    if (filter.filter === 'photos') query = query.where('has_photos', '=', true);
    if (filter.filter === 'low') query = query.where('rating', '<=', 2);
    const after = filter.after;
    if (filter.sort === 'helpful') {
      if (after) query = query.where((eb) => eb.or([eb('helpful_count', '<', after.helpful), eb.and([eb('helpful_count', '=', after.helpful), eb('id', '<', after.id)])]));
      return query.orderBy('helpful_count', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
    }
    if (after) query = query.where('id', '<', after.id);
    return query.orderBy('id', 'desc').limit(filter.limit).execute();
  },

  /** A shop's visible reviews, newest first. */
  ofOperator(ex: Executor, filter: { operatorId: string; unreplied?: boolean | undefined; before?: string | undefined; limit: number }): Promise<ReviewRow[]> {
    let query = ex.selectFrom('reviews').selectAll().where('operator_id', '=', filter.operatorId).where('hidden_at', 'is', null).where('deleted_at', 'is', null);
    if (filter.unreplied) query = query.where('replied_at', 'is', null);
    if (filter.before) query = query.where('id', '<', filter.before);
    return query.orderBy('id', 'desc').limit(filter.limit).execute();
  },

  /** The visible reviews' texts and follow-ups of a product (its search document is rewritten from them). */
  async textsOfProduct(ex: Executor, productId: string): Promise<string[]> {
    const rows = await ex.selectFrom('reviews').select(['text', 'follow_up_text']).where('product_id', '=', productId).where('hidden_at', 'is', null).where('deleted_at', 'is', null).execute();
    return rows.flatMap((r) => [r.text, r.follow_up_text ?? '']).filter((t) => t !== '');
  },

  /**
   * Moves the product's and the shop's aggregates by one review, atomically (no
   * read-modify-write): a new review inserts or increments its rows; taking one back
   * decrements the rows it incremented.
   */
  async moveAggregates(ex: Executor, d: RatingDelta): Promise<void> {
    const s = d.sign;
    const star = `c${d.rating}` as 'c1' | 'c2' | 'c3' | 'c4' | 'c5';
    const photos = d.hasPhotos ? s : 0;
    const product = {
      count: sql<number>`product_ratings.count + ${s}`,
      sum: sql<number>`product_ratings.sum + ${s * d.rating}`,
      [star]: sql<number>`product_ratings.${sql.ref(star)} + ${s}`,
      with_photos: sql<number>`product_ratings.with_photos + ${photos}`,
    };
    const shop = {
      n: sql<number>`operator_score_days.n + ${s}`,
      item_sum: sql<number>`operator_score_days.item_sum + ${s * d.rating}`,
      service_sum: sql<number>`operator_score_days.service_sum + ${s * d.serviceRating}`,
      delivery_sum: sql<number>`operator_score_days.delivery_sum + ${s * d.deliveryRating}`,
    };
    if (s < 0) {
      await ex.updateTable('product_ratings').set(product).where('product_id', '=', d.productId).execute();
      await ex.updateTable('operator_score_days').set(shop).where('operator_id', '=', d.operatorId).where('day', '=', d.day).execute();
      return;
    }
    await ex
      .insertInto('product_ratings')
      .values({ product_id: d.productId, count: 1, sum: d.rating, [star]: 1, with_photos: photos })
      .onConflict((oc) => oc.column('product_id').doUpdateSet(product))
      .execute();
    await ex
      .insertInto('operator_score_days')
      .values({ operator_id: d.operatorId, day: d.day, n: 1, item_sum: d.rating, service_sum: d.serviceRating, delivery_sum: d.deliveryRating })
      .onConflict((oc) => oc.columns(['operator_id', 'day']).doUpdateSet(shop))
      .execute();
  },

  productRating(ex: Executor, productId: string) {
    return ex.selectFrom('product_ratings').selectAll().where('product_id', '=', productId).executeTakeFirst();
  },
  productRatings(ex: Executor, productIds: readonly string[]) {
    if (productIds.length === 0) return Promise.resolve([]);
    return ex.selectFrom('product_ratings').select(['product_id', 'count', 'sum']).where('product_id', 'in', productIds).where('count', '>', 0).execute();
  },
  /** Σ of the shop's day buckets from `fromDay` on (at most 180 rows, by the primary key). */
  async operatorScores(ex: Executor, operatorId: string, fromDay: string) {
    const row = await ex
      .selectFrom('operator_score_days')
      .select([
        sql<string>`coalesce(sum(n), 0)`.as('n'),
        sql<string>`coalesce(sum(item_sum), 0)`.as('item'),
        sql<string>`coalesce(sum(service_sum), 0)`.as('service'),
        sql<string>`coalesce(sum(delivery_sum), 0)`.as('delivery'),
      ])
      .where('operator_id', '=', operatorId)
      .where('day', '>=', fromDay)
      .executeTakeFirstOrThrow();
    return { n: Number(row.n), item: Number(row.item), service: Number(row.service), delivery: Number(row.delivery) };
  },

  // Helpful votes: the insert or delete decides, the counter follows it.
  async addHelpful(ex: Executor, reviewId: string, userId: string, at: Date): Promise<boolean> {
    const row = await ex.insertInto('review_helpful').values({ review_id: reviewId, user_id: userId, at }).onConflict((oc) => oc.columns(['review_id', 'user_id']).doNothing()).returning('review_id').executeTakeFirst();
    return row !== undefined;
  },
  async removeHelpful(ex: Executor, reviewId: string, userId: string): Promise<boolean> {
    const rows = await ex.deleteFrom('review_helpful').where('review_id', '=', reviewId).where('user_id', '=', userId).returning('review_id').execute();
    return rows.length > 0;
  },
  async moveHelpful(ex: Executor, reviewId: string, by: number): Promise<number> {
    const row = await ex
      .updateTable('reviews')
      .set({ helpful_count: sql<number>`greatest(0, helpful_count + ${by})` })
      .where('id', '=', reviewId)
      .returning('helpful_count')
      .executeTakeFirstOrThrow();
    return row.helpful_count;
  },
  async helpedBy(ex: Executor, userId: string, reviewIds: readonly string[]): Promise<Set<string>> {
    if (reviewIds.length === 0) return new Set();
    const rows = await ex.selectFrom('review_helpful').select('review_id').where('user_id', '=', userId).where('review_id', 'in', reviewIds).execute();
    return new Set(rows.map((r) => r.review_id));
  },

  // Default reviews (默认好评): each received item waits here until reviewed or due.
  async expect(ex: Executor, rows: { order_item_id: string; order_id: string; buyer_id: string; due_at: Date }[]): Promise<void> {
    if (rows.length === 0) return;
    await ex.insertInto('review_due').values(rows).onConflict((oc) => oc.column('order_item_id').doNothing()).execute();
  },
  async dueOrders(ex: Executor, now: Date, limit: number): Promise<string[]> {
    const rows = await ex.selectFrom('review_due').select('order_id').distinct().where('due_at', '<=', now).orderBy('order_id').limit(limit).execute();
    return rows.map((r) => r.order_id);
  },
  dueItemsOf(ex: Executor, orderId: string, now: Date) {
    return ex.selectFrom('review_due').selectAll().where('order_id', '=', orderId).where('due_at', '<=', now).execute();
  },
  async forgetDue(ex: Executor, filter: { orderItemIds: readonly string[] } | { orderId: string } | { buyerId: string }): Promise<void> {
    let query = ex.deleteFrom('review_due');
    if ('orderId' in filter) query = query.where('order_id', '=', filter.orderId);
    else if ('buyerId' in filter) query = query.where('buyer_id', '=', filter.buyerId);
    else if (filter.orderItemIds.length > 0) query = query.where('order_item_id', 'in', filter.orderItemIds);
    else return;
    await query.execute();
  },

  // Erasure (erasure.ts).
  ofBuyer(ex: Executor, buyerId: string): Promise<ReviewRow[]> {
    return ex.selectFrom('reviews').selectAll().where('buyer_id', '=', buyerId).where('deleted_at', 'is', null).forUpdate().execute();
  },
  /** The review emptied and marked removed; the row stays (appeals and the audit log name it). */
  async empty(ex: Executor, id: string, at: Date): Promise<void> {
    await ex
      .updateTable('reviews')
      .set({ text: '', images: '[]', has_photos: false, follow_up_text: null, follow_up_images: null, deleted_at: at })
      .where('id', '=', id)
      .execute();
  },
  /** Deletes the user's helpful votes; returns the reviews they were on. */
  async deleteHelpfulOf(ex: Executor, userId: string): Promise<string[]> {
    const rows = await ex.deleteFrom('review_helpful').where('user_id', '=', userId).returning('review_id').execute();
    return rows.map((r) => r.review_id);
  },

  // Appeals.
  async insertAppeal(ex: Executor, row: Insertable<ReviewAppealsTable>): Promise<boolean> {
    const inserted = await ex.insertInto('review_appeals').values(row).onConflict((oc) => oc.column('review_id').where('status', '=', 'open').doNothing()).returning('id').executeTakeFirst();
    return inserted !== undefined;
  },
  findAppealForUpdate(ex: Executor, id: string): Promise<AppealRow | undefined> {
    return ex.selectFrom('review_appeals').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },
  findAppeal(ex: Executor, id: string): Promise<AppealRow | undefined> {
    return ex.selectFrom('review_appeals').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async decideAppeal(ex: Executor, id: string, patch: { status: AppealStatus; decided_by: string; decision_reason: string; decided_at: Date }): Promise<void> {
    await ex.updateTable('review_appeals').set(patch).where('id', '=', id).execute();
  },
  appeals(ex: Executor, filter: { status?: AppealStatus | undefined; after?: string | undefined; limit: number }): Promise<AppealRow[]> {
    let query = ex.selectFrom('review_appeals').selectAll();
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.after) query = query.where('id', '>', filter.after);
    return query.orderBy('id').limit(filter.limit).execute();
  },
  /** The latest appeal on each of these reviews. */
  async latestAppeals(ex: Executor, reviewIds: readonly string[]): Promise<Map<string, { id: string; status: AppealStatus }>> {
    if (reviewIds.length === 0) return new Map();
    const rows = await ex.selectFrom('review_appeals').select(['id', 'review_id', 'status']).where('review_id', 'in', reviewIds).orderBy('id').execute();
    return new Map(rows.map((r) => [r.review_id, { id: r.id, status: r.status }]));
  },
};
