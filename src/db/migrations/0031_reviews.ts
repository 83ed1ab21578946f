import { sql, type Kysely } from 'kysely';

/**
 * Reviews and ratings (issue 17, API.md "Reviews, tracking, after-sales").
 *
 * - `reviews`: one per order item (unique index: exact under a race), the buyer's
 *   three ratings, text and images, the one follow-up (追评) and the shop's one public
 *   reply. R11: only the platform hides one (`hidden_at`, through an upheld appeal);
 *   there is no column a shop can set. `deleted_at` is the author's erasure choosing
 *   removal (PIPL art. 47).
 * - `review_helpful`: one vote per user per review; `reviews.helpful_count` moves with it.
 * - `review_appeals`: a shop asks the platform to hide a review; one open per review.
 * - `product_ratings`: the product's aggregate, moved by `count = count + 1` in the
 *   review's transaction (never a scan per page view).
 * - `operator_score_days`: the shop's DSR (item/service/delivery) in per-day buckets;
 *   the storefront sums at most 180 rows.
 * - `review_due`: received items not yet reviewed; 15 days after receipt the timer
 *   writes the default review (默认好评) for each.
 * - `product_search.review_vector`: the words of a product's visible reviews, so the
 *   product is found by them (its `vector` holds them too: one GIN index stays the only lookup).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const rating = (column: string) => sql`${sql.ref(column)} between 1 and 5`;
  await db.schema
    .createTable('reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('order_item_id', 'text', (c) => c.notNull().references('order_items.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('sku_id', 'text', (c) => c.notNull())
    .addColumn('sku_name', 'text', (c) => c.notNull())
    .addColumn('product_title', 'text', (c) => c.notNull())
    .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id'))
    .addColumn('buyer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('rating', 'smallint', (c) => c.notNull().check(rating('rating')))
    .addColumn('service_rating', 'smallint', (c) => c.notNull().check(rating('service_rating')))
    .addColumn('delivery_rating', 'smallint', (c) => c.notNull().check(rating('delivery_rating')))
    .addColumn('text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('images', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('has_photos', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('anonymous', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('is_default', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('helpful_count', 'integer', (c) => c.notNull().defaultTo(0).check(sql`helpful_count >= 0`))
    .addColumn('follow_up_text', 'text')
    .addColumn('follow_up_images', 'jsonb')
    .addColumn('followed_up_at', 'timestamptz')
    .addColumn('reply_text', 'text')
    .addColumn('replied_at', 'timestamptz')
    .addColumn('hidden_at', 'timestamptz')
    .addColumn('hidden_reason', 'text')
    .addColumn('deleted_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  // One review per order item: the second insert of a race fails here (409 ALREADY_REVIEWED).
  await db.schema.createIndex('reviews_order_item_uq').unique().on('reviews').column('order_item_id').execute();
  await db.schema.createIndex('reviews_product_idx').on('reviews').columns(['product_id', 'id']).execute();
  await db.schema.createIndex('reviews_product_helpful_idx').on('reviews').columns(['product_id', 'helpful_count', 'id']).execute();
  await db.schema.createIndex('reviews_operator_idx').on('reviews').columns(['operator_id', 'id']).execute();
  await db.schema.createIndex('reviews_buyer_idx').on('reviews').columns(['buyer_id', 'id']).execute();
  await db.schema.createIndex('reviews_order_idx').on('reviews').column('order_id').execute();

  await db.schema
    .createTable('review_helpful')
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('review_helpful_pk', ['review_id', 'user_id'])
    .execute();
  await db.schema.createIndex('review_helpful_user_idx').on('review_helpful').column('user_id').execute();

  await db.schema
    .createTable('review_appeals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
    .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id'))
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`reason in ('abusive', 'advertising', 'privacy', 'irrelevant', 'fraud')`))
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'upheld', 'rejected')`))
    .addColumn('decided_by', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create unique index review_appeals_open_uq on review_appeals (review_id) where status = 'open'`.execute(db);
  await db.schema.createIndex('review_appeals_status_idx').on('review_appeals').columns(['status', 'id']).execute();

  await db.schema
    .createTable('product_ratings')
    .addColumn('product_id', 'text', (c) => c.primaryKey().references('products.id'))
    .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0).check(sql`count >= 0`))
    .addColumn('sum', 'integer', (c) => c.notNull().defaultTo(0).check(sql`sum >= 0`))
    .addColumn('c1', 'integer', (c) => c.notNull().defaultTo(0).check(sql`c1 >= 0`))
    .addColumn('c2', 'integer', (c) => c.notNull().defaultTo(0).check(sql`c2 >= 0`))
    .addColumn('c3', 'integer', (c) => c.notNull().defaultTo(0).check(sql`c3 >= 0`))
    .addColumn('c4', 'integer', (c) => c.notNull().defaultTo(0).check(sql`c4 >= 0`))
    .addColumn('c5', 'integer', (c) => c.notNull().defaultTo(0).check(sql`c5 >= 0`))
    .addColumn('with_photos', 'integer', (c) => c.notNull().defaultTo(0).check(sql`with_photos >= 0`))
    .execute();

  await db.schema
    .createTable('operator_score_days')
    .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id'))
    .addColumn('day', 'text', (c) => c.notNull()) // UTC 'YYYY-MM-DD' of the review
    .addColumn('n', 'integer', (c) => c.notNull().defaultTo(0).check(sql`n >= 0`))
    .addColumn('item_sum', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('service_sum', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('delivery_sum', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('operator_score_days_pk', ['operator_id', 'day'])
    .execute();

  // Received items waiting for their review; the timer writes the default one when due.
  // Items received in the 15 days before this migration wait too; older ones get no
  // review at all: a burst of default 5-star reviews on old orders the buyers never
  // had the chance to review would be just the kind of review R11 fights.
  await db.schema
    .createTable('review_due')
    .addColumn('order_item_id', 'text', (c) => c.primaryKey().references('order_items.id'))
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('buyer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('review_due_at_idx').on('review_due').columns(['due_at', 'order_id']).execute();
  await db.schema.createIndex('review_due_buyer_idx').on('review_due').column('buyer_id').execute();
  await sql`
    insert into review_due (order_item_id, order_id, buyer_id, due_at)
    select i.id, o.id, o.buyer_id, o.received_at + interval '15 days'
    from order_items i join orders o on o.id = i.order_id
    where o.status in ('received', 'completed') and o.received_at > now() - interval '15 days'`.execute(db);

  await db.schema.alterTable('product_search').addColumn('review_vector', sql`tsvector`, (c) => c.notNull().defaultTo(sql`''::tsvector`)).execute();
}

export async function down(): Promise<void> {
  throw new Error('Agora migrations only go forward');
}
