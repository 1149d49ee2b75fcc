import { ChannelThrottled, type Channel, type DeliveryResult, type OutgoingNotice } from './delivery';
import { noticeSourceTitle } from './store';

/** An access token per key (a WeCom corp id, or the WeChat app id), refreshed on demand. */
export interface TokenSource {
  token(key: string): Promise<string>;
  /** Forget the cached token (the platform said it expired or is invalid). */
  invalidate(key: string): void;
}

/** Platform answers that mean "the token is stale": refresh it and try once more. */
export const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
/** Rate limits (接口调用超过限制, 账号/应用 频率). */
export const RATE_LIMIT_ERRORS = new Set([45009, 45033, 45047]);

export type PostJson = (url: string, body: unknown) => Promise<Record<string, unknown>>;

export const postJson: PostJson = async (url, body) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
};

/** Cut text to n characters (not UTF-16 units), marking the cut. */
export const clip = (text: string, n: number) =>
  Array.from(text).length > n
    ? `${Array.from(text)
        .slice(0, n - 1)
        .join('')}…`
    : text;

/** The documented limits of a miniprogram_notice: title and description 4–12 characters, values ≤ 30, ≤ 10 items. */
export function miniprogramNotice(appid: string, n: Pick<OutgoingNotice, 'kind' | 'title' | 'body' | 'page'>) {
  const chunks = Array.from(n.body).reduce<string[]>((acc, ch, i) => {
    if (i % 30 === 0) acc.push('');
    acc[acc.length - 1] += ch;
    return acc;
  }, []);
  const items = chunks.length > 3 ? [...chunks.slice(0, 2), clip(chunks.slice(2).join(''), 30)] : chunks;
  return {
    appid,
    page: n.page,
    title: clip(n.title, 12).padEnd(4, '　'),
    description: noticeSourceTitle(n.kind),
    emphasis_first_item: false,
    content_item: items.map((value, i) => ({ key: i === 0 ? '内容' : '', value })),
  };
}

/** Same content to the same page → one API call with up to 1,000 users (`touser` "a|b|c"). */
function groups(batch: OutgoingNotice[]): OutgoingNotice[][] {
  const byContent = new Map<string, OutgoingNotice[][]>();
  for (const n of batch) {
    if (n.recipient.channel !== 'wecom') continue;
    const key = JSON.stringify([n.recipient.corpId, n.kind, n.title, n.body, n.page]);
    const chunks = byContent.get(key) ?? [[]];
    if (chunks[chunks.length - 1].length >= 1000) chunks.push([]);
    chunks[chunks.length - 1].push(n);
    byContent.set(key, chunks);
  }
  return [...byContent.values()].flat();
}

/**
 * WeCom app messages of type `miniprogram_notice` (企业微信 → 发送应用消息), to members signed in through WeCom.
 * Each call sets the API's duplicate check (same content to the same user within 30 minutes is dropped), which
 * covers a sender that crashed after sending and before recording. `invaliduser` in the answer fails just those
 * users; a stale token is refreshed once; 45009 stops the channel for this run.
 */
export function wecomNoticeChannel(opts: {
  base: string;
  /** The mini-program linked to the WeCom app (消息只允许绑定了小程序的应用发送). */
  appid: string;
  corps: (corpId: string) => boolean;
  tokens: TokenSource;
  post?: PostJson;
  log?: (line: string) => void;
}): Channel {
  const post = opts.post ?? postJson;
  const log = opts.log ?? ((line: string) => console.warn(line));
  async function call(corpId: string, list: OutgoingNotice[]) {
    const body = {
      touser: list.map((n) => (n.recipient.channel === 'wecom' ? n.recipient.userId : '')).join('|'),
      msgtype: 'miniprogram_notice',
      miniprogram_notice: miniprogramNotice(opts.appid, list[0]),
      enable_duplicate_check: 1,
      duplicate_check_interval: 1800,
    };
    for (let tryNo = 0; ; tryNo++) {
      const token = await opts.tokens.token(corpId);
      const reply = await post(`${opts.base}/cgi-bin/message/send?access_token=${encodeURIComponent(token)}`, body);
      const code = Number(reply.errcode ?? 0);
      if (TOKEN_ERRORS.has(code) && tryNo === 0) {
        opts.tokens.invalidate(corpId);
        continue;
      }
      return {
        code,
        invalid: String(reply.invaliduser ?? '')
          .split('|')
          .filter(Boolean),
      };
    }
  }
  return {
    name: 'wecom',
    reaches: (r) => r.channel === 'wecom' && opts.corps(r.corpId),
    async send(batch) {
      const answers = new Map<string, DeliveryResult>();
      for (const list of groups(batch)) {
        const corpId = list[0].recipient.channel === 'wecom' ? list[0].recipient.corpId : '';
        let answer: { code: number; invalid: string[] };
        try {
          answer = await call(corpId, list);
        } catch (e) {
          answer = { code: -1, invalid: [] };
          log(`[notices] WeCom message/send for corp ${corpId} failed: ${(e as Error).message}`);
        }
        const { code, invalid } = answer;
        if (RATE_LIMIT_ERRORS.has(code)) throw new ChannelThrottled(code, answers);
        if (code !== 0) log(`[notices] WeCom message/send for corp ${corpId}: errcode ${code}`);
        for (const n of list) {
          const userId = n.recipient.channel === 'wecom' ? n.recipient.userId : '';
          answers.set(
            n.id,
            code !== 0
              ? { outcome: 'retry', error: String(code) }
              : invalid.includes(userId)
                ? { outcome: 'failed', error: 'invaliduser' }
                : { outcome: 'sent' },
          );
        }
      }
      return answers;
    },
  };
}
