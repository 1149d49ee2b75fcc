import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';

/** A platform answer that an administrator has to fix (egress IP not trusted, wrong secret, missing permission). */
export interface PlatformProblem {
  platform: 'wecom' | 'wechat';
  /** corp id or app id: never a secret or a token */
  account: string;
  api: string;
  errcode: number;
  hint: string;
}

const pending: PlatformProblem[] = [];

/**
 * Noted while a call runs (inside its transaction, which may roll back); `recordPlatformProblems` writes them after
 * the call on the runtime's database, so a failed sign-in still leaves its setup problem for the administrator.
 */
export function reportPlatformProblem(p: PlatformProblem): void {
  if (pending.length < 100) pending.push(p);
}

export const hasPlatformProblems = () => pending.length > 0;

/** One row per (platform, account, api, errcode): first and last time seen, how often. */
export async function recordPlatformProblems(db: Db, now: Date): Promise<void> {
  const batch = pending.splice(0);
  for (const p of batch)
    await db.execute(sql`INSERT INTO platform_problems (platform, account, api, errcode, hint, first_at, last_at, times)
        VALUES (${p.platform}, ${p.account}, ${p.api}, ${p.errcode}, ${p.hint}, ${now}, ${now}, 1)
        ON CONFLICT (platform, account, api, errcode)
        DO UPDATE SET last_at = excluded.last_at, times = platform_problems.times + 1, hint = excluded.hint, resolved_at = NULL`);
}
