import { sql, type Kysely } from 'kysely';

/**
 * English typo tolerance by correction against a vocabulary (src/db/search.ts): the
 * distinct Latin words of every product and note search document, with a trigram
 * index. The documents' trigram indexes go: matching a misspelt word against whole
 * documents rechecked every candidate's text and did not scale (100–200 ms per query
 * at 20k notes). Their `fuzzy` text stays written, unused, until a later migration
 * drops the column.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('search_words').addColumn('word', 'text', (c) => c.primaryKey()).execute();
  await sql`create index search_words_trgm_idx on search_words using gin (word gin_trgm_ops)`.execute(db);
  await sql`insert into search_words (word)
    select distinct lexeme from (
      select unnest(tsvector_to_array(vector)) as lexeme from product_search
      union all select unnest(tsvector_to_array(vector)) from note_search
    ) l where lexeme ~ '^[a-z]{3,}$'
    on conflict do nothing`.execute(db);
  await sql`drop index if exists product_search_fuzzy_idx`.execute(db);
  await sql`drop index if exists note_search_fuzzy_idx`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Agora migrations only go forward');
}
