import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { AppError, errors } from '../errors';
import type { Caller } from '../auth/caller';
import type { AuditEntry } from '../audit';
import type { JoinOutput, MatchKind } from '@shared/contracts/membership';
import { hashIdNumber, hashPhone, last4, normaliseIdNumber, normalisePhone } from './identity-hash';
import { consumeInvite, inviteIdOf, inviteProblem, loadInvite, type InviteRow } from './invites';
import { checkGroupShare, type GroupShare } from './group-invite';
import { nextMemberNo, toUnionRef, unionView } from './common';
import { assertNotLastChair, endRoleGrants } from '../auth/role-grants';
import { revokeSessions } from '../auth/identity';
import { linkToIdentityOwner } from './link-identity';

type Audit = (entry: Omit<AuditEntry, 'actorId'>) => Promise<void>;

/** Failed identity proofs allowed per caller within the window before RATE_LIMITED. */
export const IDENTITY_MAX_FAILURES = 5;
export const IDENTITY_WINDOW_MS = 15 * 60_000;

export function callerKey(caller: Caller): string {
  if (caller.personId) return `p:${caller.personId}`;
  if (caller.openid) return `o:${caller.openid}`;
  throw errors.unauthenticated();
}

/** Refuse a caller with too many recent failures; returns how many failures they have in the window. */
export async function checkRateLimit(tx: Db, key: string, now: Date): Promise<number> {
  const [r] = await rows<{ n: number; oldest: Date | null }>(
    tx,
    sql`SELECT count(*)::int AS n, min(at) AS oldest FROM identity_attempts WHERE caller_key = ${key} AND at > ${new Date(now.getTime() - IDENTITY_WINDOW_MS)}`,
  );
  if (r.n >= IDENTITY_MAX_FAILURES) {
    const waitMs = new Date(r.oldest!).getTime() + IDENTITY_WINDOW_MS - now.getTime();
    const minutes = Math.max(1, Math.ceil(waitMs / 60_000));
    throw new AppError('RATE_LIMITED', `身份核验失败次数过多，请 ${minutes} 分钟后再试`);
  }
  return r.n;
}

export interface RosterCandidate {
  id: string;
  union_id: string;
  name: string;
  phone_hash: string | null;
  id_hash: string | null;
  employee_no: string | null;
  matched_person_id: string | null;
  created_at: Date;
}

export interface MatchResult {
  match: MatchKind;
  entry: RosterCandidate | null;
  /** Field → Chinese message when a roster entry names this ID / employee number but the rest does not fit. */
  mismatch: Record<string, string> | null;
}

const sameName = (a: string, b: string) => a.replace(/\s+/g, '') === b.replace(/\s+/g, '');

/**
 * The matching rule (pure, so it is unit-tested on its own):
 * - by ID number (any union): the name must be the roster's;
 * - by employee number (inviting union only): name and mobile must both be the roster's;
 * - an entry already claimed by another person never matches;
 * - the inviting union's roster wins over another union's ("platform" match).
 * A candidate that names the same ID / employee number but fails the rest is a failed identity proof.
 */
export function matchRoster(
  candidates: RosterCandidate[],
  who: { name: string; idHash: string | null; phoneHash: string; employeeNo: string | null; personId: string | null },
  inviteUnionId: string,
): MatchResult {
  const ok: RosterCandidate[] = [];
  let mismatch: Record<string, string> | null = null;
  for (const c of candidates) {
    const byId = !!who.idHash && c.id_hash === who.idHash;
    const byEmp = !!who.employeeNo && c.union_id === inviteUnionId && c.employee_no === who.employeeNo;
    if (!byId && !byEmp) continue;
    if (c.matched_person_id && c.matched_person_id !== who.personId) {
      mismatch ??= byId
        ? { idNumber: '身份证号：已被其他账号认领，如有疑问请联系工会' }
        : { employeeNo: '工号：已被其他账号认领，如有疑问请联系工会' };
      continue;
    }
    if (byId && sameName(c.name, who.name)) ok.push(c);
    else if (byEmp && sameName(c.name, who.name) && c.phone_hash === who.phoneHash) ok.push(c);
    else if (byId) mismatch ??= { name: '姓名：与花名册中该身份证号登记的姓名不一致' };
    else mismatch ??= { employeeNo: '工号：与花名册中的姓名或手机号不一致' };
  }
  const newest = (list: RosterCandidate[]) =>
    [...list].sort((a, b) => new Date(b.created_at).getTime() - new Date(a.created_at).getTime())[0] ?? null;
  const inUnion = newest(ok.filter((c) => c.union_id === inviteUnionId));
  if (inUnion) return { match: 'union', entry: inUnion, mismatch: null };
  const elsewhere = newest(ok);
  if (elsewhere) return { match: 'platform', entry: elsewhere, mismatch: null };
  return { match: 'none', entry: null, mismatch };
}

