import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { rows, sql } from '../../cloudfunctions/core/db/client';
import { noticeChannels } from '../../cloudfunctions/core/notices/channels';
import { deliverNotices } from '../../cloudfunctions/core/notices/outbox';
import { MAX_ATTEMPTS } from '../../cloudfunctions/core/notices/delivery';
import { miniprogramNotice } from '../../cloudfunctions/core/notices/wecom-notice';
import { notify, notifyMany, noticeKinds } from '../../cloudfunctions/core/notices/store';
import { createHarness, type Harness } from '../support/harness';

/**
 * The outbox against a loopback stand-in of the two platforms' documented HTTP APIs: WeCom `gettoken` +
 * `message/send` (miniprogram_notice) and WeChat `cgi-bin/token` + `message/subscribe/send`. Errors are injected
 * per call, as the platforms answer them (HTTP 200 with an errcode).
 */
interface Received {
  api: 'wecom' | 'wechat';
  token: string;
  body: Record<string, any>;
}
const CORP = 'wwoutboxcorp';
const APPID = 'wxoutboxapp';
const received: Received[] = [];
/** errcodes to answer the next send calls with, per API (consumed in order). */
const failNext: Record<'wecom' | 'wechat', number[]> = { wecom: [], wechat: [] };
const tokens = { wecom: 0, wechat: 0 };
let server: http.Server;
let base: string;

function startStandIn(): Promise<void> {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const reply = (o: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(o));
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      if (url.pathname === '/wecom/cgi-bin/gettoken') {
        if (url.searchParams.get('corpid') !== CORP || url.searchParams.get('corpsecret') !== 'corp-secret')
          return reply({ errcode: 40001, errmsg: 'invalid credential' });
        return reply({ errcode: 0, errmsg: 'ok', access_token: `wecom-token-${++tokens.wecom}`, expires_in: 7200 });
      }
      if (url.pathname === '/wechat/cgi-bin/token') {
        if (url.searchParams.get('appid') !== APPID) return reply({ errcode: 40013, errmsg: 'invalid appid' });
        return reply({ access_token: `wechat-token-${++tokens.wechat}`, expires_in: 7200 });
      }
      const api =
        url.pathname === '/wecom/cgi-bin/message/send'
          ? 'wecom'
          : url.pathname === '/wechat/cgi-bin/message/subscribe/send'
            ? 'wechat'
            : null;
      if (!api) return res.writeHead(404).end();
      const token = url.searchParams.get('access_token') ?? '';
      if (token !== `${api}-token-${tokens[api]}`) return reply({ errcode: 40014, errmsg: 'invalid access_token' });
      const injected = failNext[api].shift();
      if (injected) return reply({ errcode: injected, errmsg: 'injected' });
      const body = JSON.parse(raw);
      received.push({ api, token, body });
      if (api === 'wecom') {
        const invalid = String(body.touser)
          .split('|')
          .filter((u) => u.startsWith('gone-'));
        return reply({ errcode: 0, errmsg: 'ok', invaliduser: invalid.join('|'), msgid: `m${received.length}` });
      }
      return reply({ errcode: 0, errmsg: 'ok', msgid: received.length });
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve();
    }),
  );
}

let h: Harness;
const env = () =>
  ({
    PU_WECOM_API_BASE: `${base}/wecom`,
    PU_WECHAT_API_BASE: `${base}/wechat`,
    WECOM_CORP_ID: CORP,
    WECOM_APP_SECRET: 'corp-secret',
    PU_MINIPROGRAM_APPID: APPID,
    WX_APP_SECRET: 'app-secret',
    PU_SUBSCRIBE_TEMPLATES: 'congress_result:TPL-RESULT:thing1:thing2,reminder:TPL-REMIND',
  }) as NodeJS.ProcessEnv;
const quiet = () => undefined;
let people: { wecom: string[]; wechat: string[]; none: string; gone: string };

async function person(name: string, ids: { openid?: string; wecomUserId?: string }): Promise<string> {
  const [p] = await rows<{ id: string }>(
    h.database.db,
    sql`INSERT INTO people (name, openid, wecom_corp_id, wecom_user_id)
        VALUES (${name}, ${ids.openid ?? null}, ${ids.wecomUserId ? CORP : null}, ${ids.wecomUserId ?? null}) RETURNING id`,
  );
  return p.id;
}

