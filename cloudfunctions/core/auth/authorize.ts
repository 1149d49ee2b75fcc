import type { ActionDef } from '../action';
import type { Db } from '../db/client';
import { errors } from '../errors';
import { unionRef, type Access } from './access';

/**
 * The one authorization rule every call passes: `allow` says who, `scope` says on which union.
 * Returns the union the call is authorized on (null for public / signedIn calls without scope).
 */
export async function authorize(tx: Db, def: ActionDef, input: unknown, access: Access) {
  if (def.allow === 'public') {
    const id = def.scope ? await def.scope(tx, input as never, access) : null;
    return id ? unionRef(tx, id) : null;
  }
  if (!access.caller.personId && !access.caller.openid) throw errors.unauthenticated();
  if (def.allow === 'signedIn') {
    const id = def.scope ? await def.scope(tx, input as never, access) : null;
    return id ? unionRef(tx, id) : null;
  }
  if (!access.caller.personId) throw errors.unauthenticated();
  const id = def.scope ? await def.scope(tx, input as never, access) : null;
  const union = id ? await unionRef(tx, id) : null;
  if (!union || !access.can(def.allow, union)) throw errors.forbidden();
  return union;
}
