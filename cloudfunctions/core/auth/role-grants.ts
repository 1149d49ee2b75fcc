import { sql } from 'drizzle-orm';
import type { OfficerRole, OfficerView, RoleChangeView } from '@shared/contracts/unions';
import type { Role } from '@shared/contracts/unions';
import { audit } from '../audit';
import { revokeSessions } from './identity';
import { rows, type Db } from '../db/client';
import { AppError, errors } from '../errors';

/**
 * Officer role grants of a union (the `role_grants` aggregate) with their history in `role_grant_history`.
 * Rules, in one place:
 * - a role is granted to an active member of the union, by its chair or a federation admin above it;
 * - leaving or transferring out of the union ends every grant the person holds on it (system revocation);
 * - a union keeps at least one chair unless the federation above decides otherwise: a chair cannot revoke
 *   the last chair (herself included), and the last chair cannot leave or ask to transfer before handing over;
 * - every change bumps the person's session version, so sessions issued under the old roles end.
 */

const ORDER = `CASE g.role WHEN 'chair' THEN 0 WHEN 'vice_chair' THEN 1 WHEN 'finance' THEN 2 ELSE 3 END`;

export async function grassrootsUnion(tx: Db, unionId: string): Promise<void> {
  const [u] = await rows<{ level: string }>(tx, sql`SELECT level FROM unions WHERE id = ${unionId}`);
  if (!u) throw errors.notFound('工会');
  if (u.level !== 'grassroots') throw new AppError('INVALID_UNION', '只能为基层工会任免职务', { unionId: '工会：应为基层工会' });
}

export async function listOfficers(tx: Db, unionId: string): Promise<OfficerView[]> {
  const list = await rows<{ person_id: string; name: string; role: OfficerRole; member_no: string | null; granted_at: Date }>(
    tx,
    sql`SELECT g.person_id, p.name, g.role, m.member_no, g.granted_at
        FROM role_grants g JOIN people p ON p.id = g.person_id
        LEFT JOIN members m ON m.person_id = g.person_id AND m.union_id = g.union_id AND m.status = 'active'
        WHERE g.union_id = ${unionId} AND g.role <> 'federation_admin'
        ORDER BY ${sql.raw(ORDER)}, g.granted_at, p.name`,
  );
  return list.map((o) => ({
    personId: o.person_id,
    name: o.name,
    role: o.role,
    memberNo: o.member_no,
    grantedAt: new Date(o.granted_at).toISOString(),
  }));
}

async function record(
  tx: Db,
  change: 'granted' | 'revoked',
  g: { personId: string; unionId: string; role: Role },
  actorId: string | null,
  reason: string,
  now: Date,
) {
  await tx.execute(sql`INSERT INTO role_grant_history (person_id, union_id, role, change, actor_id, reason, at)
      VALUES (${g.personId}, ${g.unionId}, ${g.role}, ${change}, ${actorId}, ${reason}, ${now})`);
  await audit(tx, {
    actorId,
    action: change === 'granted' ? 'unions.grantRole' : 'unions.revokeRole',
    unionId: g.unionId,
    targetType: 'person',
    targetId: g.personId,
    detail: { role: g.role, reason },
  });
}

export async function grantRole(
  tx: Db,
  actorId: string,
  input: { unionId: string; memberNo: string; role: OfficerRole; reason: string },
  now: Date,
) {
  await grassrootsUnion(tx, input.unionId);
  const [m] = await rows<{ person_id: string }>(
    tx,
    sql`SELECT person_id FROM members WHERE member_no = ${input.memberNo} AND union_id = ${input.unionId} AND status = 'active'`,
  );
  if (!m) throw new AppError('NOT_MEMBER', '该会员证号不是本会的在册会员', { memberNo: '会员证号：不是本会的在册会员' });
  const added = await rows<{ role: string }>(
    tx,
    sql`INSERT INTO role_grants (person_id, union_id, role, granted_at) VALUES (${m.person_id}, ${input.unionId}, ${input.role}, ${now})
        ON CONFLICT DO NOTHING RETURNING role`,
  );
  if (added.length > 0) {
    await record(tx, 'granted', { personId: m.person_id, unionId: input.unionId, role: input.role }, actorId, input.reason, now);
    await revokeSessions(tx, m.person_id);
  }
  return { officers: await listOfficers(tx, input.unionId) };
}

