import type { CallContext } from '../core/auth/identity';
import { getRuntime } from '../core/runtime';
import { triggerSource } from '../core/events';
import { purgeStalePersonalData } from '../core/purge';

/**
 * CloudBase entry of the retention function: its `purgeStaleUploads` timer trigger (cloudbaserc.json) deletes
 * raw personal data left in unfinished uploads. It answers nothing but the platform's timer.
 */
export const main = async (_event: unknown, context: CallContext) => {
  if (triggerSource(context) !== 'timer') return { ok: false, error: { code: 'FORBIDDEN', message: '仅供定时任务调用' } };
  const { db, clock } = await getRuntime();
  return { ok: true, data: await purgeStalePersonalData(db, clock()) };
};