/**
 * The one answer to an identity proof that names someone else's record or no record at all: an ID /
 * employee number on a roster under another name, claimed by or bound to another account, or on no
 * roster (without an employer to apply with). Same fields, same message, counted alike, so a caller
 * cannot tell which of these it was (no probing of ID numbers); the reason stays in identity_attempts.
 */
export const IDENTITY_NOT_CONFIRMED: Record<string, string> = {
  name: '姓名：请与身份证号或工号一并核对',
  employer: '工作单位：不在花名册中的职工请填写后提交入会申请',
};

const notConfirmed = (tx: Db, key: string, reason: string, now: Date, priorFailures: number) =>
  recordFailure(
    tx,
    key,
    reason,
    now,
    priorFailures,
    IDENTITY_NOT_CONFIRMED,
    '未能在花名册中核实您的身份，请核对姓名和证件号码；不在花名册中的职工请填写工作单位后提交入会申请',
  );

async function recordFailure(
  tx: Db,
  key: string,
  reason: string,
  now: Date,
  priorFailures: number,
  fields: Record<string, string>,
  summary = `身份信息核对未通过：${Object.values(fields)[0]}`,
): Promise<JoinOutput> {
  await tx.execute(sql`INSERT INTO identity_attempts (caller_key, at, reason) VALUES (${key}, ${now}, ${reason})`);
  const attemptsLeft = Math.max(0, IDENTITY_MAX_FAILURES - priorFailures - 1);
  return {
    outcome: 'mismatch',
    match: 'none',
    union: null,
    memberNo: null,
    applicationId: null,
    message: `${summary}${attemptsLeft > 0 ? `（还可尝试 ${attemptsLeft} 次）` : '（尝试次数已用完，请 15 分钟后再试）'}`,
    fields,
    attemptsLeft,
  };
}

interface PersonRow {
  id: string;
  name: string;
  /** 'placeholder': a WeCom sign-in without a readable contact name; the join form's name replaces it. */
  name_source: 'given' | 'wecom' | 'placeholder';
  openid: string | null;
  id_hash: string | null;
  id_last4: string | null;
  phone_hash: string | null;
  phone_last4: string | null;
}

async function loadPerson(tx: Db, caller: Caller): Promise<PersonRow | null> {
  if (caller.personId) {
    const [p] = await rows<PersonRow>(
      tx,
      sql`SELECT id, name, name_source, openid, id_hash, id_last4, phone_hash, phone_last4 FROM people WHERE id = ${caller.personId}`,
    );
    if (!p) throw errors.unauthenticated();
    return p;
  }
  const [p] = await rows<PersonRow>(
    tx,
    sql`SELECT id, name, name_source, openid, id_hash, id_last4, phone_hash, phone_last4 FROM people WHERE openid = ${caller.openid!}`,
  );
  return p ?? null;
}

/** The membership the person holds or waits on now. */
async function currentState(tx: Db, personId: string) {
  const [active] = await rows<{ id: string; union_id: string; member_no: string }>(
    tx,
    sql`SELECT id, union_id, member_no FROM members WHERE person_id = ${personId} AND status = 'active'`,
  );
  const [pending] = await rows<{
    id: string;
    union_id: string;
    invite_id: string | null;
    kind: string;
    match: MatchKind;
    member_id: string | null;
  }>(
    tx,
    sql`SELECT id, union_id, invite_id, kind, match, member_id FROM applications WHERE person_id = ${personId} AND status = 'pending'`,
  );
  return { active: active ?? null, pending: pending ?? null };
}

