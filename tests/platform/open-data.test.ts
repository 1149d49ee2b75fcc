import crypto from 'node:crypto';
import { decryptOpenData, groupOf } from '../../cloudfunctions/core/platform/open-data';
import { shareInfoFor } from '../../cloudfunctions/gateway/platform-standin';

/** Group-limited invites' building block: the openGId from getShareInfo, decrypted as WeChat documents it. */
const APPID = 'wxstandinminiapp';
const key = () => crypto.randomBytes(16).toString('base64');

test('the group of a share card comes out under the session key of the person who opened it, for our appid only', () => {
  const sessionKey = key();
  const info = shareInfoFor(sessionKey, 'tGgroupA', APPID);
  expect(groupOf(sessionKey, info.encryptedData, info.iv, APPID)).toBe('tGgroupA');
  expect(decryptOpenData(sessionKey, info.encryptedData, info.iv, APPID).watermark?.appid).toBe(APPID);

  // another person's session key, another mini-program, or tampered data: refused, naming the field
  expect(() => groupOf(key(), info.encryptedData, info.iv, APPID)).toThrow(/群信息/);
  expect(() => groupOf(sessionKey, info.encryptedData, info.iv, 'wxsomeoneelse')).toThrow(/群信息/);
  const tampered = Buffer.from(info.encryptedData, 'base64');
  tampered[0] ^= 1;
  expect(() => groupOf(sessionKey, tampered.toString('base64'), info.iv, APPID)).toThrow(/群信息/);
  expect(() => groupOf(sessionKey, 'not base64 at all', info.iv, APPID)).toThrow(/群信息/);
});
