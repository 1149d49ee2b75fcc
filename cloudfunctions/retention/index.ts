import type { CallContext } from '../core/auth/identity';
import { getRuntime } from '../core/runtime';
import { triggerSource } from '../core/events';
import { purgeStalePersonalData } from '../core/purge';
import { isFederationTimer, runFederationRollup } from '../core/federation/timer';

/**
 * CloudBase entry of the retention function, answering only the platform's timers (cloudbaserc.json):
 * `purgeStaleUploads` deletes raw personal data left in unfinished uploads; `federationRollup` rebuilds the
 * federation overview's figures (core/federation/rollup.ts), so they are never more than a few minutes old.
 */
export const main = async (event: unknown, context: CallContext) => {
  if (triggerSource(context) !== 'timer') return { ok: false, error: { code: 'FORBIDDEN', message: '仅供定时任务调用' } };
  const { db, clock } = await getRuntime();
  if (isFederationTimer(event)) return { ok: true, data: await runFederationRollup(db, clock()) };
  return { ok: true, data: await purgeStalePersonalData(db, clock()) };
};
