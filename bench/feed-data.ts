/**
 * The feed benchmark's data: 100k users, 10k products and 1M notes on PostgreSQL,
 * written with bulk SQL (`insert … select generate_series`) straight into the app's
 * tables, in the shape the app writes them: UUIDv7 ids whose time is the row's time
 * (so "newest first" by id is newest by `created_at`), valid foreign keys, note
 * counters equal to their like/collect/comment rows, tags on listed products with a
 * live SKU, hashtags, a few confirmed sponsorships (R8), `personalised_feed` consents
 * for every tenth user (R6), and follows: each user follows 20–80 of the 20k most
 * active authors, so a following feed has enough notes to page through. Products and
 * their search documents are made in TypeScript with the app's own
 * `productSearchDocument`, as the catalog writes them.
 *
 * Generating takes minutes on two cores, so the database (`agora_bench_feed_1m`) is
 * kept and reused: it is marked complete (a comment on the database naming the
 * generator version and scale) only after the last step, and a database without that
 * mark, or with another one, is dropped and made again. `--regenerate` forces that.
 * Settings: BENCH_FEED_NOTES / BENCH_FEED_USERS / BENCH_FEED_PRODUCTS scale it down
 * (for trying the benchmark quickly; another scale is another database).
 *
 * Not generated: orders (so R11 "verified purchase" is never true and its lookup
 * reads an empty table), the personal data behind users' phone numbers (the
 * generated users never log in: the benchmark opens sessions for its viewers), and
 * uploads rows behind image URLs.
 */
import { performance } from 'node:perf_hooks';
import cliProgress from 'cli-progress';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from '../src/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { searchColumns } from '../src/db/search.js';
import { newId } from '../src/lib/ids.js';
import { noteSearchDocument, productSearchDocument } from '../src/lib/search-documents.js';
import { CREDIT_CODE_CHARSET, creditCodeCheckCharacter } from '../src/modules/operators/index.js';
import { ADJECTIVES_EN, ADJECTIVES_ZH, BRANDS, DISPLAY_NAMES, HASHTAGS, NOTE_OPENERS, NOTE_PHRASES, PRODUCT_KINDS, SHOP_WORDS } from './feed-words.js';
import { BENCH_POSTGRES_URL, withClient } from './postgres.js';

/** Bump when what is generated changes: older databases are then made again. */
/** 2: note_search rows (note search at scale); 3: the search_words vocabulary. */
const GENERATOR_VERSION = 3;
const MARK = 'agora-bench-feed';

export interface FeedScale {
  users: number;
  products: number;
  notes: number;
}

export const FULL_SCALE: FeedScale = { users: 100_000, products: 10_000, notes: 1_000_000 };
/** Shops selling the products (owned by the first users). */
const OPERATORS = 200;
/** Follows go to the most active authors: notes are written mostly by the lowest user numbers (see `authorOf`). */
const FOLLOWABLE_AUTHORS = 20_000;
/** Every tenth user granted the `personalised_feed` consent (R6). */
export const PERSONALISED_EVERY = 10;
/** Notes span this many days, the newest made at generation time. */
const NOTE_DAYS = 120;
const NOTE_CHUNK = 20_000;
const FOLLOW_CHUNK = 5_000;
const DAY_MS = 86_400_000;
/** The one password hash every generated user carries (they never log in); a real scrypt hash's shape. */
const PASSWORD_HASH = 'scrypt$16384$8$1$YmVuY2gtZmVlZC1zYWx0$YmVuY2gtZmVlZC1oYXNoLW5vdC1hLXJlYWwtcGFzc3dvcmQ';

export interface FeedDatabase {
  url: string;
  name: string;
  scale: FeedScale;
  /** Seconds the generation took in this run; undefined when an earlier run's database was reused. */
  generatedS: number | undefined;
  /** When the reused database was generated, and how long that took. */
  mark: Mark;
}

interface Mark {
  version: number;
  scale: FeedScale;
  generatedAt: string;
  seconds: number;
  rows: Record<string, number>;
}

export function feedScale(env: NodeJS.ProcessEnv = process.env): FeedScale {
  const pick = (name: string, fallback: number) => {
    const value = Number(env[name]);
    return Number.isInteger(value) && value > 0 ? value : fallback;
  };
  return { users: pick('BENCH_FEED_USERS', FULL_SCALE.users), products: pick('BENCH_FEED_PRODUCTS', FULL_SCALE.products), notes: pick('BENCH_FEED_NOTES', FULL_SCALE.notes) };
}

