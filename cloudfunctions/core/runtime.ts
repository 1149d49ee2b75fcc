import path from 'node:path';
import type { Db } from './db/client';
import { openDatabase, poolSize } from './db/client';
import { systemClock, type Clock } from './clock';
import { loadSessionSecret } from './auth/session';
import { wecomExchangeFromEnv, wecomWebFromEnv, type WecomCodeExchange, type WecomWeb } from './auth/wecom';
import { writeBudgetFromEnv, type WriteBudget } from './auth/budget';
import { assertProductionEnvironment, dataDir, useDataDir } from './local-data';
import { assertPlatformKey } from './platform/platform-key';

/** What every call needs from its host: the database, the clock and the session secret. */
export interface Runtime {
  db: Db;
  clock: Clock;
  secret: Uint8Array | null;
  /** WeCom code exchange; null where WeCom login is not configured (local runs use dev login). */
  wecom?: WecomCodeExchange | null;
  /** WeCom web sign-in (OAuth2) and JS-SDK signing for h5; null/omitted where not configured. */
  wecomWeb?: WecomWeb | null;
  /** Per-person budget of state-changing calls; null = off; omitted = PU_WRITE_BUDGET (default 30 per 10 s). */
  writeBudget?: WriteBudget | null;
  /** The folder every local file of this process goes to (uploads, generated keys); default PU_DATA_DIR or ./.data. */
  dataDir?: string;
}

/** The write budget a runtime enforces. */
export const writeBudgetOf = (runtime: Runtime): WriteBudget | null =>
  runtime.writeBudget === undefined ? writeBudgetFromEnv() : runtime.writeBudget;

let current: Promise<Runtime> | null = null;

/** Hosts (gateway, tests, benchmarks) install their runtime; a cloud function opens one from its environment. */
export function configureRuntime(runtime: Runtime): void {
  useDataDir(runtime.dataDir ?? null);
  current = Promise.resolve(runtime);
}

export function resetRuntime(): void {
  useDataDir(null);
  current = null;
}

export { dataDir };

/** A function instance's cold start: production takes everything from its environment and writes nothing locally. */
async function fromEnvironment(): Promise<Runtime> {
  assertProductionEnvironment();
  const url = process.env.DATABASE_URL;
  // Each warm instance keeps its own pool: small by default (PU_DB_POOL_SIZE), a pooler in front does the rest.
  const { db } = await openDatabase(url ? { url, poolSize: poolSize(3) } : { dataDir: path.join(dataDir(), 'pglite') });
  await assertPlatformKey(db);
  return { db, clock: systemClock, secret: loadSessionSecret(), wecom: wecomExchangeFromEnv(), wecomWeb: wecomWebFromEnv() };
}

export function getRuntime(): Promise<Runtime> {
  if (!current) {
    current = fromEnvironment();
    current.catch(() => (current = null));
  }
  return current;
}
