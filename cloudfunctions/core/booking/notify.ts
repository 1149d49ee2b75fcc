import { rows, sql, type Db } from '../db/client';

export type NoticeKind = 'cancelled_by_staff' | 'waitlist_assigned' | 'reminder' | 'suspended';

/**
 * Write a member's in-app notice inside the caller's transaction. The notices table is also the outbox
 * of weapp subscription messages: `pushNotices` sends the unsent ones after commit (timer trigger), so a
 * rolled-back booking never leaves a message behind.
 */
export async function notify(
  tx: Db,
  n: { personId: string; serviceId: string; bookingId?: string | null; kind: NoticeKind; title: string; body: string },
): Promise<void> {
  await tx.execute(sql`
    INSERT INTO booking_notices (person_id, service_id, booking_id, kind, title, body)
    VALUES (${n.personId}, ${n.serviceId}, ${n.bookingId ?? null}, ${n.kind}, ${n.title}, ${n.body})`);
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

/**
 * Push unsent notices through the messenger, oldest first; each is marked pushed in its own short
 * transaction with SKIP LOCKED so two timers never send the same notice twice.
 */
export async function pushNotices(db: Db, messenger: SubscriptionMessenger = loggingMessenger, limit = 100): Promise<number> {
  let sent = 0;
  for (let i = 0; i < limit; i++) {
    const done = await db.transaction(async (tx) => {
      const [n] = await rows<{ id: string; person_id: string; kind: NoticeKind; title: string; body: string }>(
        tx,
        sql`SELECT id, person_id, kind, title, body FROM booking_notices WHERE pushed_at IS NULL
            ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      if (!n) return false;
      await messenger.send({ personId: n.person_id, template: n.kind, page: 'pages/booking/index/index', data: { title: n.title, body: n.body } });
      await tx.execute(sql`UPDATE booking_notices SET pushed_at = now() WHERE id = ${n.id}`);
      return true;
    });
    if (!done) break;
    sent++;
  }
  return sent;
}
