import { ChannelThrottled, type Channel, type DeliveryResult, type OutgoingNotice } from './delivery';
import { noticeKinds, type NoticeKind } from './store';
import { clip } from './wecom-notice';
import { RATE_LIMIT_ERRORS, TOKEN_ERRORS, postJson, type PostJson, type TokenSource } from '../platform/tokens';

/** Per notice kind: the subscription template id (公众平台 → 订阅消息) and which template keys carry title and body. */
export type SubscriptionTemplates = Partial<Record<NoticeKind, { id: string; title: string; body: string }>>;

/** How a subscribeMessage.send request reaches WeChat: its HTTP API with a token, or CloudBase's open API. */
export type SubscribeTransport = (requestData: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** WeChat's HTTP API (`cgi-bin/message/subscribe/send`), with the app's access token refreshed once when stale. */
export function httpSubscribeTransport(opts: {
  base: string;
  appid: string;
  tokens: TokenSource;
  post?: PostJson;
}): SubscribeTransport {
  const post = opts.post ?? postJson;
  return async (requestData) => {
    for (let tryNo = 0; ; tryNo++) {
      const token = await opts.tokens.token(opts.appid);
      const url = `${opts.base}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`;
      const reply = await post(url, requestData);
      if (TOKEN_ERRORS.has(Number(reply.errcode ?? 0)) && tryNo === 0) {
        opts.tokens.invalidate(opts.appid);
        continue;
      }
      return reply;
    }
  };
}

/** The slice of @cloudbase/node-sdk used inside a CloudBase function (云调用: no token needed). */
export interface WxOpenApi {
  callWxOpenApi(o: { apiName: string; requestData: unknown }): Promise<{ result?: unknown }>;
}

export const cloudbaseSubscribeTransport =
  (api: WxOpenApi): SubscribeTransport =>
  async (requestData) =>
    ((await api.callWxOpenApi({ apiName: '/cgi-bin/message/subscribe/send', requestData })).result ?? {}) as Record<
      string,
      unknown
    >;

/** Answers that end a notice without a push: the member has not accepted (43101) or the template is gone. */
const DECLINED = new Set([43101, 43107]);
/** Answers that no later try can fix for this recipient (invalid openid, data not fitting the template). */
const REFUSED = new Set([40003, 47003]);

/** The template's values: WeChat caps a "thing" value at 20 characters. */
export function subscribeRequest(templates: SubscriptionTemplates, openid: string, n: OutgoingNotice) {
  const t = templates[n.kind];
  if (!t) return null;
  return {
    touser: openid,
    template_id: t.id,
    page: n.page,
    data: { [t.title]: { value: clip(n.title, 20) }, [t.body]: { value: clip(n.body, 20) } },
  };
}

/**
 * WeChat subscription messages (订阅消息) for members on the WeChat mini-program. A kind without a configured
 * template, or a member who did not accept it, gets no push (`skipped`): the in-app notice stays the message of
 * record. One call per message (the API has no batch form).
 */
export function wechatSubscribeChannel(opts: {
  templates: SubscriptionTemplates;
  transport: SubscribeTransport;
  log?: (line: string) => void;
}): Channel {
  const log = opts.log ?? ((line: string) => console.warn(line));
  return {
    name: 'wechat',
    reaches: (r) => r.channel === 'wechat',
    async send(batch) {
      const answers = new Map<string, DeliveryResult>();
      for (const n of batch) {
        if (n.recipient.channel !== 'wechat') continue;
        const request = subscribeRequest(opts.templates, n.recipient.openid, n);
        if (!request) {
          answers.set(n.id, { outcome: 'skipped', error: 'no template' });
          continue;
        }
        let code: number;
        try {
          code = Number((await opts.transport(request)).errcode ?? 0);
        } catch (e) {
          log(`[notices] WeChat subscribeMessage.send failed: ${(e as Error).message}`);
          answers.set(n.id, { outcome: 'retry', error: 'network' });
          continue;
        }
        if (RATE_LIMIT_ERRORS.has(code)) throw new ChannelThrottled(code, answers);
        if (code !== 0) log(`[notices] WeChat subscribeMessage.send: errcode ${code}`);
        answers.set(
          n.id,
          code === 0
            ? { outcome: 'sent' }
            : DECLINED.has(code)
              ? { outcome: 'skipped', error: String(code) }
              : REFUSED.has(code)
                ? { outcome: 'failed', error: String(code) }
                : { outcome: 'retry', error: String(code) },
        );
      }
      return answers;
    },
  };
}

/**
 * Reads `PU_SUBSCRIBE_TEMPLATES`: comma-separated `kind:templateId[:titleKey:bodyKey]` entries, e.g.
 * `reminder:AbC-123:thing1:thing4,cancelled_by_staff:XyZ_9`. Keys default to `thing1` and `thing2`. Not JSON, because
 * the CloudBase CLI substitutes `{{env.X}}` into cloudbaserc.json as raw text and a JSON value breaks the file.
 * Entries that do not read are skipped and named in `problems`.
 */
export function parseSubscribeTemplates(raw: string): { templates: SubscriptionTemplates; problems: string[] } {
  const templates: SubscriptionTemplates = {};
  const problems: string[] = [];
  for (const entry of raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [kind, id, title = 'thing1', body = 'thing2', ...rest] = entry.split(':').map((p) => p.trim());
    const key = /^[a-z_]+\d*$/i;
    if (!(noticeKinds as readonly string[]).includes(kind)) problems.push(`unknown notice kind in "${entry}"`);
    else if (!id || !/^[\w-]+$/.test(id) || rest.length > 0 || !key.test(title) || !key.test(body))
      problems.push(`cannot read "${entry}"`);
    else templates[kind as NoticeKind] = { id, title, body };
  }
  return { templates, problems };
}
