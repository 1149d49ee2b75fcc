import { rows, sql, type Db } from '../db/client';
import { audit } from '../audit';
import { shanghai } from '../clock';
import { balanceOf, postPoints } from './points';

/**
 * Yearly expiry of points: points earned in calendar year Y (Shanghai) expire at the end of year Y + keepYears
 * (`PU_POINTS_KEEP_YEARS`, default 1: earned in 2025, gone after 31 Dec 2026). Spending uses the oldest points first,
 * so what expires of year Y is what was earned up to the end of Y less everything debited (spent, deducted, expired
 * before) up to the cutoff. It is taken by one `expiry` entry per person and year (key `expiry:<Y>`, through
 * `points_post_v1`): the ledger stays append-only, a rerun posts nothing twice, and an entry never takes more than
 * the balance.
 */
export interface ExpiryRule {
  keepYears: number;
}

export function expiryRule(env: NodeJS.ProcessEnv = process.env): ExpiryRule {
  const raw = env.PU_POINTS_KEEP_YEARS?.trim();
  const n = raw ? Number(raw) : 1;
  return { keepYears: Number.isInteger(n) && n >= 0 && n <= 10 ? n : 1 };
}

const yearStart = (year: number) => new Date(`${year}-01-01T00:00:00+08:00`);

/** The moment points earned in `year` expire. */
export const expiryCutoff = (year: number, rule: ExpiryRule) => yearStart(year + rule.keepYears + 1);

/** The latest earning year whose points have expired by `now`. */
export const dueYear = (now: Date, rule: ExpiryRule) => shanghai(now).year() - rule.keepYears - 1;

export interface ExpiryReport {
  year: number;
  expired: number;
  people: number;
}

/** Post the expiry of year `year`'s points for everyone who still holds some; each person in one transaction. */
export async function expirePoints(db: Db, year: number, now: Date, rule: ExpiryRule = expiryRule()): Promise<ExpiryReport> {
  const cutoff = expiryCutoff(year, rule);
  const report: ExpiryReport = { year, expired: 0, people: 0 };
  if (now < cutoff) return report;
  const due = await rows<{ person_id: string; union_id: string; due: string | number }>(
    db,
    sql`SELECT person_id,
               (array_agg(union_id ORDER BY created_at DESC) FILTER (WHERE delta > 0 AND created_at < ${yearStart(year + 1).toISOString()}))[1] AS union_id,
               COALESCE(sum(delta) FILTER (WHERE delta > 0 AND created_at < ${yearStart(year + 1).toISOString()}), 0)
               + COALESCE(sum(delta) FILTER (WHERE delta < 0 AND created_at < ${cutoff.toISOString()}), 0) AS due
          FROM points_entries GROUP BY person_id
        HAVING COALESCE(sum(delta) FILTER (WHERE delta > 0 AND created_at < ${yearStart(year + 1).toISOString()}), 0)
               + COALESCE(sum(delta) FILTER (WHERE delta < 0 AND created_at < ${cutoff.toISOString()}), 0) > 0`,
  );
  for (const d of due) {
    const posted = await db.transaction(async (tx) => {
      const take = Math.min(Number(d.due), await balanceOf(tx, d.person_id));
      if (take <= 0) return 0;
      const r = await postPoints(tx, {
        personId: d.person_id,
        unionId: d.union_id,
        delta: -take,
        kind: 'expiry',
        reason: `${year} 年获得的积分已到期`,
        actorId: null,
        key: `expiry:${year}`,
        now,
      });
      if (r.outcome !== 'POSTED') return 0;
      await audit(tx, {
        actorId: null,
        action: 'perks.pointsExpiry',
        unionId: d.union_id,
        targetType: 'person',
        targetId: d.person_id,
        detail: { year, points: take },
      });
      return take;
    });
    if (posted > 0) {
      report.expired += posted;
      report.people += 1;
    }
  }
  return report;
}

/** The timer's work: expire the year now due (rerunning it daily is harmless). */
export const runPointsExpiry = (db: Db, now: Date, rule: ExpiryRule = expiryRule()) =>
  expirePoints(db, dueYear(now, rule), now, rule);
