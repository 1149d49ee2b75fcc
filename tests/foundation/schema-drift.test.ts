import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { schema, type Database } from '../../cloudfunctions/core/db/client';
import { freshDatabase } from '../support/db';
import { columnsOf, type ColumnShape } from '../support/schema-dump';

/**
 * One source of truth for the data layer: the Drizzle tables (`core/db/schema/*.ts`) describe exactly what the SQL
 * migrations build — the same tables, columns, types, nullability and which columns have a default.
 */
const shapeOf = (c: ColumnShape) =>
  `${c.type.replace(/,\s+/g, ',')}${c.notNull ? ' not null' : ''}${c.hasDefault || c.identity ? ' default' : ''}`;

function drizzleColumns(): ColumnShape[] {
  const out: ColumnShape[] = [];
  for (const value of Object.values(schema)) {
    if (!(value instanceof PgTable)) continue;
    const t = getTableConfig(value);
    const pk = new Set(t.primaryKeys.flatMap((k) => k.columns.map((c) => c.name)));
    for (const c of t.columns)
      out.push({
        table: t.name,
        column: c.name,
        type: c.getSQLType(),
        notNull: c.notNull || c.primary || pk.has(c.name),
        hasDefault: c.hasDefault || c.generatedIdentity !== undefined,
        identity: false,
      });
  }
  return out;
}

let database: Database;
beforeAll(async () => {
  database = await freshDatabase(); // PGlite, or a private schema on TEST_DATABASE_URL
});
afterAll(() => database.close());

test('the Drizzle schema and the migrated database have the same tables and columns, of the same shape', async () => {
  const db = new Map((await columnsOf(database.db)).map((c) => [`${c.table}.${c.column}`, shapeOf(c)]));
  const ts = new Map(drizzleColumns().map((c) => [`${c.table}.${c.column}`, shapeOf(c)]));
  const problems: string[] = [];
  for (const [key, shape] of db) {
    if (!ts.has(key)) problems.push(`${key}: in the migrations (${shape}) but not in the Drizzle schema`);
    else if (ts.get(key) !== shape) problems.push(`${key}: migrations say "${shape}", Drizzle says "${ts.get(key)}"`);
  }
  for (const [key, shape] of ts)
    if (!db.has(key)) problems.push(`${key}: in the Drizzle schema (${shape}) but not in the migrations`);
  expect(problems.sort()).toEqual([]);
});
