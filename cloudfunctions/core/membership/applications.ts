import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { AppError, errors, pgErrorCode } from '../errors';
import type { AuditEntry } from '../audit';
import type { ApplicationStatus, ApplicationView, MatchKind } from '@shared/contracts/membership';
import { maskId, maskPhone } from './identity-hash';
import { iso, nextMemberNo, toUnionRef, unionView } from './common';
import { closeOldMembership } from './join';
import { notify } from '../notices/store';

type Audit = (entry: Omit<AuditEntry, 'actorId'>) => Promise<void>;

interface AppRow {
  id: string;
  kind: 'join' | 'transfer';
  status: ApplicationStatus;
  union_id: string;
  invite_id: string | null;
  person_id: string;
  member_id: string | null;
  from_member_id: string | null;
  name: string;
  phone_last4: string | null;
  id_last4: string | null;
  employee_no: string | null;
  employer: string | null;
  match: MatchKind;
  roster_entry_id: string | null;
  created_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
  reject_reason: string | null;
}

const SELECT_APP = sql`SELECT a.*, 
  (SELECT union_id FROM members WHERE id = a.member_id) AS member_union_id,
  (SELECT union_id FROM members WHERE id = a.from_member_id) AS from_union_id,
  (SELECT name FROM people WHERE id = a.decided_by) AS decided_by_name
  FROM applications a`;

type AppWithRefs = AppRow & { member_union_id: string | null; from_union_id: string | null; decided_by_name: string | null };

export async function applicationView(tx: Db, a: AppWithRefs): Promise<ApplicationView> {
  return {
    id: a.id,
    kind: a.kind,
    status: a.status,
    name: a.name,
    phoneMasked: maskPhone(a.phone_last4),
    idMasked: maskId(a.id_last4),
    employeeNo: a.employee_no,
    employer: a.employer,
    match: a.match,
    needsUnion: a.status === 'pending' && !a.member_id,
    union: toUnionRef(await unionView(tx, a.member_union_id ?? a.union_id)),
    fromUnion: a.from_union_id ? toUnionRef(await unionView(tx, a.from_union_id)) : null,
    inviteId: a.invite_id,
    createdAt: iso(a.created_at)!,
    decidedAt: iso(a.decided_at),
    decidedByName: a.decided_by_name,
    rejectReason: a.reject_reason,
  };
}

export async function loadApplication(tx: Db, id: string, lock = false): Promise<AppWithRefs> {
  const [a] = await rows<AppWithRefs>(
    tx,
    lock ? sql`${SELECT_APP} WHERE a.id = ${id} FOR UPDATE OF a` : sql`${SELECT_APP} WHERE a.id = ${id}`,
  );
  if (!a) throw errors.notFound('入会申请');
  return a;
}

/** The reviewing union of an application (authorization scope). */
export async function applicationUnion(tx: Db, id: string): Promise<string> {
  const [a] = await rows<{ union_id: string }>(tx, sql`SELECT union_id FROM applications WHERE id = ${id}`);
  if (!a) throw errors.notFound('入会申请');
  return a.union_id;
}

export async function listApplications(tx: Db, unionId: string, status: ApplicationStatus, page: number, pageSize: number) {
  const [t] = await rows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM applications WHERE union_id = ${unionId} AND status = ${status}`,
  );
  const list = await rows<AppWithRefs>(
    tx,
    sql`${SELECT_APP} WHERE a.union_id = ${unionId} AND a.status = ${status}
        ORDER BY ${status === 'pending' ? sql`a.created_at` : sql`a.decided_at DESC`}, a.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
  );
  const applications: ApplicationView[] = [];
  for (const a of list) applications.push(await applicationView(tx, a));
  return { total: t.n, applications };
}

const alreadyDecided = () => new AppError('ALREADY_DECIDED', '该申请已处理，请刷新列表');

/**
 * Approve: the pending membership becomes active (a transfer closes the old one first). The status
 * change is conditional, so two officers approving at once cannot both succeed; the database's
 * one-active-membership index has the last word.
 */
