import { sql, type Kysely } from 'kysely';
import { noteSearchDocument } from '../../lib/search-documents.js';
import { searchColumns } from '../search.js';

const BATCH = 500;

/**
 * Note search, built like product search (0007): one search
 * document per note — a `tsvector` of its title, body, hashtags and the titles of
 * the products tagged on it (those on sale, as the note's view shows them), and their
 * trigram text — with a GIN index on each, filled in for the notes already posted.
 * Deleted and hidden notes keep their row; the search filters them out.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('note_search')
    .addColumn('note_id', 'text', (c) => c.primaryKey().references('notes.id'))
    .addColumn('vector', sql`tsvector`, (c) => c.notNull())
    // Dropped by 0025; the default lets this backfill run with today's `searchColumns`, which no longer writes it.
    .addColumn('fuzzy', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await sql`create index note_search_vector_idx on note_search using gin (vector)`.execute(db);
  await sql`create index note_search_fuzzy_idx on note_search using gin (fuzzy gin_trgm_ops)`.execute(db);

  let after = '';
  for (;;) {
    const { rows } = await sql<{ id: string; title: string; body: string; hashtags: string[]; product_titles: string[] }>`
      select n.id, n.title, n.body,
        array(select h.tag from note_hashtags h where h.note_id = n.id order by h.tag) as hashtags,
        array(select p.title from products p where p.id in (
          select t.product_id from note_tags t where t.note_id = n.id and t.archived_at is null
        ) and exists (select 1 from skus s where s.product_id = p.id and s.archived_at is null) order by p.id) as product_titles
      from notes n
      where n.deleted_at is null and n.id > ${after} order by n.id limit ${BATCH}`.execute(db);
    if (rows.length === 0) break;
    await db
      .insertInto('note_search' as never)
      .values(rows.map((r) => ({ note_id: r.id, ...searchColumns(noteSearchDocument({ title: r.title, body: r.body, hashtags: r.hashtags, productTitles: r.product_titles })) })) as never)
      .execute();
    after = rows.at(-1)!.id;
  }
}

export async function down(): Promise<void> {
  throw new Error('Agora migrations only go forward');
}
