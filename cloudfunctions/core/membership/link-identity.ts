import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import type { Caller } from '../auth/caller';
import type { AuditEntry } from '../audit';
import { issuePersonSession, revokeSessions } from '../auth/identity';
import { getRuntime } from '../runtime';

type Audit = (entry: Omit<AuditEntry, 'actorId'>) => Promise<void>;

const sameName = (a: string, b: string) => a.replace(/\s+/g, '') === b.replace(/\s+/g, '');

/**
 * One worker in both apps is one person. A caller whose ID number already belongs to a person signed in from the
 * other app (WeChat ↔ WeCom) is linked to that person — not refused — once the identity check holds: the name and the
 * mobile given now are those on file for that ID number, and that person has no identity of the caller's kind yet.
 * Returns the person to continue as (and, for a WeCom caller, a new session for them), or null: not confirmed.
 */
export async function linkToIdentityOwner(
  tx: Db,
  caller: Caller,
  newcomer: { id: string } | null,
  ownerId: string,
  proof: { name: string; phoneHash: string },
  audit: Audit,
): Promise<{ personId: string; session: string | null } | null> {
  const [owner] = await rows<{
    id: string;
    name: string;
    name_source: string;
    phone_hash: string | null;
    openid: string | null;
    wecom_user_id: string | null;
  }>(tx, sql`SELECT id, name, name_source, phone_hash, openid, wecom_user_id FROM people WHERE id = ${ownerId} FOR UPDATE`);
  if (!owner || owner.name_source === 'placeholder' || !sameName(owner.name, proof.name) || owner.phone_hash !== proof.phoneHash)
    return null;
  if (caller.source === 'wechat' && caller.openid && !owner.openid && !newcomer) {
    await tx.execute(
      sql`UPDATE people SET openid = ${caller.openid}, unionid = COALESCE(unionid, ${caller.unionid ?? null}) WHERE id = ${owner.id}`,
    );
    await audit({
      action: 'membership.linkIdentity',
      unionId: null,
      targetType: 'person',
      targetId: owner.id,
      detail: { linked: 'wechat' },
    });
    return { personId: owner.id, session: null };
  }
  if (caller.source === 'wecom' && newcomer && !owner.wecom_user_id) {
    // The account WeCom sign-in created moves onto the person: its binding goes over, its sessions end.
    const [moved] = await rows<{ corp: string; user: string }>(
      tx,
      sql`UPDATE people p SET wecom_corp_id = NULL, wecom_user_id = NULL FROM people old
          WHERE p.id = ${newcomer.id} AND old.id = p.id AND p.id_hash IS NULL
          RETURNING old.wecom_corp_id AS corp, old.wecom_user_id AS user`,
    );
    if (!moved?.corp) return null;
    await tx.execute(sql`UPDATE people SET wecom_corp_id = ${moved.corp}, wecom_user_id = ${moved.user} WHERE id = ${owner.id}`);
    await revokeSessions(tx, newcomer.id);
    await audit({
      action: 'membership.linkIdentity',
      unionId: null,
      targetType: 'person',
      targetId: owner.id,
      detail: { linked: 'wecom', from: newcomer.id },
    });
    const runtime = await getRuntime();
    return {
      personId: owner.id,
      session: runtime.secret ? await issuePersonSession(tx, runtime.secret, owner.id, 'wecom') : null,
    };
  }
  return null;
}
