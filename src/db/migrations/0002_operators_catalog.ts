import { sql, type Kysely } from 'kysely';

/**
 * Operators and service providers (D1, D2, R1–R3), categories with their R9 return
 * class and R16 deposit, products with SKUs and add-ons, uploaded images.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('operators')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('enterprise', 'individual')`))
    .addColumn('shop_name', 'text', (c) => c.notNull())
    // Public for an enterprise (R1: licence information); null for an individual.
    .addColumn('company_name', 'text')
    .addColumn('credit_code', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'approved', 'rejected')`))
    .addColumn('reject_reason', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'timestamptz')
    .addColumn('verified_at', 'timestamptz')
    .addColumn('reverification_due_at', 'timestamptz')
    .addColumn('sales_suspended_at', 'timestamptz')
    .addColumn('closure_announced_at', 'timestamptz')
    .addColumn('closure_effective_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('operators_owner_idx').on('operators').column('owner_id').execute();
  await db.schema.createIndex('operators_status_idx').on('operators').columns(['status', 'created_at']).execute();
  // One live registration per licence: a rejected one may be filed again.
  await db.schema
    .createIndex('operators_credit_code_uq')
    .on('operators')
    .column('credit_code')
    .unique()
    .where(sql.ref('status'), '<>', 'rejected')
    .execute();

  await db.schema
    .createTable('service_providers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('company_name', 'text', (c) => c.notNull())
    .addColumn('credit_code', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull().check(sql`service in ('logistics', 'payment', 'marketing', 'other')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'approved', 'rejected')`))
    .addColumn('reject_reason', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('service_providers_owner_idx').on('service_providers').column('owner_id').execute();
  await db.schema
    .createIndex('service_providers_credit_code_uq')
    .on('service_providers')
    .column('credit_code')
    .unique()
    .where(sql.ref('status'), '<>', 'rejected')
    .execute();

  await db.schema
    .createTable('categories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('return_class', 'text', (c) => c.notNull().check(sql`return_class in ('returnable', 'excluded', 'excludable_with_consent')`))
    .addColumn('return_note', 'text', (c) => c.notNull())
    .addColumn('return_note_en', 'text', (c) => c.notNull())
    .addColumn('deposit', 'bigint', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('products')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text', (c) => c.notNull().references('categories.id'))
    .addColumn('images', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('products_operator_idx').on('products').columns(['operator_id', 'id']).execute();
  await db.schema.createIndex('products_category_idx').on('products').columns(['category_id', 'id']).execute();

  await db.schema
    .createTable('skus')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('price', 'bigint', (c) => c.notNull().check(sql`price > 0`))
    // Stock never negative, whatever the concurrency (DESIGN "Data and money").
    .addColumn('stock', 'integer', (c) => c.notNull().check(sql`stock >= 0`))
    .addColumn('group_price', 'bigint')
    .addColumn('group_size', 'integer')
    .addColumn('bargain_floor', 'bigint')
    .addColumn('max_helpers', 'integer')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('archived_at', 'timestamptz')
    .addCheckConstraint('skus_group_ck', sql`(group_price is null) = (group_size is null) and (group_price is null or (group_price > 0 and group_price < price and group_size between 2 and 10))`)
    .addCheckConstraint('skus_bargain_ck', sql`(bargain_floor is null) = (max_helpers is null) and (bargain_floor is null or (bargain_floor >= 0 and max_helpers >= 1 and price - bargain_floor >= max_helpers))`)
    .execute();
  await db.schema.createIndex('skus_product_idx').on('skus').columns(['product_id', 'position']).execute();

  await db.schema
    .createTable('add_ons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('price', 'bigint', (c) => c.notNull().check(sql`price > 0`))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('archived_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('add_ons_product_idx').on('add_ons').columns(['product_id', 'position']).execute();

  await db.schema
    .createTable('uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('thumbnail_key', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('uploads_owner_idx').on('uploads').columns(['owner_id', 'created_at']).execute();

  // R9 return classes and R16 deposits, published with the platform rules.
  const categories: [string, string, string, string, string, string, number][] = [
    ['general', '综合', 'General', 'returnable', '7 天无理由退货', '7-day no-reason return', 200_000],
    ['apparel', '服饰鞋包', 'Clothing, shoes & bags', 'returnable', '7 天无理由退货', '7-day no-reason return', 200_000],
    ['home', '家居日用', 'Home & living', 'returnable', '7 天无理由退货', '7-day no-reason return', 200_000],
    ['electronics', '数码家电', 'Electronics & appliances', 'returnable', '7 天无理由退货', '7-day no-reason return', 500_000],
    ['beauty', '美妆个护', 'Beauty & personal care', 'excludable_with_consent', '拆封后不退，需在下单时确认', 'No return once opened, if you confirm this at checkout', 300_000],
    ['fresh', '生鲜食品', 'Fresh food', 'excluded', '鲜活易腐，不适用 7 天无理由退货', 'Perishable: no 7-day no-reason return', 300_000],
    ['custom', '定制商品', 'Custom-made', 'excluded', '消费者定作，不适用 7 天无理由退货', 'Made to order: no 7-day no-reason return', 200_000],
    ['digital', '数字商品', 'Digital goods', 'excluded', '在线下载或拆封的数字商品，不适用 7 天无理由退货', 'Digital goods once downloaded or unsealed: no 7-day no-reason return', 100_000],
    ['periodicals', '报纸期刊', 'Newspapers & periodicals', 'excluded', '交付的报纸、期刊，不适用 7 天无理由退货', 'Newspapers and periodicals once delivered: no 7-day no-reason return', 100_000],
  ];
  await db
    .insertInto('categories' as never)
    .values(
      categories.map(([id, nameZh, nameEn, returnClass, note, noteEn, deposit], position) => ({
        id,
        name_zh: nameZh,
        name_en: nameEn,
        return_class: returnClass,
        return_note: note,
        return_note_en: noteEn,
        deposit,
        position,
      })) as never,
    )
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Agora migrations only go forward');
}
