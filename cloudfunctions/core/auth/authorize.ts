import type { Role } from '@shared/contracts/unions';
import type { ActionDef, UnionRef } from '../action';
import type { Db } from '../db/client';
import { AppError, errors } from '../errors';
import { unionRef, type Access } from './access';

/**
 * What the statement of a `session: 'inline'` action still has to check of its caller, by calling
 * `pu_caller_refusal_v1` (migration 0770) with these fields: the same rules as `identify` and `Access.can`.
 * `sessionVersion` null: the dispatcher already checked the session (or there is none to check);
 * `roles` null: no role left to check on `union`.
 */
export interface CallerCheck {
  personId: string;
  sessionVersion: number | null;
  roles: readonly Role[] | null;
  union: UnionRef | null;
}

/** `roles` as the statement's text[] parameter (NULL when there is nothing to check). */
export const rolesParam = (check: CallerCheck): string | null => (check.roles ? `{${check.roles.join(',')}}` : null);

/** The refusal `pu_caller_refusal_v1` answered, as the dispatcher would have raised it; null for any other outcome. */
export function callerRefusal(outcome: string): AppError | null {
  if (outcome === 'UNAUTHENTICATED') return new AppError('UNAUTHENTICATED', '登录已失效，请重新登录');
  if (outcome === 'FORBIDDEN') return errors.forbidden();
  return null;
}

async function scopeOf(tx: Db, def: ActionDef, input: unknown, access: Access): Promise<UnionRef | null> {
  const scope = def.scope ? await def.scope(tx, input as never, access) : null;
  if (!scope) return null;
  return typeof scope === 'string' ? unionRef(tx, scope) : scope;
}

/**
 * The one authorization rule every call passes: `allow` says who, `scope` says on which union.
 * Returns the union the call is authorized on (null for public / signedIn calls without scope).
 *
 * `pendingSession` (the token's session version, for a `session: 'inline'` action whose caller's roles were not
 * read): the role check is not done here but handed to the action's statement, with the session check, as `check`.
 */
export async function authorize(
  tx: Db,
  def: ActionDef,
  input: unknown,
  access: Access,
  pendingSession: number | null = null,
): Promise<{ union: UnionRef | null; check: CallerCheck | null }> {
  const personId = access.caller.personId;
  const inline = (union: UnionRef | null, roles: readonly Role[] | null) =>
    def.session === 'inline' && personId ? { personId, sessionVersion: pendingSession, roles, union } : null;
  if (def.allow === 'public') {
    const union = await scopeOf(tx, def, input, access);
    return { union, check: inline(union, null) };
  }
  if (!personId && !access.caller.openid) throw errors.unauthenticated();
  if (def.allow === 'signedIn') {
    const union = await scopeOf(tx, def, input, access);
    return { union, check: inline(union, null) };
  }
  if (!personId) throw errors.unauthenticated();
  const union = await scopeOf(tx, def, input, access);
  if (!union) throw errors.forbidden();
  if (pendingSession !== null && def.session === 'inline') return { union, check: inline(union, def.allow) };
  if (!access.can(def.allow, union)) throw errors.forbidden();
  return { union, check: inline(union, null) };
}
