import { sql, type Kysely } from 'kysely';

/**
 * 问大家 (issue 18 item 7): shoppers ask about a product; buyers who received it, or
 * its shop, answer.
 *
 * - `questions`: anyone signed in asks (optionally anonymous). `answer_count` and
 *   `useful_count` (Σ of its visible answers' useful votes, the "most useful" sort)
 *   move in the answer's or the vote's transaction. `invited_at` is set once the
 *   platform has invited recent buyers (the invitation job/sweep picks rows where it
 *   is null). R11: no column a shop can set; `hidden_at` is the platform's only.
 * - `question_answers`: one per person per question (unique index: exact under a
 *   race); `verified_purchase` + `sku_name` from the answerer's received order item,
 *   or `by_shop` for the product's shop.
 * - `question_answer_useful`: one vote per user per answer.
 * - `question_invitations`: who was invited to answer (idempotent, and in the export).
 * - `question_reports`: anyone reports a question or an answer, once each; admins hide.
 * - `product_question_counts`: the product's visible questions, a kept counter (the
 *   product page never counts rows).
 * - consents: the `qa_invitations` purpose (PIPL art. 14: opt-in, off until granted).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table consents drop constraint consents_purpose_check`.execute(db);
  await sql`alter table consents add constraint consents_purpose_check
    check (purpose in ('marketing', 'share_with_operator_marketing', 'personalised_feed', 'sensitive_identity', 'qa_invitations'))`.execute(db);

  await db.schema
    .createTable('questions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id'))
    .addColumn('asker_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('anonymous', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('answer_count', 'integer', (c) => c.notNull().defaultTo(0).check(sql`answer_count >= 0`))
    .addColumn('useful_count', 'integer', (c) => c.notNull().defaultTo(0).check(sql`useful_count >= 0`))
    .addColumn('invited_at', 'timestamptz')
    .addColumn('hidden_at', 'timestamptz')
    .addColumn('hidden_reason', 'text')
    .addColumn('deleted_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('questions_product_idx').on('questions').columns(['product_id', 'id']).execute();
  await db.schema.createIndex('questions_product_useful_idx').on('questions').columns(['product_id', 'useful_count', 'id']).execute();
  await db.schema.createIndex('questions_asker_idx').on('questions').columns(['asker_id', 'created_at']).execute();
  await sql`create index questions_uninvited_idx on questions (id) where invited_at is null`.execute(db);

  await db.schema
    .createTable('question_answers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('question_id', 'text', (c) => c.notNull().references('questions.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('by_shop', 'boolean', (c) => c.notNull())
    .addColumn('verified_purchase', 'boolean', (c) => c.notNull())
    .addColumn('sku_name', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('useful_count', 'integer', (c) => c.notNull().defaultTo(0).check(sql`useful_count >= 0`))
    .addColumn('hidden_at', 'timestamptz')
    .addColumn('hidden_reason', 'text')
    .addColumn('deleted_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('question_answers_kind_ck', sql`(by_shop and not verified_purchase) or (not by_shop and verified_purchase and sku_name is not null)`)
    .execute();
  // One answer per person per question: the second insert of a race fails here (409).
  await db.schema.createIndex('question_answers_author_uq').unique().on('question_answers').columns(['question_id', 'author_id']).execute();
  await db.schema.createIndex('question_answers_question_idx').on('question_answers').columns(['question_id', 'useful_count', 'id']).execute();
  await db.schema.createIndex('question_answers_author_idx').on('question_answers').column('author_id').execute();

  await db.schema
    .createTable('question_answer_useful')
    .addColumn('answer_id', 'text', (c) => c.notNull().references('question_answers.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('question_answer_useful_pk', ['answer_id', 'user_id'])
    .execute();
  await db.schema.createIndex('question_answer_useful_user_idx').on('question_answer_useful').column('user_id').execute();

  await db.schema
    .createTable('question_invitations')
    .addColumn('question_id', 'text', (c) => c.notNull().references('questions.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('question_invitations_pk', ['question_id', 'user_id'])
    .execute();
  await db.schema.createIndex('question_invitations_user_idx').on('question_invitations').column('user_id').execute();

  await db.schema
    .createTable('question_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('target_type', 'text', (c) => c.notNull().check(sql`target_type in ('question', 'answer')`))
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('question_id', 'text', (c) => c.notNull().references('questions.id'))
    .addColumn('reporter_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('question_reports_once_uq').unique().on('question_reports').columns(['target_type', 'target_id', 'reporter_id']).execute();
  await sql`create index question_reports_open_idx on question_reports (id) where resolved_at is null`.execute(db);
  await db.schema.createIndex('question_reports_reporter_idx').on('question_reports').column('reporter_id').execute();

  await db.schema
    .createTable('product_question_counts')
    .addColumn('product_id', 'text', (c) => c.primaryKey().references('products.id'))
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0).check(sql`total >= 0`))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Agora migrations only go forward');
}
