import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { AppError, errors } from '../errors';
import type { InviteInfo, InviteView } from '@shared/contracts/membership';
import { sign, verifySignature } from './identity-hash';
import { iso, toUnionRef, unionView } from './common';

/** Compact signed invite code: the invite id without dashes, a dot, 12 bytes of HMAC (base64url). */
export function inviteCodeOf(inviteId: string): string {
  const hex = inviteId.replace(/-/g, '');
  return `${hex}.${sign('invite', hex)}`;
}

/** The invite id a code names, or INVITE_INVALID when the signature does not hold. */
export function inviteIdOf(code: string): string {
  const [hex, signature] = code.split('.');
  if (!hex || !signature || !/^[0-9a-f]{32}$/.test(hex) || !verifySignature('invite', hex, signature))
    throw new AppError('INVITE_INVALID', '邀请码无效，请重新打开邀请卡片', { inviteCode: '邀请码：无效' });
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface InviteRow {
  id: string;
  union_id: string;
  note: string | null;
  expires_at: Date;
  max_uses: number | null;
  used_count: number;
  auto_approve: boolean;
  group_only: boolean;
  group_id: string | null;
  revoked_at: Date | null;
  created_at: Date;
}

export async function loadInvite(tx: Db, inviteId: string): Promise<InviteRow> {
  const [r] = await rows<InviteRow>(tx, sql`SELECT * FROM invites WHERE id = ${inviteId}`);
  if (!r) throw errors.notFound('邀请');
  return r;
}

/** Why an invite can no longer be used, or null. */
export function inviteProblem(inv: InviteRow, now: Date): AppError | null {
  if (inv.revoked_at) return new AppError('INVITE_REVOKED', '该邀请已被工会撤回，请联系工会获取新的邀请');
  if (new Date(inv.expires_at) <= now) return new AppError('INVITE_EXPIRED', '该邀请已过期，请联系工会获取新的邀请');
  if (inv.max_uses !== null && inv.used_count >= inv.max_uses)
    return new AppError('INVITE_EXHAUSTED', '该邀请的名额已用完，请联系工会获取新的邀请');
  return null;
}

/**
 * Count one use of the invite, enforced by the database: the UPDATE only matches an invite that is
 * still unrevoked, unexpired and under its limit, so concurrent joins can never exceed max_uses.
 */
export async function consumeInvite(tx: Db, inviteId: string, now: Date): Promise<void> {
  const updated = await rows<{ id: string }>(
    tx,
    sql`UPDATE invites SET used_count = used_count + 1
        WHERE id = ${inviteId} AND revoked_at IS NULL AND expires_at > ${now} AND (max_uses IS NULL OR used_count < max_uses)
        RETURNING id`,
  );
  if (updated.length === 0)
    throw inviteProblem(await loadInvite(tx, inviteId), now) ?? new AppError('INVITE_INVALID', '邀请不可用');
}

export async function inviteView(tx: Db, inv: InviteRow, now: Date): Promise<InviteView> {
  const [c] = await rows<{ joined: number; pending: number }>(
    tx,
    sql`SELECT count(*) FILTER (WHERE status = 'approved')::int AS joined, count(*) FILTER (WHERE status = 'pending')::int AS pending
        FROM applications WHERE invite_id = ${inv.id}`,
  );
  const code = inviteCodeOf(inv.id);
  return {
    id: inv.id,
    code,
    unionId: inv.union_id,
    note: inv.note,
    expiresAt: iso(inv.expires_at)!,
    maxUses: inv.max_uses,
    usedCount: inv.used_count,
    autoApprove: inv.auto_approve,
    groupOnly: inv.group_only,
    groupBound: inv.group_id !== null,
    revoked: !!inv.revoked_at,
    active: !inviteProblem(inv, now),
    joinedCount: c.joined,
    pendingCount: c.pending,
    path: `/pages/membership/join/index?invite=${code}`,
    h5Path: `#/pages/membership/join/index?invite=${code}`,
    createdAt: iso(inv.created_at)!,
  };
}

export async function createInvite(
  tx: Db,
  personId: string,
  input: {
    unionId: string;
    expiresInDays: number;
    maxUses: number | null;
    autoApprove: boolean;
    groupOnly: boolean;
    note?: string;
  },
  now: Date,
): Promise<InviteView> {
  const u = await unionView(tx, input.unionId);
  if (u.level !== 'grassroots') throw new AppError('NOT_GRASSROOTS', '只有基层工会可以发出入会邀请');
  const expires = new Date(now.getTime() + input.expiresInDays * 86_400_000);
  const [inv] = await rows<InviteRow>(
    tx,
    sql`INSERT INTO invites (union_id, created_by, note, expires_at, max_uses, auto_approve, group_only, created_at)
        VALUES (${input.unionId}, ${personId}, ${input.note ?? null}, ${expires}, ${input.maxUses}, ${input.autoApprove},
                ${input.groupOnly}, ${now}) RETURNING *`,
  );
  return inviteView(tx, inv, now);
}

export async function listInvites(tx: Db, unionId: string, now: Date) {
  const list = await rows<InviteRow>(
    tx,
    sql`SELECT * FROM invites WHERE union_id = ${unionId} ORDER BY created_at DESC LIMIT 100`,
  );
  const invites: InviteView[] = [];
  for (const inv of list) invites.push(await inviteView(tx, inv, now));
  return { invites };
}

export async function revokeInvite(tx: Db, personId: string, inviteId: string, now: Date): Promise<InviteView> {
  const [inv] = await rows<InviteRow>(
    tx,
    sql`UPDATE invites SET revoked_at = ${now}, revoked_by = ${personId} WHERE id = ${inviteId} AND revoked_at IS NULL RETURNING *`,
  );
  if (!inv) throw new AppError('INVITE_REVOKED', '该邀请已撤回');
  return inviteView(tx, inv, now);
}

export async function inviteInfo(tx: Db, code: string, now: Date): Promise<InviteInfo> {
  const inv = await loadInvite(tx, inviteIdOf(code));
  const u = await unionView(tx, inv.union_id);
  const problem = inviteProblem(inv, now);
  return {
    union: toUnionRef(u),
    valid: !problem,
    reason: problem?.message ?? null,
    expiresAt: iso(inv.expires_at)!,
    autoApprove: inv.auto_approve,
    groupOnly: inv.group_only,
  };
}
