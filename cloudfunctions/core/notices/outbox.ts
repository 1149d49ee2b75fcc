import { rows, sql, type Db } from '../db/client';
import {
  ChannelThrottled,
  MAX_ATTEMPTS,
  backoffMs,
  type Channel,
  type DeliveryResult,
  type OutgoingNotice,
  type Recipient,
} from './delivery';
import type { NoticeKind } from './store';

/**
 * The outbox sender. Notices are written by the transaction that causes them (core/notices/store.ts); after it
 * commits, a timer calls `deliverNotices`, which
 * 1. claims a batch in one short autocommit statement (lease + attempt count, SKIP LOCKED: two senders never hold
 *    the same notice), so no transaction stays open while the platform is called;
 * 2. sends each notice over its person's channel — WeCom app message for a WeCom user, WeChat subscription message
 *    for a WeChat user, in-app only otherwise;
 * 3. records every outcome; transient errors come back after a back-off, up to MAX_ATTEMPTS.
 *
 * Nothing is lost: a notice stays in the queue until an outcome is recorded; a sender that dies mid-send leaves a
 * lease that expires and the notice is tried again. Nothing is sent twice by us: an outcome is recorded right after
 * the platform answers and claimed notices are skipped by others. The one residual case — a crash between the
 * platform's answer and the record — is covered on WeCom by the message API's own duplicate check (same content to
 * the same user within 30 minutes is dropped; see wecom-notice.ts); WeChat subscription messages have no such check.
 */
export interface DeliverOptions {
  /** Notices claimed per round. */
  batch?: number;
  /** Rounds per run (a timer run delivers at most batch × rounds). */
  rounds?: number;
  /** How long a claimed notice is held before another sender may take it (seconds). */
  leaseSeconds?: number;
  /** Back-off after the n-th failed try (ms); tests pass `() => 0`. */
  backoff?: (attempt: number) => number;
}

export interface DeliveryReport {
  sent: number;
  skipped: number;
  retry: number;
  failed: number;
  /** Channels that hit a rate limit in this run. */
  throttled: string[];
}

interface ClaimedRow {
  id: string;
  person_id: string;
  kind: NoticeKind;
  title: string;
  body: string;
  page: string | null;
  push_attempts: number;
  openid: string | null;
  wecom_corp_id: string | null;
  wecom_user_id: string | null;
}

/** The page a notice without one opens: the notices list. */
const DEFAULT_PAGE = 'pages/notices/index';

async function claim(db: Db, batch: number, leaseSeconds: number): Promise<ClaimedRow[]> {
  return rows<ClaimedRow>(
    db,
    sql`WITH due AS (
          SELECT id FROM notices
          WHERE pushed_at IS NULL AND coalesce(push_next_at, created_at) <= now()
            AND (push_claimed_until IS NULL OR push_claimed_until < now())
          ORDER BY coalesce(push_next_at, created_at), id
          LIMIT ${batch} FOR UPDATE SKIP LOCKED
        ), claimed AS (
          UPDATE notices n SET push_claimed_until = now() + make_interval(secs => ${leaseSeconds}),
                               push_attempts = n.push_attempts + 1
          FROM due WHERE n.id = due.id
          RETURNING n.id, n.person_id, n.kind, n.title, n.body, n.page, n.push_attempts
        )
        SELECT c.*, p.openid, p.wecom_corp_id, p.wecom_user_id
        FROM claimed c JOIN people p ON p.id = c.person_id`,
  );
}

/** The channel a person is reached on: their WeCom account if its corp is served, else WeChat, else in-app only. */
export function recipientOf(row: Pick<ClaimedRow, 'openid' | 'wecom_corp_id' | 'wecom_user_id'>, channels: Channel[]) {
  const candidates: Recipient[] = [];
  if (row.wecom_corp_id && row.wecom_user_id)
    candidates.push({ channel: 'wecom', corpId: row.wecom_corp_id, userId: row.wecom_user_id });
  if (row.openid) candidates.push({ channel: 'wechat', openid: row.openid });
  for (const r of candidates) if (channels.some((c) => c.name === r.channel && c.reaches(r))) return r;
  return { channel: 'in_app' } as const;
}

/**
 * Record a round's outcomes in one statement: finished ones (sent, skipped, failed — or a transient error on the
 * last allowed try) leave the queue; the other transient ones wait for their back-off.
 */
