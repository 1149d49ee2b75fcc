import { codeQr } from '../qr';
import { xlsxTable, type XlsxColumn } from '../xlsx-out';
import type { z } from 'zod';
import type {
  ActivityDetail,
  ActivityFieldInput,
  ActivitySummary,
  LotteryList,
  MySignup,
  SignupRow,
  SignupStatus,
  perksContracts,
} from '@shared/contracts/perks';
import { signupStatusNames } from '@shared/contracts/perks';
import type { Role } from '@shared/contracts/unions';
import type { Access } from '../auth/access';
import { unionRef } from '../auth/access';
import { rows, sql, type Db } from '../db/client';
import { AppError, errors, pgErrorCode } from '../errors';
import { iso } from '../clock';
import { notify, notifyMany } from '../notices/store';
import { newCode } from '../readable-code';
import { confirmedInOrder, drawOrder, newSeed, seedHash } from './lottery';
import { activityQuotas, quotaOf, recountQuotas, releaseQuotaPlace, saveQuotas, takeQuotaPlace } from './quotas';
import { PERK_OFFICERS } from './coupons';
import { postPoints } from './points';

/**
 * Activities (活动报名): publishing one (with the lottery's commitment), who may see and join it, signing up and
 * cancelling (a freed place goes down the waitlist with a notice), the draw, check-in by code (with its points),
 * the officer's list and figures. The one place where an activity row becomes a contract type.
 */
export const ACTIVITY_MANAGERS = PERK_OFFICERS;
/** Who checks people in at the door: the managers and the union's service staff. */
export const DOORKEEPERS: Role[] = [...PERK_OFFICERS, 'service_staff'];

type PublishInput = z.output<(typeof perksContracts)['perks.publishActivity']['input']>;

interface ActivityRow {
  id: string;
  union_id: string;
  union_name: string;
  union_path: string;
  audience: 'members' | 'subtree';
  title: string;
  description: string | null;
  cover_url: string | null;
  place: string | null;
  online: boolean;
  starts_at: Date | string;
  ends_at: Date | string;
  capacity: number;
  signup_opens_at: Date | string;
  signup_closes_at: Date | string;
  mode: 'first_come' | 'lottery';
  fields: ActivityFieldInput[] | string;
  points_on_checkin: number;
  taken: number;
  seed: string;
  seed_hash: string;
  status: 'open' | 'drawn' | 'cancelled';
  signups: number | string;
  my_status: SignupStatus | null;
}

const activitySelect = (personId: string | null) => sql`
  SELECT a.*, u.short_name AS union_name, u.path AS union_path,
         (SELECT count(*) FROM activity_signups s WHERE s.activity_id = a.id AND s.status <> 'cancelled') AS signups,
         (SELECT s.status FROM activity_signups s WHERE s.activity_id = a.id AND s.person_id = ${personId} AND s.status <> 'cancelled') AS my_status
    FROM activities a JOIN unions u ON u.id = a.union_id`;

const summary = (a: ActivityRow): ActivitySummary => ({
  id: a.id,
  unionId: a.union_id,
  unionName: a.union_name,
  title: a.title,
  place: a.place,
  online: a.online,
  startsAt: iso(a.starts_at),
  endsAt: iso(a.ends_at),
  signupOpensAt: iso(a.signup_opens_at),
  signupClosesAt: iso(a.signup_closes_at),
  capacity: a.capacity,
  mode: a.mode,
  status: a.status,
  signups: Number(a.signups),
  myStatus: a.my_status,
});

async function loadActivity(tx: Db, activityId: string, personId: string | null, lock = false): Promise<ActivityRow> {
  if (lock) await tx.execute(sql`SELECT 1 FROM activities WHERE id = ${activityId} FOR UPDATE`);
  const [a] = await rows<ActivityRow>(tx, sql`${activitySelect(personId)} WHERE a.id = ${activityId}`);
  if (!a) throw errors.notFound('活动');
  if (typeof a.fields === 'string') a.fields = JSON.parse(a.fields) as ActivityFieldInput[];
  return a;
}

/** The union an activity belongs to (the scope of every action on it). */
export const activityUnion = async (tx: Db, activityId: string) => (await loadActivity(tx, activityId, null)).union_id;

const canManage = (access: Access, a: ActivityRow) => access.can(ACTIVITY_MANAGERS, { id: a.union_id, path: a.union_path });

