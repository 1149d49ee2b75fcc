import type { Channel, OutgoingNotice } from '../../cloudfunctions/core/notices/delivery';
import { sql, type Db } from '../../cloudfunctions/core/db/client';

/** A WeChat push channel that accepts everything and keeps what it was given (for tests of who is notified). */
export function recordingChannel(): { channel: Channel; sent: OutgoingNotice[] } {
  const sent: OutgoingNotice[] = [];
  const channel: Channel = {
    name: 'wechat',
    reaches: (r) => r.channel === 'wechat',
    async send(batch) {
      sent.push(...batch);
      return new Map(batch.map((n) => [n.id, { outcome: 'sent' as const }]));
    },
  };
  return { channel, sent };
}

/** Give people a WeChat openid (`o-<person id>`), as a sign-in on the WeChat mini-program would. */
export async function withOpenid(db: Db, ...personIds: string[]): Promise<void> {
  for (const id of personIds) await db.execute(sql`UPDATE people SET openid = ${`o-${id}`} WHERE id = ${id}`);
}
