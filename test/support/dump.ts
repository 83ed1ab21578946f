/** A text dump of every row of every table: the tests that look for plaintext personal data read it. */
import { sql } from 'kysely';
import type { TestApp } from './app.js';

/** Every row of every table, as text, in the current schema and pg-boss's if it exists. */
export async function dumpAllRows(t: TestApp): Promise<{ tables: string[]; rows: { table: string; text: string }[] }> {
  const db = t.ctx.database.db;
  const { rows: tables } = await sql<{ table_schema: string; table_name: string }>`
    select table_schema, table_name from information_schema.tables
    where table_type = 'BASE TABLE' and (table_schema = current_schema() or table_schema like 'pgboss%')
    order by table_schema, table_name`.execute(db);
  const rows: { table: string; text: string }[] = [];
  for (const { table_schema: schema, table_name: name } of tables) {
    const result = await sql<{ row: string }>`select t::text as row from ${sql.table(`${schema}.${name}`)} t`.execute(db);
    for (const r of result.rows) rows.push({ table: `${schema}.${name}`, text: r.row });
  }
  return { tables: tables.map((x) => `${x.table_schema}.${x.table_name}`), rows };
}

/** Which of the named plaintext values appear in which table (empty: none). */
export async function plaintextFound(t: TestApp, values: Record<string, string>): Promise<string[]> {
  const found: string[] = [];
  for (const { table, text } of (await dumpAllRows(t)).rows) {
    for (const [name, value] of Object.entries(values)) if (text.includes(value)) found.push(`${name} in ${table}: ${text.slice(0, 200)}`);
  }
  return found;
}
