import type { Db } from '../db/client';
import { refreshFederationStats } from './rollup';

/** The retention function's timer trigger that rebuilds the federation figures (cloudbaserc.json, every 5 minutes). */
export const FEDERATION_TIMER = 'federationRollup';

/** Is this platform timer invocation the federation rebuild (by its trigger name; the platform sets both)? */
export const isFederationTimer = (event: unknown): boolean =>
  !!event && typeof event === 'object' && (event as Record<string, unknown>).TriggerName === FEDERATION_TIMER;

/** The timer's work: rebuild every node's figures in one transaction; readers keep the old ones until it commits. */
export async function runFederationRollup(db: Db, now: Date): Promise<{ refreshedAt: string; ms: number }> {
  const t = Date.now();
  const at = await db.transaction((tx) => refreshFederationStats(tx, now));
  return { refreshedAt: at.toISOString(), ms: Date.now() - t };
}