beforeAll(async () => {
  await startStandIn();
  h = await createHarness();
  people = {
    wecom: [await person('企微甲', { wecomUserId: 'zhangsan' }), await person('企微乙', { wecomUserId: 'lisi' })],
    wechat: [await person('微信甲', { openid: 'o-wx-1' }), await person('微信乙', { openid: 'o-wx-2' })],
    none: await person('无账号', {}),
    gone: await person('已离职', { wecomUserId: 'gone-wangwu' }),
  };
});
afterAll(async () => {
  await h.close();
  await new Promise((r) => server.close(r));
});
let title = result0().title;
let testNo = 0;
beforeEach(async () => {
  title = `${result0().title}（${++testNo}）`;
  received.length = 0;
  failNext.wecom = [];
  failNext.wechat = [];
  // each test starts with an empty queue
  await h.database.db.execute(sql`UPDATE notices SET pushed_at = now() WHERE pushed_at IS NULL`);
});

const everyone = () => [...people.wecom, ...people.wechat, people.none, people.gone];
function result0() {
  return {
    source: 'congress' as const,
    kind: 'congress_result' as const,
    title: '选举结果公布：第三届工会委员会委员',
    body: '第三届职工代表大会：「工会委员会委员」当选：张伟、李娜、王芳、赵磊、孙丽。',
    page: 'pages/congress/result/index?voteId=v1',
  };
}
/** This test's announcement (a title of its own, so each test sees only its notices). */
const current = () => ({ ...result0(), title });
async function announce(to: string[], content = current()) {
  return h.database.db.transaction((tx) =>
    notifyMany(tx, sql`SELECT unnest(${`{${to.join(',')}}`}::uuid[]) AS person_id`, content),
  );
}
const states = async (ids: string[]) =>
  rows<{ person_id: string; push_channel: string | null; push_outcome: string | null; push_attempts: number; pushed: boolean }>(
    h.database.db,
    sql`SELECT person_id, push_channel, push_outcome, push_attempts, pushed_at IS NOT NULL AS pushed FROM notices
        WHERE person_id = ANY(${`{${ids.join(',')}}`}::uuid[]) AND title = ${title}`,
  );
const deliver = (opts = {}) => deliverNotices(h.database.db, noticeChannels(env(), quiet), { backoff: () => 0, ...opts });

test('a WeCom notice fits the documented limits of a miniprogram_notice', () => {
  const n = miniprogramNotice(APPID, { ...current(), body: '长'.repeat(200) });
  expect(Array.from(n.title).length).toBeLessThanOrEqual(12);
  expect(Array.from(n.title).length).toBeGreaterThanOrEqual(4);
  for (const kind of noticeKinds) {
    const d = miniprogramNotice(APPID, { ...n, kind, title: '短', body: 'x', page: 'p' });
    expect(Array.from(d.description).length).toBeGreaterThanOrEqual(4);
    expect(Array.from(d.description).length).toBeLessThanOrEqual(12);
    expect(Array.from(d.title).length).toBeGreaterThanOrEqual(4);
  }
  expect(n.content_item.length).toBeLessThanOrEqual(10);
  for (const item of n.content_item) expect(Array.from(item.value).length).toBeLessThanOrEqual(30);
  expect(n.appid).toBe(APPID);
});

test('each person is reached once on their own app; one WeCom call carries the same content to every WeCom user', async () => {
  await announce(everyone());
  const report = await deliver();
  expect(report).toMatchObject({ sent: 4, failed: 1, skipped: 1, retry: 0 });
  const wecom = received.filter((r) => r.api === 'wecom');
  expect(wecom).toHaveLength(1);
  expect(wecom[0].body).toMatchObject({
    touser: expect.stringMatching(/^(zhangsan|lisi|gone-wangwu)(\|(zhangsan|lisi|gone-wangwu)){2}$/),
    msgtype: 'miniprogram_notice',
    enable_duplicate_check: 1,
    miniprogram_notice: { appid: APPID, page: current().page, description: '职代会结果公布' },
  });
  const wechat = received.filter((r) => r.api === 'wechat');
  expect(wechat.map((r) => r.body.touser).sort()).toEqual(['o-wx-1', 'o-wx-2']);
  expect(wechat[0].body).toMatchObject({
    template_id: 'TPL-RESULT',
    page: current().page,
    data: { thing1: { value: expect.any(String) } },
  });
  const byPerson = new Map((await states(everyone())).map((s) => [s.person_id, s]));
  for (const p of people.wecom) expect(byPerson.get(p)).toMatchObject({ push_channel: 'wecom', push_outcome: 'sent' });
  for (const p of people.wechat) expect(byPerson.get(p)).toMatchObject({ push_channel: 'wechat', push_outcome: 'sent' });
  expect(byPerson.get(people.none)).toMatchObject({ push_channel: 'in_app', push_outcome: 'skipped' });
  expect(byPerson.get(people.gone)).toMatchObject({ push_channel: 'wecom', push_outcome: 'failed' });
  // nothing left: a second run sends nothing
  expect(await deliver()).toMatchObject({ sent: 0, failed: 0, skipped: 0, retry: 0 });
  expect(received).toHaveLength(3);
});