export async function approveApplication(
  tx: Db,
  deciderId: string,
  id: string,
  assignUnionId: string | undefined,
  now: Date,
  audit: Audit,
) {
  const a = await loadApplication(tx, id, true);
  if (a.status !== 'pending') throw alreadyDecided();
  const reviewer = await unionView(tx, a.union_id);
  let memberId = a.member_id;
  let targetUnionId = a.member_union_id;
  if (!memberId) {
    // Routed to a federation: it places the worker in a grassroots union of its own subtree.
    if (!assignUnionId)
      throw new AppError('ASSIGN_UNION_REQUIRED', '请选择该职工加入的基层工会', { assignUnionId: '所属基层工会：请选择' });
    const target = await unionView(tx, assignUnionId);
    if (target.level !== 'grassroots' || !target.path.startsWith(reviewer.path))
      throw new AppError('INVALID_UNION', '只能分配到本级工会所辖的基层工会', {
        assignUnionId: '所属基层工会：不在本级工会管辖范围内',
      });
    targetUnionId = target.id;
  } else if (assignUnionId && assignUnionId !== targetUnionId) {
    throw new AppError('INVALID_UNION', '该申请已指定工会，无需另行分配', { assignUnionId: '所属基层工会：无需选择' });
  }
  const [active] = await rows<{ id: string }>(
    tx,
    sql`SELECT id FROM members WHERE person_id = ${a.person_id} AND status = 'active'`,
  );
  if (active && active.id !== a.from_member_id) throw new AppError('ALREADY_MEMBER', '该职工已是其他工会的会员，无法通过本申请');
  if (a.from_member_id) await closeOldMembership(tx, a.from_member_id, deciderId, now);
  if (memberId) {
    const activated = await rows<{ id: string }>(
      tx,
      sql`UPDATE members SET status = 'active', joined_at = ${now} WHERE id = ${memberId} AND status = 'pending' RETURNING id`,
    );
    if (activated.length === 0) throw alreadyDecided();
  } else {
    const [m] = await rows<{ id: string }>(
      tx,
      sql`INSERT INTO members (person_id, union_id, member_no, status, joined_at, created_at) VALUES (${a.person_id}, ${targetUnionId}, ${await nextMemberNo(tx)}, 'active', ${now}, ${now}) RETURNING id`,
    );
    memberId = m.id;
  }
  if (a.roster_entry_id)
    await tx.execute(
      sql`UPDATE roster_entries SET matched_person_id = ${a.person_id}, matched_at = ${now} WHERE id = ${a.roster_entry_id} AND matched_person_id IS NULL`,
    );
  const done = await rows<{ id: string }>(
    tx,
    sql`UPDATE applications SET status = 'approved', decided_by = ${deciderId}, decided_at = ${now}, member_id = ${memberId}
        WHERE id = ${id} AND status = 'pending' RETURNING id`,
  );
  if (done.length === 0) throw alreadyDecided();
  const joined = await unionView(tx, targetUnionId!);
  await notify(tx, a.person_id, {
    source: 'membership',
    kind: 'application_approved',
    title: a.kind === 'transfer' ? '转会申请已通过' : '入会申请已通过',
    body: `您已成为「${joined.name}」会员，可在“我的”查看电子会员证。`,
    page: 'pages/membership/card/index',
    unionId: joined.id,
    subjectId: id,
  });
  await audit({
    action: 'membership.approve',
    unionId: a.union_id,
    targetType: 'application',
    targetId: id,
    detail: { personId: a.person_id, memberId, unionId: targetUnionId, kind: a.kind, match: a.match },
  });
  return applicationView(tx, await loadApplication(tx, id));
}

export async function rejectApplication(tx: Db, deciderId: string, id: string, reason: string, now: Date, audit: Audit) {
  const [a] = await rows<{ member_id: string | null; union_id: string; person_id: string }>(
    tx,
    sql`UPDATE applications SET status = 'rejected', reject_reason = ${reason}, decided_by = ${deciderId}, decided_at = ${now}
        WHERE id = ${id} AND status = 'pending' RETURNING member_id, union_id, person_id`,
  );
  if (!a) {
    await loadApplication(tx, id);
    throw alreadyDecided();
  }
  if (a.member_id) await tx.execute(sql`UPDATE members SET status = 'rejected' WHERE id = ${a.member_id} AND status = 'pending'`);
  await notify(tx, a.person_id, {
    source: 'membership',
    kind: 'application_rejected',
    title: '入会申请未通过',
    body: `工会的说明：${reason}。如有疑问请联系工会，或核对信息后重新申请。`,
    page: 'pages/membership/card/index',
    unionId: a.union_id,
    subjectId: id,
  });
  await audit({
    action: 'membership.reject',
    unionId: a.union_id,
    targetType: 'application',
    targetId: id,
    detail: { personId: a.person_id, reason },
  });
  return applicationView(tx, await loadApplication(tx, id));
}

/** Approve many: each in its own savepoint, so one that cannot pass does not undo the others. */
export async function approveBatch(tx: Db, deciderId: string, unionId: string, ids: string[], now: Date, audit: Audit) {
  const approved: string[] = [];
  const failed: { id: string; code: string; message: string }[] = [];
  for (const id of [...new Set(ids)]) {
    try {
      await tx.transaction(async (sp) => {
        const owner = await applicationUnion(sp as unknown as Db, id);
        if (owner !== unionId) throw errors.forbidden();
        await approveApplication(sp as unknown as Db, deciderId, id, undefined, now, (e) => audit(e));
      });
      approved.push(id);
    } catch (e) {
      if (e instanceof AppError) failed.push({ id, code: e.code, message: e.message });
      else if (pgErrorCode(e) === '23505') failed.push({ id, code: 'CONFLICT', message: '该职工已有正常的会员关系' });
      else throw e;
    }
  }
  return { approved, failed };
}

/**
 * The applicant withdraws their own pending application: it and its pending membership row become withdrawn,
 * so the union's queue no longer shows it and the person may apply again.
 */
export async function withdrawApplication(tx: Db, personId: string, id: string, now: Date, audit: Audit) {
  const a = await loadApplication(tx, id, true);
  if (a.person_id !== personId) throw errors.notFound('入会申请');
  if (a.status !== 'pending') throw new AppError('ALREADY_DECIDED', '该申请已处理，不能撤回');
  await tx.execute(
    sql`UPDATE applications SET status = 'withdrawn', decided_by = ${personId}, decided_at = ${now} WHERE id = ${id}`,
  );
  if (a.member_id)
    await tx.execute(sql`UPDATE members SET status = 'withdrawn' WHERE id = ${a.member_id} AND status = 'pending'`);
  await audit({
    action: 'membership.withdrawApplication',
    unionId: a.union_id,
    targetType: 'application',
    targetId: id,
    detail: { personId, kind: a.kind },
  });
  return applicationView(tx, await loadApplication(tx, id));
}
