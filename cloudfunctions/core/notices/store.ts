import { rows, sql, type Db } from '../db/client';
import type { NoticeList, NoticeSource } from '@shared/contracts/notices';

/** Every kind of notice the platform writes; a subscription template is configured per kind (push.ts). */
export const noticeKinds = ['cancelled_by_staff', 'waitlist_assigned', 'reminder', 'suspended', 'congress_result'] as const;
export type NoticeKind = (typeof noticeKinds)[number];

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
 * Write one person's notice inside the caller's transaction; it is pushed as a weapp subscription message after
 * commit (push.ts), so a rolled-back change never leaves a message behind.
 */
export async function notify(tx: Db, personId: string, n: NoticeContent): Promise<void> {
  await tx.execute(sql`
    INSERT INTO notices (person_id, union_id, source, kind, title, body, page, subject_id)
    VALUES (${personId}, ${n.unionId ?? null}, ${n.source}, ${n.kind}, ${n.title}, ${n.body}, ${n.page}, ${n.subjectId ?? null})`);
}

/**
 * The same notice to every active member of a union, in one statement inside the caller's transaction.
 * In-app only: written as already pushed (a union-wide subscription message would need every member's consent
 * and would queue ahead of the booking reminders). Returns how many were notified.
 */
export async function notifyUnionMembers(tx: Db, unionId: string, n: NoticeContent): Promise<number> {
  const made = await rows<{ n: number }>(
    tx,
    sql`WITH made AS (
          INSERT INTO notices (person_id, union_id, source, kind, title, body, page, subject_id, pushed_at)
          SELECT m.person_id, ${unionId}, ${n.source}, ${n.kind}, ${n.title}, ${n.body}, ${n.page}, ${n.subjectId ?? null}, now()
          FROM members m WHERE m.union_id = ${unionId} AND m.status = 'active'
          RETURNING 1
        ) SELECT count(*)::int AS n FROM made`,
  );
  return Number(made[0].n);
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
    title: string;
    body: string;
    page: string | null;
    created_at: Date | string;
    read_at: unknown;
  }>(
    tx,
    sql`SELECT id, source, title, body, page, created_at, read_at FROM notices
        WHERE person_id = ${personId} AND (${opts.source ?? null}::text IS NULL OR source = ${opts.source ?? null}::text)
        ORDER BY created_at DESC, id DESC LIMIT ${opts.limit}`,
  );
  return {
    notices: list.map((n) => ({
      id: n.id,
      source: n.source,
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
