import { rows, sql, type Db } from './db/client';
import { postPoints } from './points-ledger';

/**
 * Points earned by rules, posted through `points_post_v1` (one entry per person and key):
 * - voting in a congress vote: posted at the close, in the close's transaction, to every delegate on the turnout
 *   (who voted is public; what they voted is not). Never at the cast: an entry written with the ballot would share
 *   its transaction and moment with the box row and could tie the person to the ballot. All entries of a close carry
 *   the same time and are written in person-id order, so nothing in them follows the order of the casts.
 * - attending a booking: posted when the staff check the member in (签到).
 * Amounts: `PU_POINTS_VOTE` and `PU_POINTS_BOOKING` (defaults 5 and 2; 0 turns a rule off).
 */
export interface PointsRules {
  vote: number;
  booking: number;
}

const amount = (raw: string | undefined, fallback: number) => {
  const n = raw?.trim() ? Number(raw) : fallback;
  return Number.isInteger(n) && n >= 0 && n <= 10000 ? n : fallback;
};

export const pointsRules = (env: NodeJS.ProcessEnv = process.env): PointsRules => ({
  vote: amount(env.PU_POINTS_VOTE, 5),
  booking: amount(env.PU_POINTS_BOOKING, 2),
});

/** At a vote's close: the points of everyone on its turnout. Returns how many were posted. */
export async function postVotePoints(
  tx: Db,
  vote: { id: string; title: string; unionId: string },
  now: Date,
  rules = pointsRules(),
): Promise<number> {
  if (rules.vote <= 0) return 0;
  const voters = await rows<{ delegate_id: string }>(
    tx,
    sql`SELECT delegate_id FROM congress_turnout WHERE vote_id = ${vote.id} ORDER BY delegate_id`,
  );
  let posted = 0;
  for (const v of voters) {
    const r = await postPoints(tx, {
      personId: v.delegate_id,
      unionId: vote.unionId,
      delta: rules.vote,
      kind: 'grant',
      reason: `参加大会表决：${vote.title}`.slice(0, 200),
      actorId: null,
      key: `vote:${vote.id}`,
      now,
    });
    if (r.outcome === 'POSTED') posted += 1;
  }
  return posted;
}

/** At a booking's check-in: the member's attendance points (once per booking). */
export async function postBookingPoints(
  tx: Db,
  b: { id: string; personId: string; unionId: string; service: string },
  actorId: string | null,
  now: Date,
  rules = pointsRules(),
): Promise<void> {
  if (rules.booking <= 0) return;
  await postPoints(tx, {
    personId: b.personId,
    unionId: b.unionId,
    delta: rules.booking,
    kind: 'grant',
    reason: `预约服务到场：${b.service}`.slice(0, 200),
    actorId,
    key: `booking:${b.id}`,
    now,
  });
}