const sameScale = (a: FeedScale, b: FeedScale) => a.users === b.users && a.products === b.products && a.notes === b.notes;

function databaseName(scale: FeedScale): string {
  if (sameScale(scale, FULL_SCALE)) return 'agora_bench_feed_1m';
  return `agora_bench_feed_${scale.notes}n_${scale.users}u_${scale.products}p`;
}

function urlOf(name: string): string {
  const url = new URL(BENCH_POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function readMark(name: string): Promise<Mark | undefined> {
  const { rows } = await withClient((c) => c.query<{ comment: string | null }>(`select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1`, [name]));
  const comment = rows[0]?.comment;
  if (!comment?.startsWith(`${MARK} `)) return undefined;
  try {
    return JSON.parse(comment.slice(MARK.length + 1)) as Mark;
  } catch {
    return undefined;
  }
}

/**
 * The generated database, reused when an earlier run completed it at this scale and
 * generator version, else (or with `regenerate`) made anew. Migrations newer than the
 * database are applied either way (the server would apply them at start anyway).
 */
export async function ensureFeedDatabase(options: { regenerate: boolean; scale: FeedScale; log: (message: string) => void }): Promise<FeedDatabase> {
  const { scale, log } = options;
  const name = databaseName(scale);
  const url = urlOf(name);
  const mark = options.regenerate ? undefined : await readMark(name);
  if (mark && mark.version === GENERATOR_VERSION && sameScale(mark.scale, scale)) {
    log(`reusing ${name} (generated ${mark.generatedAt} in ${mark.seconds.toFixed(0)} s; --regenerate to make it again)`);
    const db = openGenerator(url);
    try {
      await migrateToLatest(db);
    } finally {
      await db.destroy();
    }
    return { url, name, scale, generatedS: undefined, mark };
  }
  log(`${mark ? 'regenerating' : 'generating'} ${name}: ${scale.notes.toLocaleString('en-US')} notes, ${scale.users.toLocaleString('en-US')} users, ${scale.products.toLocaleString('en-US')} products`);
  await withClient(async (c) => {
    await c.query(`drop database if exists ${name} with (force)`);
    await c.query(`create database ${name}`);
  });
  const started = performance.now();
  const db = openGenerator(url);
  try {
    await migrateToLatest(db);
    const rows = await generate(db, scale, log);
    const seconds = (performance.now() - started) / 1000;
    const done: Mark = { version: GENERATOR_VERSION, scale, generatedAt: new Date().toISOString(), seconds, rows };
    await withClient((c) => c.query(`comment on database ${name} is ${pg.escapeLiteral(`${MARK} ${JSON.stringify(done)}`)}`));
    log(`generated ${name} in ${seconds.toFixed(0)} s`);
    return { url, name, scale, generatedS: seconds, mark: done };
  } finally {
    await db.destroy();
  }
}

/** One connection that never idles out: the generator's helper functions live in its session (pg_temp). */
function openGenerator(url: string): Kysely<DB> {
  const pool = new pg.Pool({ connectionString: url, max: 1, idleTimeoutMillis: 0 });
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

function progress(phase: string, total: number): cliProgress.SingleBar {
  const bar = new cliProgress.SingleBar(
    { format: `  ${phase.padEnd(24)} [{bar}] {percentage}% | {value}/{total} | {duration_formatted} (ETA {eta_formatted})`, hideCursor: true, etaBuffer: 20, noTTYOutput: true, notTTYSchedule: 10_000 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return bar;
}

async function generate(db: Kysely<DB>, scale: FeedScale, log: (message: string) => void): Promise<Record<string, number>> {
  const now = Date.now();
  const notesFrom = now - NOTE_DAYS * DAY_MS;
  const usersFrom = notesFrom - 30 * DAY_MS;
  await helpers(db);
  await sql`set synchronous_commit = off`.execute(db);

  let bar = progress('users', scale.users);
  await sql`create temp table bench_users as
    select i, pg_temp.bench_id(${sql.lit(usersFrom)}::bigint + i * 1000, 'u' || i) as id from generate_series(0, ${sql.lit(scale.users - 1)}) i`.execute(db);
  await sql`alter table bench_users add primary key (i)`.execute(db);
  await sql`insert into users (id, display_name, phone_masked, password_hash, created_at)
    select id, (${DISPLAY_NAMES}::text[])[1 + i % ${sql.lit(DISPLAY_NAMES.length)}] || '_' || i, '1' || (38 + i % 60) || '****' || lpad((i % 10000)::text, 4, '0'),
           ${PASSWORD_HASH}, pg_temp.ms_to_ts(${sql.lit(usersFrom)}::bigint + i * 1000)
    from bench_users`.execute(db);
  // R6: every tenth user said yes to a personalised discover feed.
  await sql`insert into consents (id, user_id, purpose, granted, text_version, at)
    select pg_temp.bench_id(${sql.lit(usersFrom)}::bigint + i * 1000 + 500, 'c' || i), id, 'personalised_feed', true, '2026-01', pg_temp.ms_to_ts(${sql.lit(usersFrom)}::bigint + i * 1000 + 500)
    from bench_users where i % ${sql.lit(PERSONALISED_EVERY)} = 0`.execute(db);
  bar.update(scale.users);
  bar.stop();

  bar = progress('shops and products', scale.products);
  await shopsAndProducts(db, scale, usersFrom, (n) => bar.update(n));
  bar.stop();

  bar = progress('notes and reactions', scale.notes);
  for (let from = 0; from < scale.notes; from += NOTE_CHUNK) {
    await noteChunk(db, scale, { from, to: Math.min(from + NOTE_CHUNK, scale.notes), notesFrom, now });
    bar.update(Math.min(from + NOTE_CHUNK, scale.notes));
  }
  bar.stop();

  bar = progress('follows', scale.users);
  for (let from = 0; from < scale.users; from += FOLLOW_CHUNK) {
    await followChunk(db, scale, { from, to: Math.min(from + FOLLOW_CHUNK, scale.users), notesFrom });
    bar.update(Math.min(from + FOLLOW_CHUNK, scale.users));
  }
  bar.stop();

  // The vocabulary English typos are corrected against, as the app's writes keep it (src/db/search.ts).
  await sql`insert into search_words (word)
    select distinct lexeme from (
      select unnest(tsvector_to_array(vector)) as lexeme from product_search
      union all select unnest(tsvector_to_array(vector)) from note_search
    ) l where lexeme ~ '^[a-z]{3,}$'
    on conflict do nothing`.execute(db);
  log('vacuum analyze (the steady state autovacuum would reach)');
  await sql`vacuum analyze`.execute(db);

  const counts: Record<string, number> = {};
  for (const table of ['users', 'products', 'skus', 'product_search', 'search_words', 'notes', 'note_search', 'note_tags', 'note_hashtags', 'note_likes', 'note_collects', 'note_comments', 'note_sponsorships', 'follows', 'consents'] as const) {
    const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    counts[table] = Number(rows[0]!.n);
  }
  return counts;
}

/** Session-local SQL helpers: a UUIDv7 for a time and a seed, a uniform draw in [0, 1) from a seed, ms → timestamptz. */
async function helpers(db: Kysely<DB>): Promise<void> {
  await sql`create function pg_temp.bench_id(ms bigint, seed text) returns text language sql immutable as $$
    select substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-7' || substr(r, 1, 3) || '-' || substr('89ab', 1 + (get_byte(decode(substr(r, 4, 2), 'hex'), 0) % 4), 1)
           || substr(r, 6, 3) || '-' || substr(r, 9, 12)
    from (select lpad(to_hex(ms), 12, '0') as h, md5(seed) as r) x $$`.execute(db);
  await sql`create function pg_temp.rnd(seed text) returns double precision language sql immutable as $$
    select ('x' || substr(md5(seed), 1, 8))::bit(32)::bigint / 4294967296.0 $$`.execute(db);
  await sql`create function pg_temp.ms_to_ts(ms bigint) returns timestamptz language sql immutable as $$ select to_timestamp(ms / 1000.0) $$`.execute(db);
}

/** A unique, well-formed unified social credit code for shop number `i`. */
function creditCodeOf(i: number): string {
  const tail = Array.from({ length: 7 }, (_, k) => CREDIT_CODE_CHARSET[Math.floor(i / 31 ** k) % 31]).join('');
  const body = `91330100MA${tail}`;
  return body + creditCodeCheckCharacter(body);
}

async function shopsAndProducts(db: Kysely<DB>, scale: FeedScale, usersFrom: number, onProgress: (n: number) => void): Promise<void> {
  const owners = await db.selectFrom('users').select('id').orderBy('id').limit(OPERATORS).execute();
  const shops = owners.map((owner, i) => ({
    id: newId(usersFrom + i),
    owner_id: owner.id,
    kind: 'enterprise' as const,
    shop_name: `${BRANDS[i % BRANDS.length]!}${SHOP_WORDS[i % SHOP_WORDS.length]!}${i}`,
    company_name: `${BRANDS[i % BRANDS.length]!}电子商务有限公司${i}`,
    credit_code: creditCodeOf(i),
    status: 'approved' as const,
    reviewed_at: new Date(usersFrom + DAY_MS),
    verified_at: new Date(usersFrom + DAY_MS),
    created_at: new Date(usersFrom + i),
  }));
  await db.insertInto('operators').values(shops).execute();
  const categories = new Map((await db.selectFrom('categories').select(['id', 'name_zh', 'name_en']).execute()).map((c) => [c.id, c]));

  const BATCH = 1000;
  await sql`create temp table bench_products (i integer primary key, id text not null, sku_id text not null, operator_id text not null, owner_id text not null)`.execute(db);
  for (let from = 0; from < scale.products; from += BATCH) {
    const products = [];
    const skus = [];
    const docs = [];
    const index = [];
    for (let i = from; i < Math.min(from + BATCH, scale.products); i++) {
      const [zh, en, categoryId] = PRODUCT_KINDS[i % PRODUCT_KINDS.length]!;
      const brand = BRANDS[Math.floor(i / PRODUCT_KINDS.length) % BRANDS.length]!;
      const shop = shops[i % shops.length]!;
      const at = usersFrom + DAY_MS + i * 60_000;
      const id = newId(at);
      const title = `${brand} ${ADJECTIVES_ZH[i % ADJECTIVES_ZH.length]!}${zh} ${ADJECTIVES_EN[i % ADJECTIVES_EN.length]!} ${en} ${i}`;
      const description = `${brand}${zh}，${NOTE_PHRASES[i % NOTE_PHRASES.length]!}。${en}, ${NOTE_PHRASES[(i + 8) % NOTE_PHRASES.length]!}.`;
      products.push({ id, operator_id: shop.id, title, description, category_id: categoryId, images: JSON.stringify([`/media/bench-product-${i % 50}.jpg`]), created_at: new Date(at), updated_at: new Date(at) });
      const skuCount = 1 + (i % 3);
      for (let k = 0; k < skuCount; k++) {
        skus.push({ id: newId(at), product_id: id, name: ['标准', '大号', '礼盒'][k]!, price: 990 + ((i * 37 + k * 1000) % 49_000), stock: 1000, position: k });
      }
      const category = categories.get(categoryId)!;
      docs.push({ product_id: id, ...searchColumns(productSearchDocument({ title, description, categoryNames: [category.name_zh, category.name_en], shopName: shop.shop_name })) });
      index.push({ i, id, sku_id: skus[skus.length - skuCount]!.id, operator_id: shop.id, owner_id: shop.owner_id });
    }
    await db.insertInto('products').values(products).execute();
    await db.insertInto('skus').values(skus).execute();
    await db.insertInto('product_search').values(docs).execute();
    await db.insertInto('bench_products' as never).values(index as never).execute();
    onProgress(from + products.length);
  }
}

/**
 * Notes `from`..`to`−1 with their tags, hashtags, likes, collects, comments and
 * sponsorships. Note n is made at `notesFrom` + n·step (plus jitter under a step), so
 * ids rise with n; its author is user ⌊U·r²⌋ (a few write much, most write little);
 * it is about product p, which titles it and is its first tag.
 */
async function noteChunk(db: Kysely<DB>, scale: FeedScale, at: { from: number; to: number; notesFrom: number; now: number }): Promise<void> {
  const step = Math.floor((at.now - at.notesFrom) / scale.notes);
  const kinds = PRODUCT_KINDS.length;
  await sql`drop table if exists bench_chunk`.execute(db);
  await sql`create temp table bench_chunk as
    select g.*, pg_temp.bench_id(g.ms, 'n' || g.n) as id, pg_temp.ms_to_ts(g.ms) as ts, u.id as author_id,
           p.id as product_id, p.sku_id, p.operator_id, p.owner_id
    from (
      select n,
             ${sql.lit(at.notesFrom)}::bigint + n::bigint * ${sql.lit(step)} + floor(pg_temp.rnd('j' || n) * ${sql.lit(Math.max(step - 1, 1))})::bigint as ms,
             floor(power(pg_temp.rnd('a' || n), 2) * ${sql.lit(scale.users)})::int as author,
             floor(pg_temp.rnd('p' || n) * ${sql.lit(scale.products)})::int as product,
             1 + floor(pg_temp.rnd('i' || n) * 4)::int as images,
             1 + floor(pg_temp.rnd('t' || n) * 2)::int as tags,
             1 + floor(pg_temp.rnd('h' || n) * 3)::int as hashtags,
             floor(power(pg_temp.rnd('l' || n), 9) * 30)::int as likes,
             floor(power(pg_temp.rnd('c' || n), 10) * 12)::int as collects,
             floor(power(pg_temp.rnd('m' || n), 12) * 8)::int as comments,
             pg_temp.rnd('s' || n) < 0.01 as sponsored
      from generate_series(${sql.lit(at.from)}, ${sql.lit(at.to - 1)}) n
    ) g
    join bench_users u on u.i = g.author
    join bench_products p on p.i = g.product`.execute(db);

  const pick = (list: readonly string[], seed: string) => sql`(${list}::text[])[1 + floor(pg_temp.rnd(${sql.raw(seed)}) * ${sql.lit(list.length)})::int]`;
  await sql`insert into notes (id, author_id, title, body, images, like_count, collect_count, comment_count, created_at, updated_at)
    select id, author_id,
      ${pick(NOTE_OPENERS, "'o' || n")} || '｜' || ${pick(ADJECTIVES_ZH, "'z' || n")} || (${PRODUCT_KINDS.map((k) => k[0])}::text[])[1 + product % ${sql.lit(kinds)}]
        || ' ' || (${PRODUCT_KINDS.map((k) => k[1])}::text[])[1 + product % ${sql.lit(kinds)}],
      (${PRODUCT_KINDS.map((k) => k[0])}::text[])[1 + product % ${sql.lit(kinds)}] || '：' || ${pick(NOTE_PHRASES, "'b1' || n")} || '。' || ${pick(NOTE_PHRASES, "'b2' || n")}
        || '。' || ${pick(NOTE_PHRASES, "'b3' || n")} || '。 ' || (${PRODUCT_KINDS.map((k) => k[1])}::text[])[1 + product % ${sql.lit(kinds)}] || ' — ' || ${pick(ADJECTIVES_EN, "'e' || n")} || '.',
      (select jsonb_agg('/media/bench-note-' || ((n + k) % 200) || '.jpg') from generate_series(1, images) k),
      likes, collects, comments, ts, ts
    from bench_chunk`.execute(db);
  // The first tag is the product the note is about (with its first SKU); a second one points elsewhere.
  await sql`insert into note_tags (id, note_id, image, position, product_id, sku_id, x, y, clicks)
    select pg_temp.bench_id(c.ms, 'tag' || c.n || '.' || k), c.id, k % c.images, k,
           case when k = 0 then c.product_id else p.id end, case when k = 0 then c.sku_id end,
           round(pg_temp.rnd('x' || c.n || '.' || k)::numeric, 3), round(pg_temp.rnd('y' || c.n || '.' || k)::numeric, 3),
           floor(power(pg_temp.rnd('k' || c.n || '.' || k), 6) * 50)::int
    from bench_chunk c cross join generate_series(0, c.tags - 1) k
    join bench_products p on p.i = (c.product + 1 + k * 7919) % ${sql.lit(scale.products)}`.execute(db);
  await sql`insert into note_hashtags (note_id, tag)
    select c.id, (${HASHTAGS}::text[])[1 + (floor(pg_temp.rnd('g' || c.n) * ${sql.lit(HASHTAGS.length)})::int + k * 5) % ${sql.lit(HASHTAGS.length)}]
    from bench_chunk c cross join generate_series(0, c.hashtags - 1) k`.execute(db);

  // Reactions spread over the note's life so far, each by a different user; counters equal the rows.
  const reactions = (table: 'note_likes' | 'note_collects', column: 'likes' | 'collects', stride: number) => sql`
    insert into ${sql.table(table)} (id, note_id, user_id, at)
    select pg_temp.bench_id(r.ms, ${table}::text || r.n || '.' || r.k), r.id, u.id, pg_temp.ms_to_ts(r.ms)
    from (
      select c.n, c.id, k, c.ms + floor((${sql.lit(at.now)}::bigint - c.ms) * k / (c.${sql.raw(column)} + 1.0))::bigint as ms,
             (floor(pg_temp.rnd(${table}::text || c.n) * ${sql.lit(scale.users)})::int + k * ${sql.lit(stride)}) % ${sql.lit(scale.users)} as who
      from bench_chunk c cross join generate_series(1, c.${sql.raw(column)}) k
    ) r join bench_users u on u.i = r.who`;
  await reactions('note_likes', 'likes', 7919).execute(db);
  await reactions('note_collects', 'collects', 7927).execute(db);
  await sql`insert into note_comments (id, note_id, author_id, parent_id, body, created_at)
    select pg_temp.bench_id(r.ms, 'cm' || r.n || '.' || r.k), r.id, u.id, null, ${pick(NOTE_PHRASES, "'cb' || r.n || '.' || r.k")}, pg_temp.ms_to_ts(r.ms)
    from (
      select c.n, c.id, k, c.ms + floor((${sql.lit(at.now)}::bigint - c.ms) * k / (c.comments + 1.0))::bigint as ms,
             (floor(pg_temp.rnd('cm' || c.n) * ${sql.lit(scale.users)})::int + k * 7933) % ${sql.lit(scale.users)} as who
      from bench_chunk c cross join generate_series(1, c.comments) k
    ) r join bench_users u on u.i = r.who`.execute(db);
  // Each note's search document, made by the same code the notes module writes it with.
  const sources = await sql<{ id: string; title: string; body: string; hashtags: string[]; product_titles: string[] }>`
    select c.id, n.title, n.body,
           coalesce((select array_agg(h.tag) from note_hashtags h where h.note_id = c.id), '{}') as hashtags,
           coalesce((select array_agg(p.title) from note_tags t join products p on p.id = t.product_id where t.note_id = c.id), '{}') as product_titles
    from bench_chunk c join notes n on n.id = c.id`.execute(db);
  for (let i = 0; i < sources.rows.length; i += 1_000) {
    const docs = sources.rows.slice(i, i + 1_000).map((r) => ({ note_id: r.id, ...searchColumns(noteSearchDocument({ title: r.title, body: r.body, hashtags: r.hashtags, productTitles: r.product_titles })) }));
    await db.insertInto('note_search').values(docs).execute();
  }
  // R8: one note in a hundred is an advertisement, confirmed by the shop of its product.
  await sql`insert into note_sponsorships (note_id, operator_id, requested_at, confirmed_at, confirmed_by)
    select id, operator_id, ts, ts, owner_id from bench_chunk where sponsored`.execute(db);
}

/** Users `from`..`to`−1 each follow 20–80 distinct authors among the most active ones, never themselves. */
async function followChunk(db: Kysely<DB>, scale: FeedScale, at: { from: number; to: number; notesFrom: number }): Promise<void> {
  const authors = Math.min(FOLLOWABLE_AUTHORS, scale.users);
  await sql`insert into follows (id, follower_id, followee_id, at)
    select pg_temp.bench_id(f.ms, 'f' || f.i || '.' || f.k), a.id, b.id, pg_temp.ms_to_ts(f.ms)
    from (
      select i, k, ${sql.lit(at.notesFrom)}::bigint + floor(pg_temp.rnd('fa' || i || '.' || k) * ${sql.lit(NOTE_DAYS * DAY_MS)})::bigint as ms,
             (floor(pg_temp.rnd('fb' || i) * ${sql.lit(authors)})::int + k * 7919) % ${sql.lit(authors)} as followee
      from generate_series(${sql.lit(at.from)}, ${sql.lit(at.to - 1)}) i
      cross join generate_series(1, least(${sql.lit(authors - 1)}, 20 + floor(pg_temp.rnd('fc' || i) * 61)::int)) k
    ) f
    join bench_users a on a.i = f.i
    join bench_users b on b.i = f.followee
    where f.followee <> f.i`.execute(db);
}
