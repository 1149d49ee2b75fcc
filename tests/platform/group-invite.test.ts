import { sql } from 'drizzle-orm';
import { configureRuntime } from '../../cloudfunctions/core/runtime';
import { main as unionsMain } from '../../cloudfunctions/unions';
import { main as membershipMain } from '../../cloudfunctions/membership';
import { rows } from '../../cloudfunctions/core/db/client';
import { wecomExchangeFromEnv } from '../../cloudfunctions/core/auth/wecom';
import { resetWecomTokens } from '../../cloudfunctions/core/platform/wecom-api';
import { DEMO_ROSTER } from '../../cloudfunctions/core/membership/seed';
import { startPlatformStandIn, type PlatformStandIn } from '../../cloudfunctions/gateway/platform-standin';
import { createHarness, type Harness } from '../support/harness';
import type { ApiResponse } from '@shared/contracts';

process.env.PU_HASH_KEY ??= 'membership-test-hash-key';

/**
 * 仅限本群: an invite shared as a WeCom 私密消息 card is joined only through that card in that group. The joiner's
 * client sends a fresh `wx.qy.login` code and what `wx.qy.getShareInfo` gave (the stand-in encrypts it under that
 * login's session key, as WeCom does); the server exchanges the code itself, decrypts, checks the card's state names
 * the invite and binds the invite to the first group.
 */
const CORP = 'wwgroupcorp';
const APPID = 'wxgroupinvitetest';
const SESSION_SECRET = new TextEncoder().encode('test-secret-test-secret-test-secret');
const [a, b, c] = [DEMO_ROSTER[9], DEMO_ROSTER[8], DEMO_ROSTER[7]]; // on 星火电子工会's roster, not yet members

let h: Harness;
let standIn: PlatformStandIn;

type Res<T> = ApiResponse<T>;
const must = <T>(r: Res<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code} ${r.error.message}`);
  return r.data;
};
const signIn = async (user: string) =>
  must(
    (await unionsMain({ action: 'unions.wecomLogin', input: { code: standIn.loginCode(CORP, user) } }, { local: true })) as Res<{
      token: string;
    }>,
  ).token;
const join = (token: string, input: Record<string, unknown>) =>
  membershipMain({ action: 'membership.join', input }, { local: true, sessionToken: token }) as Promise<Res<{ outcome: string }>>;
/** The joiner's phone: a fresh login, then the card's share info under that login's key. */
const fromCard = (user: string, group: string, state: string) => {
  const code = standIn.loginCode(CORP, user);
  return { code, ...standIn.groupShareInfo(code, group, state, APPID) };
};
const form = (p: (typeof DEMO_ROSTER)[number]) => ({ name: p.name, mobile: p.mobile, idNumber: p.idNumber });

beforeAll(async () => {
  h = await createHarness();
  standIn = await startPlatformStandIn({
    corps: [
      { corpId: CORP, secret: 'group-corp-secret', users: { a: { name: a.name }, b: { name: b.name }, c: { name: c.name } } },
    ],
  });
  process.env.PU_MINIPROGRAM_APPID = APPID;
  resetWecomTokens();
  const wecom = wecomExchangeFromEnv({
    WECOM_CORP_ID: CORP,
    WECOM_APP_SECRET: 'group-corp-secret',
    PU_WECOM_API_BASE: standIn.wecomBase,
  } as NodeJS.ProcessEnv);
  configureRuntime({ db: h.database.db, clock: () => h.now, secret: SESSION_SECRET, wecom, writeBudget: null });
});
afterAll(async () => {
  delete process.env.PU_MINIPROGRAM_APPID;
  await standIn?.close();
  await h?.close();
});

test('the first join through the card binds the group; the same group joins, another group, no card or a forged one do not', async () => {
  const invite = await h.ok(h.base.people.wangFang, 'membership.createInvite', {
    unionId: h.base.unions.xinghuo,
    autoApprove: true,
    groupOnly: true,
  });
  expect(invite).toMatchObject({ groupOnly: true, groupBound: false });
  expect((await h.ok(h.base.people.wangFang, 'membership.inviteInfo', { inviteCode: invite.code })).groupOnly).toBe(true);
  const [ta, tb, tc] = [await signIn('a'), await signIn('b'), await signIn('c')];

  // a link passed on outside the group: no card, no join
  const bare = await join(ta, { inviteCode: invite.code, ...form(a) });
  expect(bare.ok ? null : bare.error).toMatchObject({
    code: 'GROUP_ONLY',
    message: '该邀请仅限群内成员使用，请在企业微信群中打开工会分享的邀请卡片',
  });
  // share info made for another invite's card
  const other = await h.ok(h.base.people.wangFang, 'membership.createInvite', {
    unionId: h.base.unions.xinghuo,
    groupOnly: true,
  });
  const wrongCard = await join(ta, { inviteCode: invite.code, ...form(a), groupShare: fromCard('a', 'wrkGroupA', other.code) });
  expect(wrongCard.ok ? null : wrongCard.error.code).toBe('GROUP_ONLY');
  // someone else's login code with the share info: the code must be the caller's own account
  const borrowed = await join(ta, { inviteCode: invite.code, ...form(a), groupShare: fromCard('b', 'wrkGroupA', invite.code) });
  expect(borrowed.ok ? null : borrowed.error).toMatchObject({
    code: 'GROUP_ONLY',
    message: '请使用本人的企业微信从群聊中的邀请卡片打开',
  });
  // share info tampered with: not decryptable under the login's key
  const card = fromCard('a', 'wrkGroupA', invite.code);
  const forged = await join(ta, {
    inviteCode: invite.code,
    ...form(a),
    groupShare: { ...card, encryptedData: fromCard('b', 'wrkGroupA', invite.code).encryptedData },
  });
  expect(forged.ok ? null : forged.error.code).toBe('INVALID_INPUT');

  // through the card in group A: joined, and the invite now belongs to group A
  expect(
    must(await join(ta, { inviteCode: invite.code, ...form(a), groupShare: fromCard('a', 'wrkGroupA', invite.code) })).outcome,
  ).toBe('joined');
  const [bound] = await rows<{ group_id: string }>(h.database.db, sql`SELECT group_id FROM invites WHERE id = ${invite.id}`);
  expect(bound.group_id).toBe('wrkGroupA');
  // the same card seen from group B (shared again elsewhere): refused; from group A: joined
  const elsewhere = await join(tb, { inviteCode: invite.code, ...form(b), groupShare: fromCard('b', 'wrkGroupB', invite.code) });
  expect(elsewhere.ok ? null : elsewhere.error).toMatchObject({ code: 'GROUP_ONLY', message: '该邀请仅限分享到的群内成员使用' });
  expect(
    must(await join(tc, { inviteCode: invite.code, ...form(c), groupShare: fromCard('c', 'wrkGroupA', invite.code) })).outcome,
  ).toBe('joined');

  const uses = await rows<{ used_count: number }>(h.database.db, sql`SELECT used_count FROM invites WHERE id = ${invite.id}`);
  expect(uses[0].used_count).toBe(2); // the refusals used nothing
  // an ordinary invite still joins without a card
  const open = await h.ok(h.base.people.wangFang, 'membership.createInvite', {
    unionId: h.base.unions.xinghuo,
    autoApprove: true,
  });
  expect(open.groupOnly).toBe(false);
  expect(must(await join(tb, { inviteCode: open.code, ...form(b) })).outcome).toBe('joined');
});
