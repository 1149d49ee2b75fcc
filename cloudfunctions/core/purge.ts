import type { Db } from './db/client';
import { audit } from './audit';
import { dropAbandonedUploads as dropAbandonedRosterUploads, dropStalePreviews } from './membership/roster';
import { dropAbandonedUploads as dropAbandonedAidUploads } from './aid/uploads';

export interface PurgeReport {
  /** roster uploads left unfinished: their raw file (full ID numbers) deleted */
  rosterUploads: number;
  /** roster previews never confirmed: their staged rows deleted */
  rosterPreviews: number;
  /** aid uploads left unfinished: their pieces (medical documents) deleted */
  aidUploads: number;
}

/**
 * Raw personal data nobody finished with: abandoned roster uploads and unconfirmed previews, abandoned aid
 * uploads. Run by the `retention` function's timer trigger and by the local gateway on an interval (also,
 * as before, when anyone starts an upload). One transaction; audited when anything went.
 */
export async function purgeStalePersonalData(db: Db, now: Date): Promise<PurgeReport> {
  return db.transaction(async (tx) => {
    const report = {
      rosterUploads: await dropAbandonedRosterUploads(tx, now),
      rosterPreviews: await dropStalePreviews(tx, now),
      aidUploads: await dropAbandonedAidUploads(tx, now),
    };
    if (Object.values(report).some((n) => n > 0))
      await audit(tx, { actorId: null, action: 'system.purgeStaleUploads', detail: { ...report } });
    return report;
  });
}

/** How often the local gateway runs the purge. */
export const PURGE_INTERVAL_MS = 10 * 60_000;

/** The local host's stand-in for the timer trigger; returns the function that stops it. */
export function purgeOnInterval(db: Db, clock: () => Date, everyMs = PURGE_INTERVAL_MS): () => void {
  const timer = setInterval(() => {
    purgeStalePersonalData(db, clock()).catch((e) => console.error('[purge]', (e as Error).message));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
