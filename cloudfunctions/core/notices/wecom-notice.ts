import { ChannelThrottled, type Channel, type DeliveryResult, type OutgoingNotice } from './delivery';
import { RATE_LIMIT_ERRORS } from '../platform/tokens';
import { WecomApiError, type WecomCorpClient } from '../platform/wecom-api';
import { noticeSourceTitle } from './store';

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
  /** The mini-program linked to the WeCom app (消息只允许绑定了小程序的应用发送). */
  appid: string;
  /** The API client of a corp this platform sends for (token cache shared with sign-in), or null. */
  clientFor: (corpId: string) => WecomCorpClient | null;
  log?: (line: string) => void;
}): Channel {
  const log = opts.log ?? ((line: string) => console.warn(line));
  async function call(corpId: string, list: OutgoingNotice[]) {
    const client = opts.clientFor(corpId);
    if (!client) return { code: -2, invalid: [] as string[] };
    const body = {
      touser: list.map((n) => (n.recipient.channel === 'wecom' ? n.recipient.userId : '')).join('|'),
      msgtype: 'miniprogram_notice',
      miniprogram_notice: miniprogramNotice(opts.appid, list[0]),
      enable_duplicate_check: 1,
      duplicate_check_interval: 1800,
    };
    try {
      // a stale token is refreshed and the call repeated once by the client; setup errcodes become platform problems
      const reply = await client.post('message/send', body);
      return {
        code: 0,
        invalid: String(reply.invaliduser ?? '')
          .split('|')
          .filter(Boolean),
      };
    } catch (e) {
      if (e instanceof WecomApiError) return { code: e.errcode, invalid: [] as string[] };
      throw e;
    }
  }
  return {
    name: 'wecom',
    reaches: (r) => r.channel === 'wecom' && opts.clientFor(r.corpId) !== null,
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