/** Nearest district federation above a union (the city federation when there is none). */
export async function districtOf(tx: Db, unionPath: string): Promise<string> {
  const [d] = await rows<{ id: string }>(
    tx,
    sql`SELECT id FROM unions WHERE ${unionPath} LIKE path || '%' AND level IN ('district', 'city')
        ORDER BY (level = 'district') DESC, length(path) DESC LIMIT 1`,
  );
  return d.id;
}

async function claimRosterEntry(tx: Db, entryId: string, personId: string, now: Date) {
  const claimed = await rows<{ id: string }>(
    tx,
    sql`UPDATE roster_entries SET matched_person_id = ${personId}, matched_at = COALESCE(matched_at, ${now})
        WHERE id = ${entryId} AND (matched_person_id IS NULL OR matched_person_id = ${personId}) RETURNING id`,
  );
  if (claimed.length === 0) throw new AppError('ROSTER_CLAIMED', '花名册中的该职工已被其他账号认领，请联系工会');
}

async function insertMember(
  tx: Db,
  personId: string,
  unionId: string,
  status: 'active' | 'pending',
  now: Date,
  previousMemberId: string | null = null,
) {
  const memberNo = await nextMemberNo(tx);
  const [m] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO members (person_id, union_id, member_no, status, joined_at, created_at, previous_member_id)
        VALUES (${personId}, ${unionId}, ${memberNo}, ${status}, ${status === 'active' ? now : null}, ${now}, ${previousMemberId}) RETURNING id`,
  );
  return { id: m.id, memberNo };
}

async function alreadyOutput(
  tx: Db,
  outcome: 'already',
  unionId: string,
  memberNo: string | null,
  applicationId: string | null,
  match: MatchKind,
  message: string,
): Promise<JoinOutput> {
  return { outcome, match, union: toUnionRef(await unionView(tx, unionId)), memberNo, applicationId, message };
}

/**
 * 入会: verify the invite, prove identity against the rosters, then join at once (roster match and the
 * invite auto-approves) or leave a pending application. Idempotent for a repeat of the same request.
 */
export async function joinUnion(
  tx: Db,
  caller: Caller,
  input: {
    inviteCode: string;
    name: string;
    mobile: string;
    idNumber?: string;
    employeeNo?: string;
    employer?: string;
    employerHasNoUnion: boolean;
    groupShare?: GroupShare;
  },
  now: Date,
  audit: Audit,
): Promise<JoinOutput> {
  const inviteId = inviteIdOf(input.inviteCode);
  const invite = await loadInvite(tx, inviteId).catch(() => {
    throw new AppError('INVITE_INVALID', '邀请码无效，请重新打开邀请卡片');
  });
  const key = callerKey(caller);
  // One identity attempt at a time per caller: the failure count below cannot be raced past.
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`);
  const failures = await checkRateLimit(tx, key, now);

  let person = await loadPerson(tx, caller);
  if (person) {
    const state = await currentState(tx, person.id);
    if (state.active) {
      if (state.active.union_id === invite.union_id)
        return alreadyOutput(tx, 'already', state.active.union_id, state.active.member_no, null, 'union', '您已是本会会员');
      const u = await unionView(tx, state.active.union_id);
      throw new AppError('ALREADY_MEMBER', `您已是「${u.shortName}」会员；如需转入新单位工会，请使用“转会”`);
    }
    if (state.pending) {
      if (state.pending.invite_id === invite.id || state.pending.union_id === invite.union_id)
        return alreadyOutput(
          tx,
          'already',
          state.pending.union_id,
          null,
          state.pending.id,
          state.pending.match,
          '您的入会申请正在审核中，请耐心等待',
        );
      throw new AppError('APPLICATION_PENDING', '您已有一份正在审核的申请，请等待审核结果后再申请');
    }
  }
  const problem = inviteProblem(invite, now);
  if (problem) throw problem;
  if (invite.group_only) await checkGroupShare(tx, person?.id ?? null, invite, input.groupShare);

  const idNumber = input.idNumber ? normaliseIdNumber(input.idNumber) : null;
  const idHash = idNumber ? hashIdNumber(idNumber) : null;
  const mobile = normalisePhone(input.mobile);
  const phoneHash = hashPhone(mobile);
  const employeeNo = input.employeeNo?.trim() || null;

  // An account already on the platform joins as itself, not as a colleague whose details it knows.
  // A placeholder is no name: it is never compared (and never spends an attempt); the form's name replaces it.
  if (person && person.name_source !== 'placeholder' && !sameName(person.name, input.name))
    return recordFailure(tx, key, 'name_differs', now, failures, {
      name: `姓名：与您账号登记的姓名（${person.name.slice(0, 1)}*）不一致`,
    });
  // One identity across the platform: an ID number belongs to one person.
  if (idHash) {
    if (person?.id_hash && person.id_hash !== idHash)
      return recordFailure(tx, key, 'id_differs', now, failures, { idNumber: '身份证号：与您此前登记的身份证号不一致' });
    const [owner] = await rows<{ id: string }>(tx, sql`SELECT id FROM people WHERE id_hash = ${idHash}`);
    if (owner && owner.id !== person?.id) {
      // the same worker from the other app (WeChat ↔ WeCom): one person, once the identity check holds
      const linked = await linkToIdentityOwner(tx, caller, person, owner.id, { name: input.name, phoneHash }, audit);
      if (!linked) return notConfirmed(tx, key, 'id_in_use', now, failures);
      const out = await joinUnion(tx, { ...caller, personId: linked.personId }, input, now, audit);
      return linked.session ? { ...out, session: linked.session } : out;
    }
  }

  const candidates = await rows<RosterCandidate>(
    tx,
    sql`SELECT id, union_id, name, phone_hash, id_hash, employee_no, matched_person_id, created_at FROM roster_entries
        WHERE ${idHash ? sql`id_hash = ${idHash}` : sql`false`}
           OR ${employeeNo ? sql`(union_id = ${invite.union_id} AND employee_no = ${employeeNo})` : sql`false`}`,
  );
  const result = matchRoster(
    candidates,
    { name: input.name, idHash, phoneHash, employeeNo, personId: person?.id ?? null },
    invite.union_id,
  );
  if (result.match === 'none' && result.mismatch) return notConfirmed(tx, key, 'roster_mismatch', now, failures);
  if (result.match === 'none' && !input.employer) return notConfirmed(tx, key, 'not_on_roster', now, failures);

  // The person: create (a WeChat user new to the platform, openid bound) or complete their identifiers.
  if (!person) {
    [person] = await rows<PersonRow>(
      tx,
      sql`INSERT INTO people (name, openid, unionid, phone_hash, phone_last4, id_hash, id_last4)
          VALUES (${input.name}, ${caller.openid!}, ${caller.unionid ?? null}, ${phoneHash}, ${last4(mobile)}, ${idHash}, ${idNumber ? last4(idNumber) : null})
          RETURNING id, name, name_source, openid, id_hash, id_last4, phone_hash, phone_last4`,
    );
  } else {
    await tx.execute(sql`UPDATE people SET phone_hash = ${phoneHash}, phone_last4 = ${last4(mobile)},
        name = CASE WHEN name_source = 'placeholder' THEN ${input.name.trim()} ELSE name END,
        name_source = CASE WHEN name_source = 'placeholder' THEN 'given' ELSE name_source END,
        id_hash = COALESCE(id_hash, ${idHash}), id_last4 = COALESCE(id_last4, ${idNumber ? last4(idNumber) : null}),
        openid = COALESCE(openid, ${caller.openid ?? null}) WHERE id = ${person.id}`);
  }
  await consumeInvite(tx, invite.id, now);
  return admit(tx, {
    personId: person.id,
    invite,
    match: result.match,
    entry: result.entry,
    name: input.name,
    phoneLast4: last4(mobile),
    idLast4: idNumber ? last4(idNumber) : null,
    employeeNo,
    employer: input.employer ?? null,
    employerHasNoUnion: input.employerHasNoUnion,
    fromMemberId: null,
    now,
    audit,
  });
}

