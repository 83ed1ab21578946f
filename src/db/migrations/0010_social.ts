import { sql, type Kysely } from 'kysely';

/**
 * Social: notes with shoppable tags, sponsorships (R8), tag clicks and
 * attributions (R12), likes, collects, comments, follows, discover snapshots, reports
 * and hiding (R11), and the consents a user grants (R6, R15).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull().check(sql`char_length(body) <= 1000`))
    .addColumn('images', 'jsonb', (c) => c.notNull())
    // Counters move in the same transaction as the like/collect/comment row, under the note's row lock: exact under concurrency.
    .addColumn('like_count', 'integer', (c) => c.notNull().defaultTo(0).check(sql`like_count >= 0`))
    .addColumn('collect_count', 'integer', (c) => c.notNull().defaultTo(0).check(sql`collect_count >= 0`))
    .addColumn('comment_count', 'integer', (c) => c.notNull().defaultTo(0).check(sql`comment_count >= 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('deleted_at', 'timestamptz')
    // R11: only an admin hides a note, after a report, with a reason (also in the audit log).
    .addColumn('hidden_at', 'timestamptz')
    .addColumn('hidden_by', 'text')
    .addColumn('hidden_reason', 'text')
    .addCheckConstraint('notes_hidden_ck', sql`(hidden_at is null) = (hidden_reason is null)`)
    .execute();
  await db.schema.createIndex('notes_author_idx').on('notes').columns(['author_id', 'id']).execute();
  await db.schema.createIndex('notes_created_idx').on('notes').columns(['created_at', 'id']).execute();

  await db.schema
    .createTable('note_tags')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('note_id', 'text', (c) => c.notNull().references('notes.id'))
    .addColumn('image', 'integer', (c) => c.notNull().check(sql`image between 0 and 8`))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('sku_id', 'text', (c) => c.references('skus.id'))
    .addColumn('x', 'double precision', (c) => c.notNull().check(sql`x >= 0 and x <= 1`))
    .addColumn('y', 'double precision', (c) => c.notNull().check(sql`y >= 0 and y <= 1`))
    .addColumn('clicks', 'integer', (c) => c.notNull().defaultTo(0))
    // Replaced by an edit; kept because attributions name it.
    .addColumn('archived_at', 'timestamptz')
    .addUniqueConstraint('note_tags_note_id_uq', ['note_id', 'id'])
    .execute();
  await db.schema.createIndex('note_tags_note_idx').on('note_tags').columns(['note_id', 'image', 'position']).execute();
  await db.schema.createIndex('note_tags_product_idx').on('note_tags').column('product_id').execute();

  await db.schema
    .createTable('note_hashtags')
    .addColumn('note_id', 'text', (c) => c.notNull().references('notes.id'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('note_hashtags_pk', ['note_id', 'tag'])
    .execute();
  await db.schema.createIndex('note_hashtags_tag_idx').on('note_hashtags').columns(['tag', 'note_id']).execute();

  // R8: one sponsor per note; confirmed by the operator, never removable by the author.
  await db.schema
    .createTable('note_sponsorships')
    .addColumn('note_id', 'text', (c) => c.primaryKey().references('notes.id'))
    .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id'))
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull())
    .addColumn('confirmed_at', 'timestamptz')
    .addColumn('confirmed_by', 'text')
    .execute();
  await db.schema.createIndex('note_sponsorships_operator_idx').on('note_sponsorships').columns(['operator_id', 'note_id']).execute();

  // R12, by construction: an attribution names one note and one of its tags, and
  // nothing else. There is no column for a referrer, a parent attribution or a user,
  // and nothing references this table, so no chain of referrals can be recorded.
  await db.schema
    .createTable('attributions')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('note_id', 'text', (c) => c.notNull())
    .addColumn('tag_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addForeignKeyConstraint('attributions_tag_fk', ['note_id', 'tag_id'], 'note_tags', ['note_id', 'id'])
    .execute();

  for (const table of ['note_likes', 'note_collects'] as const) {
    await db.schema
      .createTable(table)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('note_id', 'text', (c) => c.notNull().references('notes.id'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('at', 'timestamptz', (c) => c.notNull())
      .addUniqueConstraint(`${table}_uq`, ['note_id', 'user_id'])
      .execute();
    await db.schema.createIndex(`${table}_user_idx`).on(table).columns(['user_id', 'id']).execute();
  }

  await db.schema
    .createTable('note_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('note_id', 'text', (c) => c.notNull().references('notes.id'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('parent_id', 'text', (c) => c.references('note_comments.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('note_comments_note_idx').on('note_comments').columns(['note_id', 'parent_id', 'id']).execute();

  await db.schema
    .createTable('follows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('follower_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('followee_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('follows_uq', ['follower_id', 'followee_id'])
    .addCheckConstraint('follows_self_ck', sql`follower_id <> followee_id`)
    .execute();
  await db.schema.createIndex('follows_followee_idx').on('follows').columns(['followee_id', 'id']).execute();

  // A discover ranking frozen when its first page is read, so paging on never repeats or skips a note.
  // A personalised one belongs to its viewer (viewer_id); the common one (viewer_id null) is shared.
  await db.schema
    .createTable('feed_snapshots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('viewer_id', 'text')
    .addColumn('personalised', 'boolean', (c) => c.notNull())
    .addColumn('note_ids', sql`text[]`, (c) => c.notNull())
    .addColumn('newest_note_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('feed_snapshots_viewer_ck', sql`personalised = (viewer_id is not null)`)
    .execute();
  await db.schema.createIndex('feed_snapshots_created_idx').on('feed_snapshots').column('created_at').execute();
  await db.schema.createIndex('feed_snapshots_common_idx').on('feed_snapshots').column('created_at').where(sql.ref('personalised'), '=', false).execute();

  await db.schema
    .createTable('note_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('note_id', 'text', (c) => c.notNull().references('notes.id'))
    .addColumn('reporter_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('resolved_by', 'text')
    .addColumn('resolution', 'text')
    .addUniqueConstraint('note_reports_uq', ['note_id', 'reporter_id'])
    .execute();
  await db.schema.createIndex('note_reports_open_idx').on('note_reports').columns(['resolved_at', 'id']).execute();

  // R6/R15: what a user agreed to, with the version of the text they saw; one row per change, the latest counts.
  await db.schema
    .createTable('consents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('marketing', 'share_with_operator_marketing', 'personalised_feed')`))
    .addColumn('granted', 'boolean', (c) => c.notNull())
    .addColumn('text_version', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consents_user_idx').on('consents').columns(['user_id', 'purpose', 'id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Agora migrations only go forward');
}
