import type { CallContext } from './auth/identity';

/**
 * Whether CloudBase itself invoked the function from a timer trigger: the platform marks those calls with
 * TRIGGER_SRC=timer (what @cloudbase/node-sdk reads, from the process environment or the context's
 * `environment`). The event's own fields (`Type: 'Timer'`) are the caller's to choose, so they are never trusted.
 */
export function firedByTimer(context: CallContext): boolean {
  try {
    // Loaded lazily: the local gateway and tests rarely need the SDK.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tcb = require('@cloudbase/node-sdk');
    return tcb.getCloudbaseContext(context).TRIGGER_SRC === 'timer';
  } catch {
    return false;
  }
}
