import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { AppError } from '../errors';
import type { ActionDef } from '../action';
import type { Caller } from './caller';

/**
 * Per-caller budget of state-changing calls, so one person's flood cannot slow everyone else.
 * The state lives in the database (`request_budgets`, migration 0630) because functions are stateless;
 * `pu_take_budget(key, limit, window_seconds)` takes one unit in ONE statement and answers whether the
 * caller is still within budget. Read-only actions (`readOnly: true`) are not counted.
 */
export interface WriteBudget {
  /** Calls allowed per window. */
  limit: number;
  windowSeconds: number;
}

export const DEFAULT_WRITE_BUDGET: WriteBudget = { limit: 30, windowSeconds: 10 };

/** PU_WRITE_BUDGET="<calls>/<seconds>" (default 30/10); "off" turns the budget off (benchmarks, load tests). */
export function writeBudgetFromEnv(env: NodeJS.ProcessEnv = process.env): WriteBudget | null {
  const v = env.PU_WRITE_BUDGET?.trim();
  if (!v) return DEFAULT_WRITE_BUDGET;
  if (v === 'off') return null;
  const m = /^(\d+)\/(\d+)$/.exec(v);
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1)
    throw new Error(`PU_WRITE_BUDGET should read <calls>/<seconds> or off, not "${v}"`);
  return { limit: Number(m[1]), windowSeconds: Number(m[2]) };
}

/** Whose budget a call spends: the person, else the WeChat user not yet on the platform; anonymous calls have none. */
export const personBudgetKey = (personId: string): string => `p:${personId}`;
export const budgetKey = (caller: Caller): string | null =>
  caller.personId ? personBudgetKey(caller.personId) : caller.openid ? `o:${caller.openid}` : null;

/** The budget as an SQL expression (boolean), for a hot action that folds it into its own single statement. */
export const takeBudgetSql = (key: string, budget: WriteBudget): SQL =>
  sql`pu_take_budget(${key}, ${budget.limit}::int, ${budget.windowSeconds}::int)`;

export const rateLimited = (budget: WriteBudget) =>
  new AppError(
    'RATE_LIMITED',
    `操作过于频繁，请 ${budget.windowSeconds} 秒后再试（每 ${budget.windowSeconds} 秒最多提交 ${budget.limit} 次）`,
  );

/**
 * Spend one unit of the caller's budget on a state-changing action, or refuse with RATE_LIMITED.
 * Runs as its own statement before the action's transaction, so refused and failed calls count too.
 */
export async function takeBudget(
  db: Db,
  budget: WriteBudget | null,
  def: Pick<ActionDef, 'readOnly' | 'budget'>,
  caller: Caller,
): Promise<void> {
  if (!budget || def.readOnly || def.budget === 'inline') return;
  const key = budgetKey(caller);
  if (!key) return;
  const [r] = await rows<{ ok: boolean }>(db, sql`SELECT ${takeBudgetSql(key, budget)} AS ok`);
  if (!r.ok) throw rateLimited(budget);
}
