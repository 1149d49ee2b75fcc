import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { errors } from '../errors';
import type { DirectoryMember, MemberDetailOutput, MemberHistoryEvent } from '@shared/contracts/federation';
import type { MembershipStatus } from '@shared/contracts/membership';
import { officerRoles, type OfficerRole } from '@shared/contracts/unions';

export interface DirectoryFilter {
  unionId: string;
  q?: string;
  status?: MembershipStatus;
}

interface MemberRow {
  member_id: string;
  name: string;
  member_no: string;
  status: MembershipStatus;
  joined_at: string | Date | null;
  department: string | null;
  phone_last4: string | null;
}

/** The one place a directory row becomes its contract type: the phone is masked to its last four digits. */
const toMember = (r: MemberRow): DirectoryMember => ({
  memberId: r.member_id,
  name: r.name,
  memberNo: r.member_no,
  status: r.status,
  joinedAt: r.joined_at ? new Date(r.joined_at).toISOString() : null,
  department: r.department,
  phone: r.phone_last4 ? `尾号${r.phone_last4}` : null,
});

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

/** A search that looks like a member number (letters and digits only, one digit at least) is a prefix of it. */
const looksLikeNumber = (q: string) => /^[A-Za-z0-9-]+$/.test(q) && /\d/.test(q);

/**
 * The ids of one union's members matching the filter, in member-number order: `q` is a member-number prefix
 * (members_union_member_no, in byte order) or a part of the name or of the department (the matched roster row).
 * Rejected applications are not members and never listed. Reads only that union's members, so its cost does not
 * grow with the province; names and departments are joined for the page's rows only (`withDetails`).
 */
function matching(f: DirectoryFilter) {
  const q = f.q?.trim();
  const byText = !!q && !looksLikeNumber(q);
  const like = `%${escapeLike(q ?? '')}%`;
  // By name or department: the union's members joined to their names once, and the departments matched in one
  // pass over the union's roster (a hashed set), not two lookups per member (128 ms p50 on a 10,000-member union)
  const search = !q
    ? sql``
    : byText
      ? sql`AND (p.name LIKE ${like}
                 OR m.person_id IN (SELECT r.matched_person_id FROM roster_entries r
                                     WHERE r.union_id = ${f.unionId} AND r.matched_person_id IS NOT NULL AND r.department LIKE ${like}))`
      : sql`AND m.member_no COLLATE "C" LIKE ${escapeLike(q) + '%'}`;
  return sql`
    FROM members m ${byText ? sql`JOIN people p ON p.id = m.person_id` : sql``}
    WHERE m.union_id = ${f.unionId}
      AND ${f.status ? sql`m.status = ${f.status}` : sql`m.status <> 'rejected'`}
      ${search}`;
}

/** Name, masked phone and department of the members in `page` (a subquery with id, member_no, …). */
const withDetails = (page: ReturnType<typeof sql>) => sql`
  SELECT m.id AS member_id, p.name, m.member_no, m.status, m.joined_at, r.department, p.phone_last4, m.total
  FROM (${page}) m
  JOIN people p ON p.id = m.person_id
  LEFT JOIN LATERAL (SELECT r.department FROM roster_entries r
                     WHERE r.union_id = m.union_id AND r.matched_person_id = m.person_id
                     ORDER BY r.created_at DESC LIMIT 1) r ON true
  ORDER BY m.member_no COLLATE "C"`;

const COLUMNS = sql`m.id AS member_id, p.name, m.member_no, m.status, m.joined_at, r.department, p.phone_last4`;
const PAGE_COLUMNS = sql`m.id, m.person_id, m.union_id, m.member_no, m.status, m.joined_at`;

export async function memberDirectory(tx: Db, f: DirectoryFilter & { page: number; pageSize: number }) {
  const list = await rows<MemberRow & { total: string | number }>(
    tx,
    withDetails(
      sql`SELECT ${PAGE_COLUMNS}, count(*) OVER () AS total ${matching(f)}
          ORDER BY m.member_no COLLATE "C" LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`,
    ),
  );
  let total = Number(list[0]?.total ?? 0);
  if (list.length === 0 && f.page > 1) {
    const [c] = await rows<{ n: string | number }>(tx, sql`SELECT count(*) AS n ${matching(f)}`);
    total = Number(c.n);
  }
  return { members: list.map(toMember), total };
}

/** Every matching member, in member-number order, for the spreadsheet. */
export async function directoryRows(tx: Db, f: DirectoryFilter): Promise<DirectoryMember[]> {
  return (await rows<MemberRow>(tx, withDetails(sql`SELECT ${PAGE_COLUMNS}, 0 AS total ${matching(f)}`))).map(toMember);
}

