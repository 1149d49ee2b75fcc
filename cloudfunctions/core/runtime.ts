import path from 'node:path';
import type { Db } from './db/client';
import { openDatabase } from './db/client';
import { systemClock, type Clock } from './clock';
import { loadSessionSecret } from './auth/session';
import { wecomExchangeFromEnv, type WecomCodeExchange } from './auth/wecom';
import { writeBudgetFromEnv, type WriteBudget } from './auth/budget';

/** What every call needs from its host: the database, the clock and the session secret. */
export interface Runtime {
  db: Db;
  clock: Clock;
  secret: Uint8Array | null;
  /** WeCom code exchange; null where WeCom login is not configured (local runs use dev login). */
  wecom?: WecomCodeExchange | null;
  /** Per-person budget of state-changing calls; null = off; omitted = PU_WRITE_BUDGET (default 30 per 10 s). */
  writeBudget?: WriteBudget | null;
}

/** The write budget a runtime enforces. */
export const writeBudgetOf = (runtime: Runtime): WriteBudget | null => (runtime.writeBudget === undefined ? writeBudgetFromEnv() : runtime.writeBudget);

let current: Promise<Runtime> | null = null;

/** Hosts (gateway, tests, benchmarks) install their runtime; a cloud function opens one from its environment. */
export function configureRuntime(runtime: Runtime): void {
  current = Promise.resolve(runtime);
}

export function resetRuntime(): void {
  current = null;
}

export function dataDir(): string {
  return process.env.PU_DATA_DIR ?? path.resolve('.data');
}

async function fromEnvironment(): Promise<Runtime> {
  const url = process.env.DATABASE_URL;
  if (!url && process.env.NODE_ENV === 'production') throw new Error('DATABASE_URL is required in production');
  const { db } = await openDatabase(url ? { url } : { dataDir: path.join(dataDir(), 'pglite') });
  const secret = process.env.SESSION_SECRET || process.env.NODE_ENV !== 'production' ? loadSessionSecret(dataDir()) : null;
  return { db, clock: systemClock, secret, wecom: wecomExchangeFromEnv() };
}

export function getRuntime(): Promise<Runtime> {
  if (!current) {
    current = fromEnvironment();
    current.catch(() => (current = null));
  }
  return current;
}
