import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/client';
import { AppError } from '../errors';
import { getRuntime } from '../runtime';
import { decryptOpenData } from '../platform/open-data';
import { corpLookups, notConfigured } from '../auth/wecom-setup';
import { wecomFailure } from '../auth/wecom';
import { inviteIdOf, type InviteRow } from './invites';

/** What the join page sends for a group-only invite: a fresh login code and the card's encrypted share info. */
export interface GroupShare {
  code: string;
  encryptedData: string;
  iv: string;
}

const onlyInGroup = (why: string) => new AppError('GROUP_ONLY', why);

/**
 * 仅限本群: a group-only invite is joined only through the WeCom 私密消息 card it was shared as. The officer shared
 * it with `wx.qy.setShareAttr({ withShareTicket: true, state: <invite code> })`; the joiner's client read the card's
 * shareTicket (`wx.qy.getContext`), logged in afresh (`wx.qy.login`) and asked `wx.qy.getShareInfo`, whose
 * `encryptedData` is AES-128-CBC under the session key of that login. Here the code is exchanged with WeCom (never
 * trusted from the client) — it must be the caller's own WeCom account — the share info decrypted with that key
 * (watermark: our mini-program), its `state` must name this invite, and its group is the invite's group: bound by the
 * first join, the same for every later one.
 */
export async function checkGroupShare(tx: Db, personId: string | null, invite: InviteRow, share: GroupShare | undefined) {
  if (!share) throw onlyInGroup('该邀请仅限群内成员使用，请在企业微信群中打开工会分享的邀请卡片');
  const runtime = await getRuntime();
  const appId = process.env.PU_MINIPROGRAM_APPID;
  if (!runtime.wecom || !appId) throw notConfigured();
  let identity;
  try {
    identity = await runtime.wecom(share.code, corpLookups(tx));
  } catch (e) {
    throw wecomFailure(e);
  }
  const [me] = personId
    ? await rows<{ wecom_corp_id: string | null; wecom_user_id: string | null }>(
        tx,
        sql`SELECT wecom_corp_id, wecom_user_id FROM people WHERE id = ${personId}`,
      )
    : [];
  if (!me || me.wecom_corp_id !== identity.corpId || me.wecom_user_id !== identity.userId)
    throw onlyInGroup('请使用本人的企业微信从群聊中的邀请卡片打开');
  if (!identity.sessionKey) throw onlyInGroup('群信息：无法验证，请从群聊中的邀请卡片重新打开');
  const data = decryptOpenData(identity.sessionKey, share.encryptedData, share.iv, appId) as {
    opengid?: string;
    openGId?: string;
    state?: string;
  };
  const group = data.opengid ?? data.openGId;
  let stated: string | null = null;
  try {
    stated = data.state ? inviteIdOf(data.state) : null;
  } catch {
    stated = null;
  }
  if (!group || stated !== invite.id) throw onlyInGroup('该邀请卡片不是分享到本群的，请打开群里的邀请卡片');
  // the first join through the card binds the invite to its group; later ones must come from the same group
  const [bound] = await rows<{ group_id: string }>(
    tx,
    sql`UPDATE invites SET group_id = COALESCE(group_id, ${group}) WHERE id = ${invite.id} RETURNING group_id`,
  );
  if (bound.group_id !== group) throw onlyInGroup('该邀请仅限分享到的群内成员使用');
}