/** The caller's active membership lies in the activity's audience. */
function eligible(access: Access, a: ActivityRow): { unionId: string; unionPath: string } | null {
  const m = access.grants.find((g) => g.role === 'member');
  if (!m) return null;
  const ok = a.audience === 'members' ? m.unionId === a.union_id : m.unionPath.startsWith(a.union_path);
  return ok ? { unionId: m.unionId, unionPath: m.unionPath } : null;
}

export async function publishActivity(tx: Db, actorId: string, input: PublishInput): Promise<string> {
  const publisher = await unionRef(tx, input.unionId);
  if (!publisher) throw errors.notFound('工会');
  if (Date.parse(input.signupClosesAt) > Date.parse(input.startsAt))
    throw new AppError('INVALID_INPUT', '报名截止应不晚于活动开始', { signupClosesAt: '应不晚于活动开始时间' });
  const seed = newSeed();
  const [a] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO activities (union_id, audience, title, description, cover_url, place, online, starts_at, ends_at, capacity,
                                signup_opens_at, signup_closes_at, mode, fields, points_on_checkin, seed, seed_hash, created_by)
        VALUES (${input.unionId}, ${input.audience}, ${input.title}, ${input.description ?? null}, ${input.coverUrl ?? null},
                ${input.place ?? null}, ${input.online}, ${input.startsAt}, ${input.endsAt}, ${input.capacity},
                ${input.signupOpensAt}, ${input.signupClosesAt}, ${input.mode}, ${JSON.stringify(input.fields)}::jsonb,
                ${input.pointsOnCheckin}, ${seed}, ${seedHash(seed)}, ${actorId})
        RETURNING id`,
  );
  await saveQuotas(tx, a.id, publisher, input.quotas);
  return a.id;
}

/** Activities the caller may join (own union's; a federation's above them for its subtree) or manages. */
export async function listActivities(tx: Db, access: Access, personId: string): Promise<ActivitySummary[]> {
  const m = access.grants.find((g) => g.role === 'member');
  const managed = access.grants.filter((g) => ACTIVITY_MANAGERS.includes(g.role));
  const manages = managed.length
    ? sql.join(
        managed.map((g) =>
          g.role === 'federation_admin' ? sql`u.path LIKE ${g.unionPath + '%'}` : sql`a.union_id = ${g.unionId}`,
        ),
        sql` OR `,
      )
    : sql`false`;
  const list = await rows<ActivityRow>(
    tx,
    sql`${activitySelect(personId)}
        WHERE a.status <> 'cancelled'
          AND ((a.audience = 'members' AND a.union_id = ${m?.unionId ?? null})
               OR (a.audience = 'subtree' AND ${m?.unionPath ?? null}::text LIKE u.path || '%')
               OR ${manages})
        ORDER BY a.starts_at DESC, a.id LIMIT 100`,
  );
  return list.map(summary);
}

interface SignupDbRow {
  id: string;
  status: SignupStatus;
  receipt: string;
  checkin_code: string;
  checked_in_at: Date | string | null;
  position: number | string | null;
}

/** The caller's live sign-up, with their place on the waitlist (by draw order, else by arrival). */
async function mySignup(tx: Db, activityId: string, personId: string): Promise<MySignup | null> {
  const [s] = await rows<SignupDbRow>(
    tx,
    sql`SELECT s.id, s.status, s.receipt, s.checkin_code, s.checked_in_at,
               CASE WHEN s.status = 'waitlisted' THEN
                 (SELECT count(*) FROM activity_signups w WHERE w.activity_id = s.activity_id AND w.status = 'waitlisted'
                     AND w.quota_union_id IS NOT DISTINCT FROM s.quota_union_id
                     AND (COALESCE(w.draw_rank, 0), w.seq) <= (COALESCE(s.draw_rank, 0), s.seq)) END AS position
          FROM activity_signups s WHERE s.activity_id = ${activityId} AND s.person_id = ${personId} AND s.status <> 'cancelled'`,
  );
  if (!s) return null;
  return {
    id: s.id,
    status: s.status,
    receipt: s.receipt,
    checkinCode: s.checkin_code,
    waitlistPosition: s.position == null ? null : Number(s.position),
    checkedIn: s.checked_in_at != null,
  };
}

/** The check-in code as a QR too, while it is still to be shown at the door. */
const withQr = async (m: MySignup | null): Promise<MySignup | null> =>
  m && m.status === 'confirmed' && !m.checkedIn ? { ...m, qr: await codeQr(m.checkinCode) } : m;

export async function activityDetail(tx: Db, access: Access, personId: string, activityId: string): Promise<ActivityDetail> {
  const a = await loadActivity(tx, activityId, personId);
  const manager = canManage(access, a);
  if (!manager && !eligible(access, a)) throw errors.notFound('活动');
  const [c] = await rows<{ confirmed: string | number; waitlisted: string | number; checked_in: string | number }>(
    tx,
    sql`SELECT count(*) FILTER (WHERE status = 'confirmed') AS confirmed, count(*) FILTER (WHERE status = 'waitlisted') AS waitlisted,
               count(*) FILTER (WHERE checked_in_at IS NOT NULL) AS checked_in
          FROM activity_signups WHERE activity_id = ${activityId}`,
  );
  return {
    ...summary(a),
    description: a.description,
    coverUrl: a.cover_url,
    fields: a.fields as ActivityFieldInput[],
    pointsOnCheckin: a.points_on_checkin,
    seedHash: a.seed_hash,
    seed: a.status === 'drawn' ? a.seed : null,
    confirmed: Number(c.confirmed),
    waitlisted: Number(c.waitlisted),
    checkedIn: Number(c.checked_in),
    mine: await withQr(await mySignup(tx, activityId, personId)),
    quotas: await activityQuotas(tx, activityId),
    canManage: manager,
  };
}

export async function signUp(
  tx: Db,
  access: Access,
  personId: string,
  input: { activityId: string; answers: Record<string, string> },
  now: Date,
): Promise<MySignup> {
  const a = await loadActivity(tx, input.activityId, personId);
  const member = eligible(access, a);
  if (!member)
    throw new AppError('NOT_ELIGIBLE', `该活动仅限${a.union_name}${a.audience === 'subtree' ? '及下级工会' : ''}的在册会员报名`);
  if (a.status !== 'open') throw new AppError('SIGNUP_CLOSED', '报名已结束');
  if (now < new Date(a.signup_opens_at)) throw new AppError('SIGNUP_NOT_OPEN', '报名尚未开始');
  if (now >= new Date(a.signup_closes_at)) throw new AppError('SIGNUP_CLOSED', '报名已结束');
  const fields = a.fields as ActivityFieldInput[];
  const answers: Record<string, string> = {};
  for (const f of fields) {
    const v = (input.answers[f.key] ?? '').trim();
    if (f.required && !v) throw new AppError('INVALID_INPUT', `请填写${f.label}`, { [`answers.${f.key}`]: `请填写${f.label}` });
    if (v) answers[f.key] = v;
  }
  if (a.my_status) throw new AppError('ALREADY_SIGNED_UP', '您已报名该活动');
  const share = await quotaOf(tx, a.id, member.unionPath);
  if (!share) throw new AppError('NOT_ELIGIBLE', '该活动的名额已分配给指定的工会，您所在的工会没有名额');
  let status: SignupStatus = 'applied';
  if (a.mode === 'first_come') status = (await takePlace(tx, a.id, share.quota)) ? 'confirmed' : 'waitlisted';
  try {
    await tx.execute(
      sql`INSERT INTO activity_signups (activity_id, person_id, union_id, quota_union_id, receipt, checkin_code, answers, status, created_at)
          VALUES (${a.id}, ${personId}, ${member.unionId}, ${share.quota}, ${newCode()}, ${newCode()}, ${JSON.stringify(answers)}::jsonb,
                  ${status}, ${now.toISOString()})`,
    );
  } catch (e) {
    if (pgErrorCode(e) !== '23505') throw e;
    // a second tap that raced the first: the partial unique index (one live sign-up per person) decided; the
    // whole transaction (the place taken above included) rolls back with this refusal
    throw new AppError('ALREADY_SIGNED_UP', '您已报名该活动');
  }
  return (await mySignup(tx, a.id, personId))!;
}

/**
 * A first-come place: the activity's (`taken < capacity`), then the quota's (`taken < places`) when the sign-up
 * counts against one; a full quota gives the activity's place straight back. Always in this order (activity row,
 * then quota row), as cancelling does.
 */
async function takePlace(tx: Db, activityId: string, quota: string | null): Promise<boolean> {
  const [took] = await rows<{ id: string }>(
    tx,
    sql`UPDATE activities SET taken = taken + 1 WHERE id = ${activityId} AND taken < capacity RETURNING id`,
  );
  if (!took) return false;
  if (quota === null || (await takeQuotaPlace(tx, activityId, quota))) return true;
  await tx.execute(sql`UPDATE activities SET taken = taken - 1 WHERE id = ${activityId}`);
  return false;
}

/** The member cancels before the activity starts; a confirmed place goes to the next on the waitlist. */
export async function cancelSignup(tx: Db, personId: string, activityId: string, now: Date): Promise<MySignup> {
  const a = await loadActivity(tx, activityId, personId, true);
  const mine = await mySignup(tx, activityId, personId);
  if (!mine) throw errors.notFound('报名');
  if (now >= new Date(a.starts_at)) throw new AppError('TOO_LATE', '活动已开始，不能取消报名');
  if (mine.checkedIn) throw new AppError('TOO_LATE', '已签到，不能取消报名');
  await tx.execute(
    sql`UPDATE activity_signups SET status = 'cancelled', cancelled_at = ${now.toISOString()} WHERE id = ${mine.id}`,
  );
  if (mine.status === 'confirmed') {
    await tx.execute(sql`UPDATE activities SET taken = taken - 1 WHERE id = ${a.id}`);
    const [own] = await rows<{ quota_union_id: string | null }>(
      tx,
      sql`SELECT quota_union_id FROM activity_signups WHERE id = ${mine.id}`,
    );
    if (own.quota_union_id) await releaseQuotaPlace(tx, a.id, own.quota_union_id);
    await offerFreedPlace(tx, a);
  }
  return { ...mine, status: 'cancelled', waitlistPosition: null };
}

/**
 * A confirmed place came free: the first on the waitlist (draw order, else arrival) whose union still has a place
 * of its quota (or who counts against none) takes it and is told.
 */
async function offerFreedPlace(tx: Db, a: ActivityRow): Promise<void> {
  const [next] = await rows<{ id: string; person_id: string; quota_union_id: string | null }>(
    tx,
    sql`UPDATE activity_signups SET status = 'confirmed'
         WHERE id = (SELECT s.id FROM activity_signups s
                       LEFT JOIN activity_quotas q ON q.activity_id = s.activity_id AND q.union_id = s.quota_union_id
                      WHERE s.activity_id = ${a.id} AND s.status = 'waitlisted' AND (q.union_id IS NULL OR q.taken < q.places)
                      ORDER BY s.draw_rank NULLS LAST, s.seq LIMIT 1 FOR UPDATE OF s)
        RETURNING id, person_id, quota_union_id`,
  );
  if (!next) return;
  await tx.execute(sql`UPDATE activities SET taken = taken + 1 WHERE id = ${a.id}`);
  if (next.quota_union_id && !(await takeQuotaPlace(tx, a.id, next.quota_union_id)))
    throw new AppError('INVALID_STATE', '名额分配已变化，请重试'); // the row was checked under the activity's lock
  await notify(tx, next.person_id, {
    source: 'perks',
    kind: 'activity_place_offered',
    title: '候补成功',
    body: `有人取消报名，您已从候补转为入选：${a.title}`,
    page: `pages/perks/activity/index?id=${a.id}`,
    unionId: a.union_id,
    subjectId: a.id,
  });
}

/**
 * The draw, after sign-up closes: the seed (committed at publishing) orders the live receipts (lottery.ts);
 * the first `capacity` are confirmed, the rest waitlisted in that order; everyone who took part is told.
 */
export async function draw(tx: Db, activityId: string, now: Date): Promise<LotteryList> {
  const a = await loadActivity(tx, activityId, null, true);
  if (a.mode !== 'lottery') throw new AppError('NOT_LOTTERY', '该活动为先到先得，无需抽签');
  if (a.status !== 'open') throw new AppError('ALREADY_DRAWN', '该活动已抽签');
  if (now < new Date(a.signup_closes_at)) throw new AppError('SIGNUP_OPEN', '报名截止后才能抽签');
  const live = await rows<{ receipt: string }>(
    tx,
    sql`SELECT receipt FROM activity_signups WHERE activity_id = ${a.id} AND status = 'applied' ORDER BY receipt`,
  );
  const order = drawOrder(
    a.seed,
    live.map((r) => r.receipt),
  );
  const confirmed = confirmedInOrder(order, a.capacity, await quotaShares(tx, a.id, 'applied'));
  const ranked = order.map((receipt, i) => ({
    receipt,
    rank: i + 1,
    status: confirmed.has(receipt) ? 'confirmed' : 'waitlisted',
  }));
  await tx.execute(
    sql`UPDATE activity_signups s SET draw_rank = o.rank, status = o.status
          FROM jsonb_to_recordset(${JSON.stringify(ranked)}::jsonb) o(receipt text, rank int, status text)
         WHERE s.activity_id = ${a.id} AND s.receipt = o.receipt AND s.status = 'applied'`,
  );
  await tx.execute(
    sql`UPDATE activities SET status = 'drawn', drawn_at = ${now.toISOString()}, taken = ${confirmed.size} WHERE id = ${a.id}`,
  );
  await recountQuotas(tx, a.id);
  await notifyMany(tx, sql`SELECT person_id FROM activity_signups WHERE activity_id = ${a.id} AND draw_rank IS NOT NULL`, {
    source: 'perks',
    kind: 'activity_drawn',
    title: '抽签结果已公布',
    body: `${a.title} 已抽签，请查看您的报名状态`,
    page: `pages/perks/activity/index?id=${a.id}`,
    unionId: a.union_id,
    subjectId: a.id,
  });
  return lotteryList(tx, a.id);
}

/**
 * What anyone may check: the seed's hash (and the seed after the draw), the receipts that took part, sorted,
 * and the draw order. No names.
 */
export async function lotteryList(tx: Db, activityId: string): Promise<LotteryList> {
  const a = await loadActivity(tx, activityId, null);
  const drawn = a.status === 'drawn';
  const list = await rows<{ receipt: string; draw_rank: number | null }>(
    tx,
    drawn
      ? sql`SELECT receipt, draw_rank FROM activity_signups WHERE activity_id = ${a.id} AND draw_rank IS NOT NULL ORDER BY draw_rank`
      : sql`SELECT receipt, draw_rank FROM activity_signups WHERE activity_id = ${a.id} AND status <> 'cancelled' ORDER BY receipt`,
  );
  return {
    activityId: a.id,
    seedHash: a.seed_hash,
    seed: drawn ? a.seed : null,
    capacity: a.capacity,
    receipts: list.map((r) => r.receipt).sort(),
    order: drawn ? list.map((r) => r.receipt) : null,
    quotas: await quotaShares(tx, a.id, drawn ? 'drawn' : 'live'),
  };
}

/**
 * The published 名额分配 of a lottery: each receipt's quota union and each union's places (null without
 * quotas). `applied`: the receipts entering the draw; `drawn`: those that took part; `live`: every live one.
 */
async function quotaShares(tx: Db, activityId: string, which: 'applied' | 'drawn' | 'live'): Promise<LotteryList['quotas']> {
  const quotas = await activityQuotas(tx, activityId);
  if (!quotas.length) return null;
  const filter =
    which === 'applied' ? sql`status = 'applied'` : which === 'drawn' ? sql`draw_rank IS NOT NULL` : sql`status <> 'cancelled'`;
  const list = await rows<{ receipt: string; quota_union_id: string }>(
    tx,
    sql`SELECT receipt, quota_union_id FROM activity_signups WHERE activity_id = ${activityId} AND ${filter}`,
  );
  return {
    receiptUnions: Object.fromEntries(list.map((r) => [r.receipt, r.quota_union_id])),
    places: Object.fromEntries(quotas.map((q) => [q.unionId, q.places])),
  };
}

interface SignupListRow {
  id: string;
  name: string;
  union_name: string;
  receipt: string;
  status: SignupStatus;
  checked_in_at: Date | string | null;
  answers: Record<string, string> | string;
}

const signupRow = (s: SignupListRow): SignupRow => ({
  id: s.id,
  name: s.name,
  unionName: s.union_name,
  receipt: s.receipt,
  status: s.status,
  checkedIn: s.checked_in_at != null,
  answers: typeof s.answers === 'string' ? (JSON.parse(s.answers) as Record<string, string>) : s.answers,
});

const signupListSelect = sql`SELECT s.id, s.person_id, p.name, u.short_name AS union_name, s.receipt, s.status, s.checked_in_at, s.answers
                               FROM activity_signups s JOIN people p ON p.id = s.person_id JOIN unions u ON u.id = s.union_id`;

/** The officer's list and figures by union (sign-ups, attendance). */
export async function signups(tx: Db, activityId: string) {
  const list = await rows<SignupListRow>(
    tx,
    sql`${signupListSelect} WHERE s.activity_id = ${activityId} AND s.status <> 'cancelled'
        ORDER BY s.status, s.draw_rank NULLS LAST, s.seq LIMIT 5000`,
  );
  const byUnion = await rows<{ union_name: string; signups: string | number; checked_in: string | number }>(
    tx,
    sql`SELECT u.short_name AS union_name, count(*) AS signups, count(s.checked_in_at) AS checked_in
          FROM activity_signups s JOIN unions u ON u.id = s.union_id
         WHERE s.activity_id = ${activityId} AND s.status <> 'cancelled' GROUP BY u.short_name ORDER BY u.short_name`,
  );
  return {
    signups: list.map(signupRow),
    byUnion: byUnion.map((b) => ({ unionName: b.union_name, signups: Number(b.signups), checkedIn: Number(b.checked_in) })),
  };
}

/** Check a confirmed person in by the code on their screen; the activity's points are posted once. */
export async function checkIn(tx: Db, actorId: string, activityId: string, code: string, now: Date): Promise<SignupRow> {
  const a = await loadActivity(tx, activityId, null);
  const [s] = await rows<SignupListRow & { person_id: string }>(
    tx,
    sql`${signupListSelect} WHERE s.activity_id = ${activityId} AND s.checkin_code = ${code} FOR UPDATE OF s`,
  );
  if (!s || s.status === 'cancelled') throw new AppError('NOT_FOUND', '签到码无效', { code: '签到码无效' });
  if (s.status !== 'confirmed') throw new AppError('NOT_CONFIRMED', '该报名未入选，不能签到');
  if (s.checked_in_at) throw new AppError('ALREADY_CHECKED_IN', '该报名已签到');
  await tx.execute(
    sql`UPDATE activity_signups SET checked_in_at = ${now.toISOString()}, checked_in_by = ${actorId} WHERE id = ${s.id}`,
  );
  if (a.points_on_checkin > 0)
    await postPoints(tx, {
      personId: s.person_id,
      unionId: a.union_id,
      delta: a.points_on_checkin,
      kind: 'checkin',
      reason: `活动签到：${a.title}`,
      actorId,
      key: `checkin:${a.id}`,
      now,
    });
  return { ...signupRow(s), checkedIn: true };
}

/**
 * The sign-up list as .xlsx (the officer's file for the door and the bus): name, union, receipt, status, when signed
 * up and checked in (dates in Shanghai time), then one column per custom sign-up item. Written by core/xlsx-out
 * (no spreadsheet library: the perks bundle stays small); text cells are never formulas.
 */
export async function signupsXlsx(
  tx: Db,
  activityId: string,
): Promise<{ fileName: string; contentBase64: string; rows: number }> {
  const a = await loadActivity(tx, activityId, null);
  const fields = a.fields as ActivityFieldInput[];
  const list = await rows<SignupListRow & { created_at: Date | string }>(
    tx,
    sql`SELECT s.id, p.name, u.short_name AS union_name, s.receipt, s.status, s.checked_in_at, s.answers, s.created_at
          FROM activity_signups s JOIN people p ON p.id = s.person_id JOIN unions u ON u.id = s.union_id
         WHERE s.activity_id = ${activityId} AND s.status <> 'cancelled'
         ORDER BY s.status, s.draw_rank NULLS LAST, s.seq`,
  );
  const columns: XlsxColumn[] = [
    { header: '姓名', width: 10 },
    { header: '工会', width: 16 },
    { header: '报名凭证', width: 12 },
    { header: '状态', width: 14 },
    { header: '报名时间', width: 18, format: 'datetime' },
    { header: '签到时间', width: 18, format: 'datetime' },
    ...fields.map((f) => ({ header: f.label })),
  ];
  const body = list.map((s) => {
    const r = signupRow(s);
    return [
      r.name,
      r.unionName,
      r.receipt,
      signupStatusNames[r.status],
      new Date(s.created_at),
      s.checked_in_at ? new Date(s.checked_in_at) : null,
      ...fields.map((f) => r.answers[f.key] ?? ''),
    ];
  });
  const file = xlsxTable('报名名单', columns, body);
  return { fileName: `${a.title}-报名名单.xlsx`, contentBase64: file.toString('base64'), rows: list.length };
}
