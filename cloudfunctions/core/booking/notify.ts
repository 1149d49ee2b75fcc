import { rows, sql, type Db } from '../db/client';
import { noticeKinds, notify as notifyPerson, type NoticeKind } from '../notices/store';

export type { NoticeKind };

/** The page a booking notice opens (and its subscription message links to): the member's bookings. */
const BOOKING_NOTICE_PAGE = 'pages/booking/mine/index';

/**
 * Write a member's booking notice (core/notices) inside the caller's transaction. The notices table is also the
 * outbox of weapp subscription messages: `pushNotices` sends the unsent ones after commit (timer trigger), so a
 * rolled-back booking never leaves a message behind.
 */
export async function notify(
  tx: Db,
  n: { personId: string; unionId: string; bookingId?: string | null; kind: NoticeKind; title: string; body: string },
): Promise<void> {
  await notifyPerson(tx, n.personId, {
    source: 'booking',
    kind: n.kind,
    title: n.title,
    body: n.body,
    page: BOOKING_NOTICE_PAGE,
    unionId: n.unionId,
    subjectId: n.bookingId ?? null,
  });
}

/** A weapp subscription message (订阅消息); `template` is our key, mapped to a template id at deploy time. */
export interface SubscriptionMessage {
  personId: string;
  template: NoticeKind;
  page: string;
  data: { title: string; body: string };
}

/** Port to WeChat's subscribeMessage.send (via CloudBase openapi in production). */
export interface SubscriptionMessenger {
  send(message: SubscriptionMessage): Promise<void>;
}

/** Local/default adapter: logs instead of sending (no WeChat credentials needed). */
export const loggingMessenger: SubscriptionMessenger = {
  async send(m) {
    console.info(`[booking] subscription message to ${m.personId}: ${m.data.title} — ${m.data.body}`);
  },
};

/** Per notice kind: the subscription template id (公众平台 → 订阅消息) and which template keys carry title and body. */
export type SubscriptionTemplates = Partial<Record<NoticeKind, { id: string; title: string; body: string }>>;

/** The slice of @cloudbase/node-sdk the adapter needs (app.callWxOpenApi). */
export interface WxOpenApi {
  callWxOpenApi(o: { apiName: string; requestData: unknown }): Promise<{ result?: unknown }>;
}

// WeChat caps a "thing" value at 20 characters
const thing = (text: string) => (Array.from(text).length > 20 ? `${Array.from(text).slice(0, 19).join('')}…` : text);

/**
 * weapp adapter: subscribeMessage.send through CloudBase. A member who never accepted the template, or has no
 * openid (WeCom-only), simply gets no push: the in-app notice is the message of record, so nothing throws.
 */
export function wxSubscriptionMessenger(opts: {
  templates: SubscriptionTemplates;
  openidOf: (personId: string) => Promise<string | null>;
  api: WxOpenApi;
  log?: (line: string) => void;
}): SubscriptionMessenger {
  const log = opts.log ?? ((line: string) => console.warn(line));
  return {
    async send(m) {
      const t = opts.templates[m.template];
      const openid = t ? await opts.openidOf(m.personId) : null;
      if (!t || !openid) return;
      try {
        const r = await opts.api.callWxOpenApi({
          apiName: '/cgi-bin/message/subscribe/send',
          requestData: {
            touser: openid,
            template_id: t.id,
            page: m.page,
            data: { [t.title]: { value: thing(m.data.title) }, [t.body]: { value: thing(m.data.body) } },
          },
        });
        const code = (r.result as { errcode?: number } | undefined)?.errcode;
        if (code) log(`[booking] subscription message not sent (${code})`);
      } catch (e) {
        log(`[booking] subscription message failed: ${(e as Error).message}`);
      }
    },
  };
}

let configured: SubscriptionMessenger | null = null;
/** Hosts and tests install a messenger; otherwise it comes from the environment. */
export function configureSubscriptionMessenger(m: SubscriptionMessenger | null): void {
  configured = m;
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

/**
 * The messenger in force: the configured one; in a CloudBase function with PU_SUBSCRIBE_TEMPLATES set
 * (see `parseSubscribeTemplates`) the weapp adapter; else the logging one.
 */
export function subscriptionMessenger(db?: Db): SubscriptionMessenger {
  if (configured) return configured;
  const raw = process.env.PU_SUBSCRIBE_TEMPLATES;
  if (!raw || !db) return loggingMessenger;
  const { templates, problems } = parseSubscribeTemplates(raw);
  for (const p of problems) console.warn(`[booking] PU_SUBSCRIBE_TEMPLATES: ${p}; that entry is only logged`);
  if (Object.keys(templates).length === 0) return loggingMessenger;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tcb = require('@cloudbase/node-sdk');
  return wxSubscriptionMessenger({
    templates,
    api: tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }) as WxOpenApi,
    openidOf: async (personId) =>
      (await rows<{ openid: string | null }>(db, sql`SELECT openid FROM people WHERE id = ${personId}`))[0]?.openid ?? null,
  });
}

/**
 * Push the platform's unsent notices (core/notices outbox) through the messenger, oldest first; each is marked
 * pushed in its own short transaction with SKIP LOCKED so two timers never send the same notice twice. It lives
 * here because the booking timer runs it and booking is where members consent to subscription messages;
 * union-wide broadcasts are written already pushed (in-app only).
 */
export async function pushNotices(db: Db, messenger: SubscriptionMessenger = loggingMessenger, limit = 100): Promise<number> {
  let sent = 0;
  for (let i = 0; i < limit; i++) {
    const done = await db.transaction(async (tx) => {
      const [n] = await rows<{
        id: string;
        person_id: string;
        kind: NoticeKind;
        title: string;
        body: string;
        page: string | null;
      }>(
        tx,
        sql`SELECT id, person_id, kind, title, body, page FROM notices WHERE pushed_at IS NULL
            ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      if (!n) return false;
      await messenger.send({
        personId: n.person_id,
        template: n.kind,
        page: n.page ?? BOOKING_NOTICE_PAGE,
        data: { title: n.title, body: n.body },
      });
      await tx.execute(sql`UPDATE notices SET pushed_at = now() WHERE id = ${n.id}`);
      return true;
    });
    if (!done) break;
    sent++;
  }
  return sent;
}
