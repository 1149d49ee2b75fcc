import crypto from 'node:crypto';
import { Client } from 'pg';

export interface ScratchDatabase {
  /** The connection URL of the new database (same server, user and options as the one given). */
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function onServer(url: string, statement: string): Promise<void> {
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/**
 * A private database on the server behind `url`, for one test file or benchmark. A database, not a schema
 * chosen per connection (`-c search_path`), because PgBouncer in transaction mode does not forward
 * connection options: the same URL works directly and through the pooler (its `*` entry).
 */
export async function createScratchDatabase(url: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${crypto.randomBytes(6).toString('hex')}`;
  await onServer(url, `CREATE DATABASE "${name}"`);
  const scratch = new URL(url);
  scratch.pathname = `/${name}`;
  return {
    url: scratch.toString(),
    name,
    // FORCE: a pooler may still hold server connections to it.
    drop: () => onServer(url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined),
  };
}
