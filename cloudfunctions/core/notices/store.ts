import type { SQL } from 'drizzle-orm';
import { rows, sql, type Db } from '../db/client';
import type { NoticeList, NoticeSource } from '@shared/contracts/notices';

/**
 * Every kind of notice the platform writes, with the short heading (4–12 characters) its push carries; a WeChat
 * subscription template is configured per kind (`PU_SUBSCRIBE_TEMPLATES`, wechat-subscribe.ts).
 */
const kindHeadings = {
  application_approved: '入会申请已通过',
  application_rejected: '入会申请未通过',
  claim_approved: '互助金申请已核准',
  claim_returned: '互助金申请被退回',
  claim_paid: '互助金已发放',
  cancelled_by_staff: '预约已被取消',
  waitlist_assigned: '候补预约成功',
  reminder: '服务预约提醒',
  suspended: '预约资格暂停',
  congress_convened: '职代会召开通知',
  vote_opened: '职代会投票开始',
  congress_result: '职代会结果公布',
  activity_drawn: '活动抽签结果',
  activity_place_offered: '候补活动已入选',
  // issue 13 (journeys)
  claim_rejected: '互助金申请未通过',
  provider_changed: '服务人员变更',
  booking_confirmed: '服务预约成功',
} as const;
export type NoticeKind = keyof typeof kindHeadings;
export const noticeKinds = Object.keys(kindHeadings) as NoticeKind[];
/** The heading a push of this kind of notice carries (e.g. a WeCom notice's description). */
export const noticeSourceTitle = (kind: NoticeKind): string => kindHeadings[kind];

export interface NoticeContent {
  source: NoticeSource;
  kind: NoticeKind;
  title: string;
  body: string;
  /** The mini-program page it opens, e.g. `pages/congress/result/index?voteId=…`. */
  page: string | null;
  unionId?: string | null;
  /** The record it is about (booking, vote). */
  subjectId?: string | null;
}

/**
 * Write one person's notice inside the caller's transaction; the outbox (outbox.ts) pushes it after commit, so a
 * rolled-back change never leaves a message behind.
 */
export async function notify(tx: Db, personId: string, n: NoticeContent): Promise<void> {
  await tx.execute(sql`
    INSERT INTO notices (person_id, union_id, source, kind, title, body, page, subject_id)
    VALUES (${personId}, ${n.unionId ?? null}, ${n.source}, ${n.kind}, ${n.title}, ${n.body}, ${n.page}, ${n.subjectId ?? null})`);
}

/**
 * The same notice to many people in one statement inside the caller's transaction: `people` is a query returning
 * `person_id`. Every one of them is pushed after commit by the outbox (outbox.ts), which batches identical
 * content into one platform call. Returns how many were notified.
 */
export async function notifyMany(tx: Db, people: SQL, n: NoticeContent): Promise<number> {
  const made = await rows<{ n: number }>(
    tx,
    sql`WITH made AS (
          INSERT INTO notices (person_id, union_id, source, kind, title, body, page, subject_id)
          SELECT DISTINCT t.person_id, ${n.unionId ?? null}::uuid, ${n.source}, ${n.kind}, ${n.title}, ${n.body}, ${n.page},
                 ${n.subjectId ?? null}::uuid
          FROM (${people}) t
          RETURNING 1
        ) SELECT count(*)::int AS n FROM made`,
  );
  return Number(made[0].n);
}

/** The same notice to every active member of a union (see notifyMany). */
export function notifyUnionMembers(tx: Db, unionId: string, n: NoticeContent): Promise<number> {
  return notifyMany(tx, sql`SELECT m.person_id FROM members m WHERE m.union_id = ${unionId} AND m.status = 'active'`, {
    ...n,
    unionId,
  });
}

const unreadOf = async (tx: Db, personId: string) =>
  Number(
    (
      await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM notices WHERE person_id = ${personId} AND read_at IS NULL`)
    )[0].n,
  );

/** A person's own notices, newest first (one area's with `source`), and their unread count. */
export async function listNotices(tx: Db, personId: string, opts: { source?: NoticeSource; limit: number }): Promise<NoticeList> {
  const list = await rows<{
    id: string;
    source: NoticeSource;
    kind: string;
    title: string;
    body: string;
    page: string | null;
    created_at: Date | string;
    read_at: unknown;
  }>(
    tx,
    sql`SELECT id, source, kind, title, body, page, created_at, read_at FROM notices
        WHERE person_id = ${personId} AND (${opts.source ?? null}::text IS NULL OR source = ${opts.source ?? null}::text)
        ORDER BY created_at DESC, id DESC LIMIT ${opts.limit}`,
  );
  return {
    notices: list.map((n) => ({
      id: n.id,
      source: n.source,
      kind: n.kind,
      title: n.title,
      body: n.body,
      page: n.page,
      createdAt: new Date(n.created_at).toISOString(),
      read: n.read_at !== null,
    })),
    unread: await unreadOf(tx, personId),
  };
}

/** Mark a person's notices read (the given ones, or all); other people's ids are ignored. */
export async function markNoticesRead(
  tx: Db,
  personId: string,
  now: Date,
  ids?: string[],
): Promise<{ marked: number; unread: number }> {
  const only = ids ? sql`AND id = ANY(${`{${ids.join(',')}}`}::uuid[])` : sql``;
  const marked = await rows(
    tx,
    sql`UPDATE notices SET read_at = ${now.toISOString()}::timestamptz WHERE person_id = ${personId} AND read_at IS NULL ${only} RETURNING 1 AS ok`,
  );
  return { marked: marked.length, unread: await unreadOf(tx, personId) };
}
