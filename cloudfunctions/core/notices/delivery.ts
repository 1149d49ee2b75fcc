import type { NoticeKind } from './store';

/** Where a person's notice can be pushed, besides the in-app list every notice is in. */
export type Recipient =
  | { channel: 'wecom'; corpId: string; userId: string }
  | { channel: 'wechat'; openid: string }
  | { channel: 'in_app' };

/** One undelivered notice, claimed by the sender, with where it goes. */
export interface OutgoingNotice {
  id: string;
  personId: string;
  kind: NoticeKind;
  title: string;
  body: string;
  page: string;
  /** Tries so far, this one included. */
  attempt: number;
  recipient: Recipient;
}

/**
 * How one notice's try ended:
 * - `sent`: the platform accepted it;
 * - `skipped`: nothing to send to (no template for the kind, the member declined subscriptions) — in-app only;
 * - `retry`: a transient error (network, token, rate limit, setup problem an administrator can fix): try later;
 * - `failed`: the platform refused this recipient for good (e.g. unknown user).
 * `error` is the platform's errcode or a short reason, never a secret.
 */
export type DeliveryResult =
  | { outcome: 'sent' }
  | { outcome: 'skipped'; error: string }
  | { outcome: 'retry'; error: string }
  | { outcome: 'failed'; error: string };

/**
 * A push channel: sends a batch of notices of its own kind of recipient and answers for every one of them.
 * It never throws for a platform or network error of one call (that notice's answer is `retry`); it throws
 * ChannelThrottled on a rate limit. Any other thrown error counts as `retry` for the whole batch.
 */
export interface Channel {
  readonly name: 'wecom' | 'wechat';
  /** Whether this channel can reach the recipient (e.g. the corp is configured). */
  reaches(recipient: Recipient): boolean;
  send(batch: OutgoingNotice[]): Promise<Map<string, DeliveryResult>>;
}

/**
 * The platform's rate-limit answer (45009, 45033…): the channel stops for this run. `answered` holds the outcomes
 * of the notices sent before the limit hit (they are recorded, never sent again); the rest waits.
 */
export class ChannelThrottled extends Error {
  constructor(
    readonly errcode: number,
    readonly answered: Map<string, DeliveryResult> = new Map(),
  ) {
    super(`rate limited (${errcode})`);
  }
}

/** When to try again after the n-th failed try: 30 s, 2 min, 10 min, 1 h, then 6 h. */
export function backoffMs(attempt: number): number {
  const steps = [30_000, 120_000, 600_000, 3_600_000, 21_600_000];
  return steps[Math.min(Math.max(attempt, 1), steps.length) - 1];
}

/** After this many tries a transient error is given up as `failed` (the in-app notice stays). */
export const MAX_ATTEMPTS = 6;
