import { fork } from 'node:child_process';
import path from 'node:path';

/** One request of a load run: to /api/<fn> as the holder of `token`, sent `atMs` after the start (0 = at once). */
export interface LoadRequest {
  fn: string;
  token: string;
  action: string;
  input: unknown;
  atMs?: number;
}
export interface LoadPlan {
  url: string;
  /** at most this many requests in flight (also the agent's socket limit) */
  width: number;
  requests: LoadRequest[];
  /**
   * Sent first, `width` at a time, and not measured: the members' screens loading before the release (their
   * connections open, the gateway's code paths warm), as in a real rush where the app is open at the start.
   */
  warmUp?: LoadRequest[];
}
export interface LoadResult {
  latencies: number[];
  codes: string[];
  seconds: number;
  /** When each request was sent, ms after the start. */
  sentAt: number[];
}

/**
 * Runs a load plan from a separate process (load-worker.ts) against a gateway started by this one, so the
 * measured server does not also pay for generating its load.
 */
export function runLoad(plan: LoadPlan): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'load-worker.ts'), [], { execArgv: ['--import', 'tsx'], serialization: 'advanced' });
    let result: LoadResult | null = null;
    child.on('message', (m) => (result = m as LoadResult));
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`load generator exited with ${code}`))));
    child.send(plan);
  });
}

/** Outcome codes and their counts. */
export const tally = (codes: string[]) => {
  const m = new Map<string, number>();
  for (const c of codes) m.set(c, (m.get(c) ?? 0) + 1);
  return Object.fromEntries(m);
};