interface Admission {
  personId: string;
  invite: InviteRow;
  match: MatchKind;
  entry: RosterCandidate | null;
  name: string;
  phoneLast4: string | null;
  idLast4: string | null;
  employeeNo: string | null;
  employer: string | null;
  employerHasNoUnion: boolean;
  /** Transfers: the active membership being left. */
  fromMemberId: string | null;
  now: Date;
  audit: Audit;
}

/** The application row of an admission: decided at once ('approved') or waiting for review ('pending'). */
async function insertApplication(
  tx: Db,
  a: Admission,
  kind: 'join' | 'transfer',
  unionId: string,
  memberId: string | null,
  status: 'approved' | 'pending',
): Promise<{ id: string }> {
  const decidedAt = status === 'approved' ? a.now : null;
  const [app] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO applications (kind, union_id, invite_id, person_id, member_id, from_member_id, name, phone_last4, id_last4, employee_no, employer, match, roster_entry_id, status, decided_at, created_at)
        VALUES (${kind}, ${unionId}, ${a.invite.id}, ${a.personId}, ${memberId}, ${a.fromMemberId}, ${a.name}, ${a.phoneLast4}, ${a.idLast4}, ${a.employeeNo}, ${a.employer}, ${a.match}, ${a.entry?.id ?? null}, ${status}, ${decidedAt}, ${a.now})
        RETURNING id`,
  );
  return app;
}

/** Join at once, or file the application for review; one row in `applications` either way. */
async function admit(tx: Db, a: Admission): Promise<JoinOutput> {
  const kind = a.fromMemberId ? 'transfer' : 'join';
  const targetUnionId = a.entry?.union_id ?? a.invite.union_id;
  const target = await unionView(tx, targetUnionId);
  if (a.entry && a.invite.auto_approve) {
    await claimRosterEntry(tx, a.entry.id, a.personId, a.now);
    if (a.fromMemberId) await closeOldMembership(tx, a.fromMemberId, a.personId, a.now);
    const m = await insertMember(tx, a.personId, targetUnionId, 'active', a.now, a.fromMemberId);
    const app = await insertApplication(tx, a, kind, targetUnionId, m.id, 'approved');
    await a.audit({
      action: kind === 'join' ? 'membership.join' : 'membership.transfer',
      unionId: targetUnionId,
      targetType: 'member',
      targetId: m.id,
      detail: {
        outcome: 'joined',
        match: a.match,
        inviteId: a.invite.id,
        applicationId: app.id,
        rosterEntryId: a.entry.id,
        fromMemberId: a.fromMemberId,
      },
    });
    return {
      outcome: 'joined',
      match: a.match,
      union: toUnionRef(target),
      memberNo: m.memberNo,
      applicationId: app.id,
      message: kind === 'join' ? `入会成功，欢迎加入${target.shortName}` : `转会成功，您已转入${target.shortName}`,
    };
  }
  // Pending: the target union reviews; a worker whose employer has no union goes to the district federation.
  const reviewUnionId = a.match === 'none' && a.employerHasNoUnion ? await districtOf(tx, target.path) : targetUnionId;
  const member =
    reviewUnionId === targetUnionId ? await insertMember(tx, a.personId, targetUnionId, 'pending', a.now, a.fromMemberId) : null;
  const app = await insertApplication(tx, a, kind, reviewUnionId, member?.id ?? null, 'pending');
  await a.audit({
    action: kind === 'join' ? 'membership.apply' : 'membership.applyTransfer',
    unionId: reviewUnionId,
    targetType: 'application',
    targetId: app.id,
    detail: { match: a.match, inviteId: a.invite.id, rosterEntryId: a.entry?.id ?? null, fromMemberId: a.fromMemberId },
  });
  const reviewer = reviewUnionId === targetUnionId ? target : await unionView(tx, reviewUnionId);
  return {
    outcome: 'pending',
    match: a.match,
    union: toUnionRef(reviewer),
    memberNo: null,
    applicationId: app.id,
    message: `申请已提交，等待${reviewer.shortName}审核`,
  };
}

/** The membership a transfer leaves: 'transferred', kept as history; the roles held on that union end with it. */
export async function closeOldMembership(tx: Db, memberId: string, actorId: string | null, now: Date) {
  const [closed] = await rows<{ person_id: string; union_id: string }>(
    tx,
    sql`UPDATE members SET status = 'transferred', left_at = ${now} WHERE id = ${memberId} AND status = 'active' RETURNING person_id, union_id`,
  );
  if (!closed) throw new AppError('NOT_MEMBER', '原会员关系已不是正常状态，无法转会');
  await endRoleGrants(tx, closed.person_id, closed.union_id, actorId, '转出本会，职务随之终止', now);
  await revokeSessions(tx, closed.person_id);
}

/** 转会: move an active membership to the union of the invite, history kept. */
export async function transferUnion(
  tx: Db,
  caller: Caller,
  input: { inviteCode: string; reason?: string },
  now: Date,
  audit: Audit,
): Promise<JoinOutput> {
  const invite = await loadInvite(tx, inviteIdOf(input.inviteCode)).catch(() => {
    throw new AppError('INVITE_INVALID', '邀请码无效，请重新打开邀请卡片');
  });
  if (!caller.personId) throw errors.unauthenticated();
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${callerKey(caller)}))`);
  const person = (await loadPerson(tx, caller))!;
  const state = await currentState(tx, person.id);
  if (!state.active) throw new AppError('NOT_MEMBER', '您还不是会员，请直接申请入会');
  if (state.pending) {
    if (state.pending.invite_id === invite.id)
      return alreadyOutput(
        tx,
        'already',
        state.pending.union_id,
        null,
        state.pending.id,
        state.pending.match,
        '您的转会申请正在审核中，请耐心等待',
      );
    throw new AppError('APPLICATION_PENDING', '您已有一份正在审核的申请，请等待审核结果后再申请');
  }
  if (state.active.union_id === invite.union_id) throw new AppError('SAME_UNION', '您已是该工会会员，无需转会');
  await assertNotLastChair(tx, person.id, state.active.union_id);
  const problem = inviteProblem(invite, now);
  if (problem) throw problem;
  // Identity is already proven: match the new union's roster by the ID number (or mobile + name) on file.
  const candidates = await rows<RosterCandidate>(
    tx,
    sql`SELECT id, union_id, name, phone_hash, id_hash, employee_no, matched_person_id, created_at FROM roster_entries
        WHERE union_id = ${invite.union_id} AND (matched_person_id IS NULL OR matched_person_id = ${person.id})
          AND (${person.id_hash ? sql`id_hash = ${person.id_hash}` : sql`false`}
               OR ${person.phone_hash ? sql`(phone_hash = ${person.phone_hash} AND name = ${person.name})` : sql`false`})
        ORDER BY created_at DESC LIMIT 1`,
  );
  await consumeInvite(tx, invite.id, now);
  const out = await admit(tx, {
    personId: person.id,
    invite,
    match: candidates[0] ? 'union' : 'none',
    entry: candidates[0] ?? null,
    name: person.name,
    phoneLast4: person.phone_last4,
    idLast4: person.id_last4,
    employeeNo: null,
    employer: input.reason ? `转会原因：${input.reason}` : null,
    employerHasNoUnion: false,
    fromMemberId: state.active.id,
    now,
    audit,
  });
  return out;
}

