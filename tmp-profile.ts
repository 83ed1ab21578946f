import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { loadConfig } from './src/config.js';
import { createContext } from './src/context.js';
import { generateKeyMaterial, parseKeyRing } from './src/modules/privacy/index.js';
import { buildServer } from './src/server.js';
const url = 'postgres://root@127.0.0.1:5432/agora_bench_feed_1m';
const pool = new pg.Pool({ connectionString: url, max: 10 });
let log: { sql: string; ms: number }[] = [];
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }), log: (e) => { if (e.level === 'query') log.push({ sql: e.query.sql.slice(0, 90), ms: e.queryDurationMillis }); } });
const config = loadConfig({ NODE_ENV: 'test', PORT: '0', DATA_DIR: '/tmp/agora-prof' });
const m = generateKeyMaterial();
const ctx = createContext({ config, database: { kind: 'postgres', db, boss: { connectionString: url }, close: () => db.destroy() }, keys: parseKeyRing(m.dataKeys, m.lookupKey) });
const app = await buildServer(ctx, { logLevel: 'silent' });
const paths = process.argv.slice(2);
for (const path of paths) {
  for (let i = 0; i < 30; i++) await app.inject({ url: `/api/v1${path}` });
  log = [];
  const t = performance.now();
  const N = 50;
  for (let i = 0; i < N; i++) await app.inject({ url: `/api/v1${path}` });
  const total = (performance.now() - t) / N;
  const byQuery = new Map<string, number>();
  for (const l of log) byQuery.set(l.sql, (byQuery.get(l.sql) ?? 0) + l.ms / N);
  const sqlMs = [...byQuery.values()].reduce((a, b) => a + b, 0);
  console.log(`${path}: ${total.toFixed(2)} ms/request, SQL ${sqlMs.toFixed(2)} ms in ${log.length / N} queries`);
  for (const [q, ms] of [...byQuery].sort((a, b) => b[1] - a[1]).slice(0, 4)) console.log(`   ${ms.toFixed(2)}  ${q}`);
}
await app.close(); await db.destroy();
