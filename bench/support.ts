import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { startGateway } from '../cloudfunctions/gateway/server';
import { issueSession, loadSessionSecret } from '../cloudfunctions/core/auth/session';
import { openDatabase, rows, type Db } from '../cloudfunctions/core/db/client';
import { createScratchDatabase } from '../tests/support/scratch-database';
import type { ServiceRules } from '@shared/contracts/booking';

/**
 * The rush service both booking benches publish: next week, Thursday and Friday 08:00–16:20 in 5-minute
 * slots of one place = 200 slots, one booking per member per week.
 */
export const RUSH_RULES: ServiceRules = {
  slotMinutes: 5,
  capacity: 1,
  releaseWeekday: 1,
  releaseTime: '12:00',
  releaseWeeksAhead: 1,
  weeklyLimit: 1,
  cancelMinutesBefore: 60,
  noShowLimit: 2,
  noShowWindowDays: 30,
  suspendDays: 14,
  template: [4, 5].map((weekday) => ({ weekday, start: '08:00', end: '16:20' })),
};

/** Small helpers the benchmarks share: percentiles and peak memory sampling. */
export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  const i = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[i];
}

export function summarize(latenciesMs: number[]) {
  const s = [...latenciesMs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1] };
}

/** Samples RSS every 20 ms while `fn` runs; returns its result and the peak in MiB. */
export async function withPeakMemory<T>(fn: () => Promise<T>): Promise<{ result: T; peakMiB: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakMiB: Math.round(peak / 1048576) };
  } finally {
    clearInterval(timer);
  }
}

/** A function's reply over HTTP, as the gateway sends it. */
export type Reply = { ok: boolean; data?: any; error?: { code: string; message: string } };

/** The local gateway a benchmark drives over HTTP, on a scratch database, with dev sessions for anyone. */
export interface BenchHost {
  db: Db;
  url: string;
  /** 'pglite' or 'postgres' */
  engine: string;
  dataDir: string;
  /** The dev session of a person (made once; warm them up before timing). */
  token(personId: string): Promise<string>;
  post(fn: string, personId: string, action: string, input: unknown): Promise<Reply>;
  /** `post`, throwing on a refusal; returns `data`. */
  ok(fn: string, personId: string, action: string, input: unknown): Promise<any>;
}

/**
 * Runs `fn` against a freshly seeded gateway in a temp data dir: PGlite by default, or a scratch database
 * on BENCH_DATABASE_URL (dropped afterwards). Everything is removed when `fn` ends.
 */
export async function withGateway<T>(
  name: string,
  opts: { poolSize?: number; staticDir?: string },
  fn: (host: BenchHost) => Promise<T>,
): Promise<T> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `pu-bench-${name}-`));
  const prevDir = process.env.PU_DATA_DIR;
  process.env.PU_DATA_DIR = dataDir;
  const url = process.env.BENCH_DATABASE_URL;
  const scratch = url ? await createScratchDatabase(url, `pu_bench_${name.replace(/\W/g, '_').toLowerCase()}`) : undefined;
  const database = scratch ? await openDatabase({ url: scratch.url, poolSize: opts.poolSize ?? 30 }) : undefined;
  const gw = await startGateway({ port: 0, dataDir, seed: true, staticDir: opts.staticDir, ...(database ? { database } : {}) });
  const secret = loadSessionSecret(dataDir);
  const tokens = new Map<string, string>();
  const token = async (personId: string) => {
    if (!tokens.has(personId)) tokens.set(personId, await issueSession(secret, { personId, kind: 'dev', version: 0 })); // fresh seed: every session version is 0
    return tokens.get(personId)!;
  };
  const post = async (fnName: string, personId: string, action: string, input: unknown): Promise<Reply> => {
    const res = await fetch(`${gw.url}/api/${fnName}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(personId)}` },
      body: JSON.stringify({ action, input }),
    });
    return (await res.json()) as Reply;
  };
  const host: BenchHost = {
    db: gw.database.db,
    url: gw.url,
    engine: gw.database.kind,
    dataDir,
    token,
    post,
    async ok(fnName, personId, action, input) {
      const body = await post(fnName, personId, action, input);
      if (!body.ok) throw new Error(`${action}: ${body.error?.code} ${body.error?.message}`);
      return body.data;
    },
  };
  try {
    return await fn(host);
  } finally {
    await gw.close();
    await database?.close();
    await scratch?.drop();
    if (prevDir === undefined) delete process.env.PU_DATA_DIR;
    else process.env.PU_DATA_DIR = prevDir;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Adds `count` active members to a union in one statement; returns their person ids. */
export async function addActiveMembers(
  db: Db,
  unionId: string,
  count: number,
  namePrefix: string,
  memberNoPrefix: string,
): Promise<string[]> {
  const made = await rows<{ id: string }>(
    db,
    sql`WITH p AS (INSERT INTO people (name) SELECT ${namePrefix} || g FROM generate_series(1, ${count}) g RETURNING id)
        INSERT INTO members (person_id, union_id, member_no, status, joined_at)
        SELECT id, ${unionId}, ${memberNoPrefix} || replace(gen_random_uuid()::text, '-', ''), 'active', now() FROM p RETURNING person_id AS id`,
  );
  return made.map((r) => r.id);
}

/** Runs `fn(0..n-1)` with at most `width` calls in flight; results in index order. */
export async function pool<T>(n: number, width: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, n) }, async () => {
      for (let i = next++; i < n; i = next++) out[i] = await fn(i);
    }),
  );
  return out;
}