/** 退会: the active membership ends ('left'); a pending transfer closes with it. */
export async function leaveUnion(tx: Db, personId: string, reason: string, now: Date, audit: Audit) {
  const [m] = await rows<{ id: string; union_id: string }>(
    tx,
    sql`UPDATE members SET status = 'left', left_at = ${now} WHERE person_id = ${personId} AND status = 'active' RETURNING id, union_id`,
  );
  if (!m) throw new AppError('NOT_MEMBER', '您当前没有正常状态的会员关系');
  await assertNotLastChair(tx, personId, m.union_id);
  const roles = await endRoleGrants(tx, personId, m.union_id, personId, '本人退会，职务随之终止', now);
  await revokeSessions(tx, personId);
  const closed = await rows<{ id: string; member_id: string | null }>(
    tx,
    sql`UPDATE applications SET status = 'rejected', reject_reason = '申请人已退会，转会申请自动关闭', decided_at = ${now}
        WHERE person_id = ${personId} AND status = 'pending' AND from_member_id = ${m.id} RETURNING id, member_id`,
  );
  for (const c of closed)
    if (c.member_id)
      await tx.execute(sql`UPDATE members SET status = 'rejected' WHERE id = ${c.member_id} AND status = 'pending'`);
  await audit({
    action: 'membership.leave',
    unionId: m.union_id,
    targetType: 'member',
    targetId: m.id,
    detail: { reason, closedApplications: closed.map((c) => c.id), endedRoles: roles },
  });
  return { memberId: m.id, status: 'left' as const };
}