/** Chairs of the union, locked so two concurrent revocations cannot both leave it without one. */
async function lockChairs(tx: Db, unionId: string): Promise<string[]> {
  const chairs = await rows<{ person_id: string }>(
    tx,
    sql`SELECT person_id FROM role_grants WHERE union_id = ${unionId} AND role = 'chair' FOR UPDATE`,
  );
  return chairs.map((c) => c.person_id);
}

const lastChair = (message: string) => new AppError('LAST_CHAIR', message);

export async function revokeRole(
  tx: Db,
  actorId: string,
  input: { unionId: string; personId: string; role: OfficerRole; reason: string },
  byFederation: boolean,
  now: Date,
) {
  await grassrootsUnion(tx, input.unionId);
  if (input.role === 'chair' && !byFederation) {
    const chairs = await lockChairs(tx, input.unionId);
    if (chairs.includes(input.personId) && chairs.length === 1)
      throw lastChair('不能撤销本会唯一的主席职务：请先任命新的主席，或由上级工会调整');
  }
  const gone = await rows<{ role: string }>(
    tx,
    sql`DELETE FROM role_grants WHERE person_id = ${input.personId} AND union_id = ${input.unionId} AND role = ${input.role} RETURNING role`,
  );
  if (gone.length === 0) throw errors.notFound('该职务');
  await record(tx, 'revoked', input, actorId, input.reason, now);
  await revokeSessions(tx, input.personId);
  return { officers: await listOfficers(tx, input.unionId) };
}

/** Leaving or asking to transfer: refused for the union's only chair (hand over first, or the federation decides). */
export async function assertNotLastChair(tx: Db, personId: string, unionId: string): Promise<void> {
  const chairs = await lockChairs(tx, unionId);
  if (chairs.length === 1 && chairs[0] === personId)
    throw lastChair('您是本会唯一的主席：请先将主席职务交给其他会员（或请上级工会调整）后再办理');
}

/**
 * The person's membership of `unionId` ended (left, transferred): every grant they hold on it ends too,
 * recorded in the history and the audit log, and their sessions are revoked.
 */
export async function endRoleGrants(
  tx: Db,
  personId: string,
  unionId: string,
  actorId: string | null,
  reason: string,
  now: Date,
): Promise<Role[]> {
  const gone = await rows<{ role: Role }>(
    tx,
    sql`DELETE FROM role_grants WHERE person_id = ${personId} AND union_id = ${unionId} RETURNING role`,
  );
  for (const g of gone) await record(tx, 'revoked', { personId, unionId, role: g.role }, actorId, reason, now);
  if (gone.length > 0) await revokeSessions(tx, personId);
  return gone.map((g) => g.role);
}

export async function roleHistory(
  tx: Db,
  unionId: string,
  page: number,
  pageSize: number,
): Promise<{ changes: RoleChangeView[]; total: number }> {
  const [{ n }] = await rows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM role_grant_history WHERE union_id = ${unionId}`,
  );
  const list = await rows<{
    id: string;
    person_id: string;
    name: string;
    role: Role;
    change: 'granted' | 'revoked';
    actor_name: string | null;
    reason: string;
    at: Date;
  }>(
    tx,
    sql`SELECT h.id::text AS id, h.person_id, p.name, h.role, h.change, a.name AS actor_name, h.reason, h.at
        FROM role_grant_history h JOIN people p ON p.id = h.person_id LEFT JOIN people a ON a.id = h.actor_id
        WHERE h.union_id = ${unionId} ORDER BY h.at DESC, h.id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
  );
  return {
    total: n,
    changes: list.map((c) => ({
      id: c.id,
      personId: c.person_id,
      name: c.name,
      role: c.role,
      change: c.change,
      actorName: c.actor_name,
      reason: c.reason,
      at: new Date(c.at).toISOString(),
    })),
  };
}