/** The union a membership belongs to (the scope of its detail); NOT_FOUND when there is no such membership. */
export async function memberUnion(tx: Db, memberId: string): Promise<string> {
  const [m] = await rows<{ union_id: string }>(tx, sql`SELECT union_id FROM members WHERE id = ${memberId}`);
  if (!m) throw errors.notFound('会员');
  return m.union_id;
}

/**
 * One membership and the chain it belongs to (the memberships it continues and the one that continues it):
 * applications, joins, transfers and leaving, oldest first. The claim count is a number; nothing medical.
 */
export async function memberDetail(tx: Db, memberId: string): Promise<MemberDetailOutput> {
  const [m] = await rows<MemberRow & { union_id: string; union_name: string; person_id: string; id_last4: string | null }>(
    tx,
    sql`SELECT ${COLUMNS}, m.union_id, u.short_name AS union_name, m.person_id, p.id_last4
        FROM members m JOIN people p ON p.id = m.person_id JOIN unions u ON u.id = m.union_id
        LEFT JOIN LATERAL (SELECT r.department FROM roster_entries r
                           WHERE r.union_id = m.union_id AND r.matched_person_id = m.person_id
                           ORDER BY r.created_at DESC LIMIT 1) r ON true
        WHERE m.id = ${memberId}`,
  );
  if (!m) throw errors.notFound('会员');
  const chain = await rows<{
    id: string;
    status: MembershipStatus;
    joined_at: string | Date | null;
    left_at: string | Date | null;
    created_at: string | Date;
    previous_member_id: string | null;
    union_name: string;
  }>(
    tx,
    sql`WITH RECURSIVE back AS (
          SELECT id, previous_member_id FROM members WHERE id = ${memberId}
          UNION SELECT p.id, p.previous_member_id FROM members p JOIN back b ON p.id = b.previous_member_id
        ), fwd AS (
          SELECT id FROM members WHERE id = ${memberId}
          UNION SELECT n.id FROM members n JOIN fwd f ON n.previous_member_id = f.id
        )
        SELECT m.id, m.status, m.joined_at, m.left_at, m.created_at, m.previous_member_id, u.short_name AS union_name
        FROM members m JOIN unions u ON u.id = m.union_id
        WHERE m.id IN (SELECT id FROM back UNION SELECT id FROM fwd)`,
  );
  const apps = await rows<{ created_at: string | Date; union_name: string }>(
    tx,
    sql`SELECT a.created_at, u.short_name AS union_name FROM applications a JOIN unions u ON u.id = a.union_id
        WHERE a.member_id IN (${sql.join(
          chain.map((c) => sql`${c.id}`),
          sql`, `,
        )})`,
  );
  const iso = (d: string | Date) => new Date(d).toISOString();
  const history: MemberHistoryEvent[] = apps.map((a) => ({ at: iso(a.created_at), kind: 'applied', unionName: a.union_name }));
  for (const c of chain) {
    if (c.joined_at)
      history.push({ at: iso(c.joined_at), kind: c.previous_member_id ? 'transferredIn' : 'joined', unionName: c.union_name });
    if (c.left_at && c.status === 'transferred')
      history.push({ at: iso(c.left_at), kind: 'transferredOut', unionName: c.union_name });
    if (c.left_at && c.status === 'left') history.push({ at: iso(c.left_at), kind: 'left', unionName: c.union_name });
    if (c.status === 'rejected') history.push({ at: iso(c.created_at), kind: 'rejected', unionName: c.union_name });
  }
  history.sort((a, b) => a.at.localeCompare(b.at));
  const [claims] = await rows<{ n: string | number }>(
    tx,
    sql`SELECT count(*) AS n FROM aid_claims WHERE person_id = ${m.person_id} AND status <> 'draft'`,
  );
  const roles = await rows<{ role: OfficerRole }>(
    tx,
    sql`SELECT role FROM role_grants WHERE person_id = ${m.person_id} AND union_id = ${m.union_id}`,
  );
  return {
    member: {
      ...toMember(m),
      unionId: m.union_id,
      unionName: m.union_name,
      idNumber: m.id_last4 ? `${'*'.repeat(14)}${m.id_last4}` : null,
    },
    history,
    claimsCount: Number(claims.n),
    officerRoles: roles.map((r) => r.role).filter((r) => (officerRoles as readonly string[]).includes(r)),
  };
}