async function record(
  db: Db,
  results: { notice: OutgoingNotice; result: DeliveryResult }[],
  backoff: (attempt: number) => number,
) {
  if (results.length === 0) return;
  const list = results.map(({ notice, result }) => {
    const givenUp = result.outcome === 'retry' && notice.attempt >= MAX_ATTEMPTS;
    return {
      id: notice.id,
      outcome: result.outcome === 'retry' ? (givenUp ? 'failed' : null) : result.outcome,
      channel: notice.recipient.channel,
      error: result.outcome === 'sent' ? null : result.error.slice(0, 200),
      wait_s: result.outcome === 'retry' && !givenUp ? backoff(notice.attempt) / 1000 : null,
    };
  });
  await db.execute(sql`
    UPDATE notices n SET
      pushed_at = CASE WHEN u.outcome IS NULL THEN NULL ELSE now() END,
      push_outcome = u.outcome, push_channel = u.channel, push_error = u.error, push_claimed_until = NULL,
      push_next_at = CASE WHEN u.outcome IS NULL THEN now() + make_interval(secs => u.wait_s) ELSE n.push_next_at END
    FROM jsonb_to_recordset(${JSON.stringify(list)}::jsonb)
         AS u(id uuid, outcome text, channel text, error text, wait_s float8)
    WHERE n.id = u.id`);
}

/** Put claimed notices back without spending a try (their channel is rate limited for this run). */
async function release(db: Db, notices: OutgoingNotice[], error: string, waitMs: number) {
  if (notices.length === 0) return;
  await db.execute(sql`
    UPDATE notices SET push_attempts = push_attempts - 1, push_claimed_until = NULL, push_error = ${error},
           push_next_at = now() + make_interval(secs => ${waitMs / 1000})
    WHERE id = ANY(${`{${notices.map((n) => n.id).join(',')}}`}::uuid[])`);
}

/** Deliver the due notices over the given channels (see the module comment). */
export async function deliverNotices(db: Db, channels: Channel[], opts: DeliverOptions = {}): Promise<DeliveryReport> {
  const batch = opts.batch ?? 200;
  const rounds = opts.rounds ?? 10;
  const backoff = opts.backoff ?? backoffMs;
  const report: DeliveryReport = { sent: 0, skipped: 0, retry: 0, failed: 0, throttled: [] };
  const throttled = new Set<string>();
  for (let round = 0; round < rounds; round++) {
    const claimed = await claim(db, batch, opts.leaseSeconds ?? 120);
    if (claimed.length === 0) break;
    const results: { notice: OutgoingNotice; result: DeliveryResult }[] = [];
    const byChannel = new Map<Channel, OutgoingNotice[]>();
    const held: OutgoingNotice[] = [];
    for (const row of claimed) {
      const notice: OutgoingNotice = {
        id: row.id,
        personId: row.person_id,
        kind: row.kind,
        title: row.title,
        body: row.body,
        page: row.page ?? DEFAULT_PAGE,
        attempt: Number(row.push_attempts),
        recipient: recipientOf(row, channels),
      };
      const channel = channels.find((c) => c.name === notice.recipient.channel);
      if (!channel) results.push({ notice, result: { outcome: 'skipped', error: 'in_app' } });
      else if (throttled.has(channel.name)) held.push(notice);
      else byChannel.set(channel, [...(byChannel.get(channel) ?? []), notice]);
    }
    for (const [channel, notices] of byChannel) {
      try {
        const answers = await channel.send(notices);
        for (const notice of notices)
          results.push({ notice, result: answers.get(notice.id) ?? { outcome: 'retry', error: 'no answer' } });
      } catch (e) {
        if (e instanceof ChannelThrottled) {
          throttled.add(channel.name);
          for (const notice of notices) {
            const answer = e.answered.get(notice.id);
            if (answer) results.push({ notice, result: answer });
          }
          const waiting = notices.filter((n) => !e.answered.has(n.id));
          await release(db, waiting, String(e.errcode), backoff(1));
          continue;
        }
        const error = (e as Error).message.slice(0, 80) || 'error';
        for (const notice of notices) results.push({ notice, result: { outcome: 'retry', error } });
      }
    }
    await release(db, held, 'throttled', backoff(1));
    await record(db, results, backoff);
    for (const { notice, result } of results) {
      const outcome = result.outcome === 'retry' && notice.attempt >= MAX_ATTEMPTS ? 'failed' : result.outcome;
      report[outcome]++;
    }
    if (claimed.length < batch) break;
  }
  report.throttled = [...throttled];
  return report;
}
