import crypto from 'node:crypto';
import { AppError } from '../errors';

/**
 * WeChat open data (加密数据解密算法): what `wx.getShareInfo` / `wx.getGroupEnterInfo` hand the mini-program
 * (`encryptedData`, `iv`) is AES-128-CBC, PKCS#7 padded, under the user's `session_key` from the login code
 * exchange; the JSON carries `watermark.appid`, which must be our mini-program. Used for group-limited invites:
 * the share card opened from a group gives its `openGId` (`opengid` from getGroupEnterInfo).
 */
export interface OpenData {
  openGId?: string;
  opengid?: string;
  watermark?: { appid?: string; timestamp?: number };
}

const refused = () =>
  new AppError('INVALID_INPUT', '群信息：无法验证，请从群聊中的邀请卡片重新打开', { encryptedData: '群信息：无法验证' });

export function decryptOpenData(sessionKey: string, encryptedData: string, iv: string, appId: string): OpenData {
  let data: OpenData;
  try {
    const key = Buffer.from(sessionKey, 'base64');
    const d = crypto.createDecipheriv('aes-128-cbc', key, Buffer.from(iv, 'base64'));
    const plain = Buffer.concat([d.update(Buffer.from(encryptedData, 'base64')), d.final()]).toString('utf8');
    data = JSON.parse(plain) as OpenData;
  } catch {
    throw refused();
  }
  if (data.watermark?.appid !== appId) throw refused();
  return data;
}

/** The group a share card was opened from (getShareInfo's `openGId`, getGroupEnterInfo's `opengid`). */
export function groupOf(sessionKey: string, encryptedData: string, iv: string, appId: string): string {
  const data = decryptOpenData(sessionKey, encryptedData, iv, appId);
  const gid = data.openGId ?? data.opengid;
  if (!gid) throw refused();
  return gid;
}