/**
 * The ceiling every rush is compared with: plain single-row `UPDATE t SET n = n + 1 WHERE id = $1` on the same
 * database (one statement, one implicit transaction each), `n` of them with `width` in flight, from this process
 * while no HTTP load runs. Returns updates per second.
 */
export async function updateCeiling(
  db: Db,
  n: number,
  width: number,
  rowsCount = 200,
): Promise<{ perSec: number; p50: number; p99: number }> {
  const table = `bench_plain_rows_${crypto.randomBytes(3).toString('hex')}`;
  await db.execute(sql.raw(`CREATE TABLE ${table} (id int PRIMARY KEY, n int NOT NULL DEFAULT 0)`));
  await db.execute(sql.raw(`INSERT INTO ${table} (id) SELECT g FROM generate_series(1, ${rowsCount}) g`));
  const lat: number[] = [];
  const t0 = performance.now();
  await pool(n, width, async (i) => {
    const t = performance.now();
    await db.execute(sql`UPDATE ${sql.raw(table)} SET n = n + 1 WHERE id = ${(i % rowsCount) + 1}`);
    lat.push(performance.now() - t);
  });
  const perSec = n / ((performance.now() - t0) / 1000);
  await db.execute(sql.raw(`DROP TABLE ${table}`));
  const s = summarize(lat);
  return { perSec, p50: s.p50, p99: s.p99 };
}

/** The machine's load when a run starts (the bench shares it with whatever else runs). */
export const loadAverage = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

/**
 * The common lines of a rush report: the run, the same-run UPDATE ceiling (before, after, mean), calls per second as
 * a ratio to that mean, latency and outcomes. Each bench prints its own invariant check after it.
 */
export function reportRush(r: {
  run: string;
  calls: number;
  what: string;
  rush: { seconds: number; latencies: number[] };
  before: { perSec: number };
  after: { perSec: number };
  codes: Record<string, number>;
}): void {
  const s = summarize(r.rush.latencies);
  const ceiling = (r.before.perSec + r.after.perSec) / 2;
  const callsPerSec = r.calls / r.rush.seconds;
  console.log(r.run);
  console.log(
    `  plain single-row UPDATE ceiling: before ${r.before.perSec.toFixed(0)}/s, after ${r.after.perSec.toFixed(0)}/s, mean ${ceiling.toFixed(0)}/s`,
  );
  console.log(
    `  ${r.what} calls/s ${callsPerSec.toFixed(0)}  (rush over in ${r.rush.seconds.toFixed(2)} s)  ratio to the mean ceiling ${(callsPerSec / ceiling).toFixed(3)}`,
  );
  console.log(`  latency p50 ${s.p50.toFixed(1)} ms  p99 ${s.p99.toFixed(1)} ms  max ${s.max.toFixed(1)} ms`);
  console.log(`  outcomes ${JSON.stringify(r.codes)}`);
}
