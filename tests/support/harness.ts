import { configureRuntime, resetRuntime } from '../../cloudfunctions/core/runtime';
import { issueSession } from '../../cloudfunctions/core/auth/session';
import { seedDemo } from '../../cloudfunctions/core/db/seed';
import type { SeedBase } from '../../cloudfunctions/core/db/seed-base';
import { functions } from '../../cloudfunctions/gateway/functions';
import { functionOf, type ActionInput, type ActionName, type ActionOutput, type ApiResponse } from '@shared/contracts';
import { freshDatabase, type TestDatabase } from './db';
import type { WriteBudget } from '../../cloudfunctions/core/auth/budget';
import { rows } from '../../cloudfunctions/core/db/client';
import { sql } from 'drizzle-orm';

export interface Harness {
  database: TestDatabase;
  base: SeedBase;
  /** Current server time; tests move it with `setNow`. */
  now: Date;
  setNow(d: Date | string): void;
  /** Call an action through its cloud function entry, as `personId` (null = anonymous). */
  call<A extends ActionName>(personId: string | null, action: A, input: ActionInput<A>): Promise<ApiResponse<ActionOutput<A>>>;
  /** Same, but unwraps `data` and throws with the error code on failure. */
  ok<A extends ActionName>(personId: string | null, action: A, input: ActionInput<A>): Promise<ActionOutput<A>>;
  /** The session token the harness currently uses for a person (signed under their current session version). */
  tokenFor(personId: string): Promise<string>;
  /** Call with an explicit session token (e.g. one kept from before a revocation). */
  callWithToken<A extends ActionName>(token: string, action: A, input: ActionInput<A>): Promise<ApiResponse<ActionOutput<A>>>;
  /** Raw event to a function (for malformed-request tests). */
  raw(fn: string, event: unknown, personId?: string | null): Promise<ApiResponse<unknown>>;
  close(): Promise<void>;
}

const SECRET = new TextEncoder().encode('test-secret-test-secret-test-secret');

/** A fresh database with the demo federation seeded, and a way to call every function as anyone. */
export async function createHarness(opts: { seed?: boolean; now?: Date; writeBudget?: WriteBudget } = {}): Promise<Harness> {
  const database = await freshDatabase();
  const h = {
    database,
    base: undefined as unknown as SeedBase,
    now: opts.now ?? new Date(),
  } as Harness;
  h.setNow = (d) => {
    h.now = new Date(d);
  };
  // The per-person write budget counts real seconds: off unless a test asks for it, so a slow machine
  // cannot turn a long scripted flow by one person into RATE_LIMITED (tests/identity/budget.test.ts turns it on).
  configureRuntime({ db: database.db, clock: () => h.now, secret: SECRET, writeBudget: opts.writeBudget ?? null });
  if (opts.seed !== false) h.base = await seedDemo(database.db, h.now);
  // Like a client that signs in again when its session was revoked: a token per (person, session version).
  const tokens = new Map<string, string>();
  const tokenOf = async (personId: string | null | undefined) => {
    if (!personId) return undefined;
    const [p] = await rows<{ v: number }>(database.db, sql`SELECT session_version AS v FROM people WHERE id = ${personId}`);
    const version = Number(p?.v ?? 0);
    const key = `${personId}:${version}`;
    if (!tokens.has(key)) tokens.set(key, await issueSession(SECRET, { personId, kind: 'dev', version }));
    return tokens.get(key);
  };
  h.tokenFor = async (personId) => (await tokenOf(personId))!;
  h.callWithToken = async (token, action, input) => {
    const main = functions[functionOf(action)];
    return (await main({ action, input }, { local: true, sessionToken: token })) as never;
  };
  h.raw = async (fn, event, personId) => {
    const main = functions[fn];
    if (!main) throw new Error(`no function ${fn}`);
    return (await main(event, { local: true, sessionToken: await tokenOf(personId) })) as ApiResponse<unknown>;
  };
  h.call = async (personId, action, input) => (await h.raw(functionOf(action), { action, input }, personId)) as never;
  h.ok = async (personId, action, input) => {
    const res = await h.call(personId, action, input);
    if (!res.ok)
      throw Object.assign(new Error(`${action} failed: ${res.error.code} ${res.error.message}`), { code: res.error.code });
    return res.data;
  };
  h.close = async () => {
    resetRuntime();
    await database.close();
  };
  return h;
}