test('a failing endpoint loses nothing and, once it recovers, sends each notice exactly once', async () => {
  await announce([...people.wecom, ...people.wechat]);
  failNext.wecom = [-1, 60020]; // system busy, then an untrusted egress IP (an administrator fixes it)
  failNext.wechat = [-1];
  // run 1: the WeCom batch of two and the first WeChat message fail, the second WeChat message goes
  expect(await deliver()).toMatchObject({ sent: 1, retry: 3 });
  // run 2: WeCom still refuses (60020), the WeChat message goes now
  expect(await deliver()).toMatchObject({ sent: 1, retry: 2 });
  for (let i = 0; i < 5; i++) await deliver();
  const got = received.map((r) => (r.api === 'wecom' ? String(r.body.touser).split('|') : [r.body.touser])).flat();
  expect(got.sort()).toEqual(['lisi', 'o-wx-1', 'o-wx-2', 'zhangsan']);
  for (const s of await states([...people.wecom, ...people.wechat])) expect(s.push_outcome).toBe('sent');
});

test('a stale token is fetched again once and the send goes through in the same run', async () => {
  const channels = noticeChannels(env(), quiet); // one process: one token cache
  await announce(people.wecom, { ...current(), title: `${title}（预热）` });
  await deliverNotices(h.database.db, channels, { backoff: () => 0 }); // caches a token
  await announce(people.wecom);
  tokens.wecom++; // the platform rotated the token: the cached one answers 40014
  const before = tokens.wecom;
  const report = await deliverNotices(h.database.db, channels, { backoff: () => 0 });
  expect(report.sent).toBe(2);
  expect(tokens.wecom).toBe(before + 1);
});

test('a rate limit stops the channel for the run without spending a try; the notice goes later', async () => {
  await announce(people.wechat);
  failNext.wechat = [45009];
  const first = await deliver();
  expect(first.throttled).toEqual(['wechat']);
  expect((await states(people.wechat)).every((s) => !s.pushed && s.push_attempts === 0)).toBe(true);
  await deliver();
  expect((await states(people.wechat)).every((s) => s.push_outcome === 'sent')).toBe(true);
});

test('a rate limit in the middle of a batch keeps what was sent: nothing goes twice', async () => {
  await announce(people.wechat);
  failNext.wechat = [0, 45009]; // the first message goes, the second hits the limit
  expect(await deliver()).toMatchObject({ sent: 1, throttled: ['wechat'] });
  await deliver();
  expect(received.map((r) => r.body.touser).sort()).toEqual(['o-wx-1', 'o-wx-2']);
  expect((await states(people.wechat)).every((s) => s.push_outcome === 'sent')).toBe(true);
});

test('after the last allowed try a transient error is recorded as failed; the in-app notice stays', async () => {
  await announce([people.wechat[0]]);
  failNext.wechat = Array(MAX_ATTEMPTS).fill(-1);
  for (let i = 0; i < MAX_ATTEMPTS + 2; i++) await deliver();
  const [s] = await states([people.wechat[0]]);
  expect(s).toMatchObject({ push_outcome: 'failed', push_attempts: MAX_ATTEMPTS, pushed: true });
  expect((await h.ok(people.wechat[0], 'notices.list', {})).notices.some((n) => n.title === title)).toBe(true);
});

test('two senders at once never send the same notice twice', async () => {
  await announce(everyone());
  await Promise.all([deliver({ batch: 2 }), deliver({ batch: 2 }), deliver({ batch: 2 })]);
  const got = received.map((r) => (r.api === 'wecom' ? String(r.body.touser).split('|') : [r.body.touser])).flat();
  expect(got.sort()).toEqual(['gone-wangwu', 'lisi', 'o-wx-1', 'o-wx-2', 'zhangsan']);
});

test('a notice written by a transaction that rolls back is never sent', async () => {
  await expect(
    h.database.db.transaction(async (tx) => {
      await notify(tx, people.wechat[0], current());
      throw new Error('the change failed');
    }),
  ).rejects.toThrow('the change failed');
  await deliver();
  expect(received).toHaveLength(0);
});
