import { rows, sql, type Db } from '../../cloudfunctions/core/db/client';

export interface ColumnShape {
  table: string;
  column: string;
  /** format_type(): 'uuid', 'timestamp with time zone', 'text[]', … */
  type: string;
  notNull: boolean;
  hasDefault: boolean;
  identity: boolean;
}

/** Tables and columns of the current schema (bookkeeping table _migrations left out), sorted. */
export async function columnsOf(db: Db): Promise<ColumnShape[]> {
  return rows<ColumnShape>(
    db,
    sql`SELECT c.relname AS "table", a.attname AS "column", format_type(a.atttypid, a.atttypmod) AS type,
               a.attnotnull AS "notNull", a.atthasdef AS "hasDefault", a.attidentity <> '' AS identity
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
          AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> '_migrations'
        ORDER BY 1, 2`,
  );
}

/**
 * Everything a migration can shape, as comparable text: columns (with defaults), constraints, indexes, sequences,
 * functions, triggers and table options. Schema names are stripped so two schemas compare equal.
 */
export async function schemaDump(db: Db): Promise<string[]> {
  const [{ schema }] = await rows<{ schema: string }>(db, sql`SELECT current_schema() AS schema`);
  const strip = (s: string) => s.split(`${schema}.`).join('');
  const out: string[] = [];
  for (const r of await rows<{ line: string }>(
    db,
    sql`SELECT format('column %s.%s %s%s default=%s identity=%s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
                      CASE WHEN a.attnotnull THEN ' not null' ELSE '' END, pg_get_expr(d.adbin, d.adrelid), a.attidentity) AS line
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
      UNION ALL
      SELECT format('constraint %s.%s %s', c.relname, k.conname, pg_get_constraintdef(k.oid))
        FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid WHERE c.relnamespace = current_schema()::regnamespace
      UNION ALL
      SELECT format('index %s', indexdef) FROM pg_indexes WHERE schemaname = current_schema()
      UNION ALL
      SELECT format('relation %s kind=%s options=%s', relname, relkind, reloptions::text) FROM pg_class
        WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'p', 'S', 'v', 'm')
      UNION ALL
      SELECT format('function %s(%s) %s', p.proname, pg_get_function_arguments(p.oid), md5(p.prosrc)) FROM pg_proc p
        WHERE p.pronamespace = current_schema()::regnamespace
      UNION ALL
      SELECT format('trigger %s.%s %s', c.relname, t.tgname, pg_get_triggerdef(t.oid)) FROM pg_trigger t
        JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal`,
  ))
    out.push(strip(r.line));
  return out.sort();
}
