import { sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import { rows, type Db } from '../db/client';
import { AppError, errors } from '../errors';
import type { MembershipStatus, MyMembershipOutput, VerifyCardOutput } from '@shared/contracts/membership';
import { sign, verifySignature } from './identity-hash';
import { iso, toUnionRef, unionView } from './common';
import { applicationView, loadApplication } from './applications';

/** How long a member-card QR stays valid: long enough to show it, short enough that a screenshot goes stale. */
export const CARD_QR_TTL_MS = 30 * 60_000;

/** `PUC1.<member id hex>.<expiry, base36 seconds>.<signature>` */
export function cardCodeOf(memberId: string, expiresAt: Date): string {
  const payload = `${memberId.replace(/-/g, '')}.${Math.floor(expiresAt.getTime() / 1000).toString(36)}`;
  return `PUC1.${payload}.${sign('card', payload)}`;
}

export function readCardCode(code: string, now: Date | null): { memberId: string; expiresAt: Date } {
  const parts = code.trim().split('.');
  const invalid = () => new AppError('CARD_INVALID', '会员证二维码无效', { code: '会员证二维码：无效' });
  if (parts.length !== 4 || parts[0] !== 'PUC1' || !/^[0-9a-f]{32}$/.test(parts[1])) throw invalid();
  const payload = `${parts[1]}.${parts[2]}`;
  if (!verifySignature('card', payload, parts[3])) throw invalid();
  const expiresAt = new Date(parseInt(parts[2], 36) * 1000);
  if (now && !(expiresAt > now)) throw new AppError('CARD_EXPIRED', '会员证二维码已过期，请会员刷新后重新出示');
  const h = parts[1];
  return { memberId: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`, expiresAt };
}

/** The union of the member a card names (authorization scope of verifyCard). */
export async function cardUnion(tx: Db, code: string): Promise<string> {
  const { memberId } = readCardCode(code, null);
  const [m] = await rows<{ union_id: string }>(tx, sql`SELECT union_id FROM members WHERE id = ${memberId}`);
  if (!m) throw errors.notFound('会员');
  return m.union_id;
}

async function lineageOf(tx: Db, path: string): Promise<string[]> {
  const ids = path.split('/').filter(Boolean);
  const list = await rows<{ id: string; name: string }>(
    tx,
    sql`SELECT id, name FROM unions WHERE id IN (${sql.join(
      ids.map((i) => sql`${i}`),
      sql`, `,
    )})`,
  );
  return ids.map((i) => list.find((u) => u.id === i)?.name ?? '');
}

export async function myMembership(tx: Db, personId: string, now: Date): Promise<MyMembershipOutput> {
  const [person] = await rows<{ id: string; name: string }>(tx, sql`SELECT id, name FROM people WHERE id = ${personId}`);
  if (!person) throw errors.unauthenticated();
  const history = await rows<{
    id: string;
    union_id: string;
    member_no: string;
    status: MembershipStatus;
    joined_at: Date | null;
    left_at: Date | null;
  }>(
    tx,
    sql`SELECT id, union_id, member_no, status, joined_at, left_at FROM members WHERE person_id = ${personId} ORDER BY (status = 'active') DESC, COALESCE(joined_at, created_at) DESC`,
  );
  const active = history.find((m) => m.status === 'active');
  let card: MyMembershipOutput['card'] = null;
  if (active) {
    const u = await unionView(tx, active.union_id);
    const expiresAt = new Date(now.getTime() + CARD_QR_TTL_MS);
    const code = cardCodeOf(active.id, expiresAt);
    card = {
      memberId: active.id,
      memberNo: active.member_no,
      union: { ...toUnionRef(u), logoUrl: u.logoUrl, lineage: await lineageOf(tx, u.path) },
      joinedAt: iso(active.joined_at),
      qr: {
        code,
        dataUrl: await QRCode.toDataURL(code, { errorCorrectionLevel: 'M', margin: 1, width: 240 }),
        expiresAt: expiresAt.toISOString(),
      },
    };
  }
  const [pending] = await rows<{ id: string }>(
    tx,
    sql`SELECT id FROM applications WHERE person_id = ${personId} AND status = 'pending'`,
  );
  const [decided] = await rows<{ id: string }>(
    tx,
    sql`SELECT id FROM applications WHERE person_id = ${personId} AND status <> 'pending' ORDER BY decided_at DESC NULLS LAST LIMIT 1`,
  );
  const unionsById = new Map<string, Awaited<ReturnType<typeof unionView>>>();
  for (const m of history) if (!unionsById.has(m.union_id)) unionsById.set(m.union_id, await unionView(tx, m.union_id));
  return {
    person,
    card,
    pending: pending ? await applicationView(tx, await loadApplication(tx, pending.id)) : null,
    lastDecided: decided ? await applicationView(tx, await loadApplication(tx, decided.id)) : null,
    history: history
      .filter((m) => m.status !== 'pending')
      .map((m) => ({
        union: toUnionRef(unionsById.get(m.union_id)!),
        memberNo: m.member_no,
        status: m.status,
        joinedAt: iso(m.joined_at),
        leftAt: iso(m.left_at),
      })),
  };
}

export async function verifyCard(tx: Db, code: string, now: Date): Promise<VerifyCardOutput> {
  const { memberId, expiresAt } = readCardCode(code, now);
  const [m] = await rows<{ member_no: string; status: MembershipStatus; joined_at: Date | null; union_id: string; name: string }>(
    tx,
    sql`SELECT m.member_no, m.status, m.joined_at, m.union_id, p.name FROM members m JOIN people p ON p.id = m.person_id WHERE m.id = ${memberId}`,
  );
  if (!m) throw errors.notFound('会员');
  return {
    valid: m.status === 'active',
    name: m.name,
    memberNo: m.member_no,
    union: toUnionRef(await unionView(tx, m.union_id)),
    status: m.status,
    joinedAt: iso(m.joined_at),
    expiresAt: expiresAt.toISOString(),
  };
}
