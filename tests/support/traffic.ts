import type { Db } from '../../cloudfunctions/core/db/client';
import type { ActionInput, ActionName, ActionOutput, ApiResponse } from '@shared/contracts';
import type { Harness } from './harness';

export interface Traffic<T> {
  result: T;
  /** Statements sent: raw SQL and query-builder selects. */
  statements: number;
  /** Statements that failed in the driver (a refusal raised by the database). */
  raised: number;
  transactions: number;
  /** The raw SQL text of each statement, parameters as `?`. */
  sql: string[];
}

/** Counts what `fn` sends to the database: statements, statements that failed (raised), transactions opened. */
export async function traffic<T>(database: Db, fn: () => Promise<T>): Promise<Traffic<T>> {
  const db = database;
  const [execute, transaction, select] = [db.execute, db.transaction, db.select];
  const seen = { statements: 0, raised: 0, transactions: 0, sql: [] as string[] };
  db.execute = (async (...args: Parameters<typeof execute>) => {
    seen.statements++;
    const q = args[0] as unknown as { queryChunks?: ({ value?: string[] } | null)[] };
    seen.sql.push((q.queryChunks ?? []).map((c) => (c && Array.isArray(c.value) ? c.value.join('') : '?')).join(''));
    try {
      return await execute.apply(db, args);
    } catch (e) {
      seen.raised++;
      throw e;
    }
  }) as typeof db.execute;
  db.select = ((...args: Parameters<typeof select>) => {
    seen.statements++;
    return select.apply(db, args);
  }) as typeof db.select;
  db.transaction = ((...args: Parameters<typeof transaction>) => {
    seen.transactions++;
    return transaction.apply(db, args);
  }) as typeof db.transaction;
  try {
    return { result: await fn(), ...seen };
  } finally {
    db.execute = execute;
    db.transaction = transaction;
    db.select = select;
  }
}

/**
 * Every call pays one statement before its own work: the caller lookup (person, session version, roles) — except
 * the `session: 'inline'` actions (booking.book, congress.castBallot), whose one statement checks the caller itself.
 */
export const IDENTITY_LOOKUP = 1;

/**
 * `h.call` as a signed-in client makes it, with the session token fetched beforehand, so that what `traffic`
 * counts is the call alone and not the harness's own token bookkeeping.
 */
export type SignedCall = <A extends ActionName>(action: A, input: ActionInput<A>) => Promise<ApiResponse<ActionOutput<A>>>;

export async function signedIn(h: Harness, personId: string): Promise<SignedCall> {
  const token = await h.tokenFor(personId);
  return (action, input) => h.callWithToken(token, action, input);
}
