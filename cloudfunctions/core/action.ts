import type { ActionInput, ActionName, ActionOutput, Contracts } from '@shared/contracts';
import type { ParsedInputOf } from '@shared/contracts/contract';
import type { Role } from '@shared/contracts/unions';
import type { Db } from './db/client';
import type { Access } from './auth/access';
import type { Caller } from './auth/caller';
import type { AuditEntry } from './audit';
import type { WriteBudget } from './auth/budget';
import type { CallerCheck } from './auth/authorize';
import { errors } from './errors';

/** A union as the role rule needs it: its id and its path ('/<root>/…/<id>/'). */
export interface UnionRef {
  id: string;
  path: string;
}

/**
 * Who may call an action:
 * - 'public': anyone, even without a session (e.g. previewing an invite);
 * - 'signedIn': any identified caller (a person, or a WeChat user not yet on the platform);
 * - a list of roles: the caller must hold one of them on the union returned by `scope`.
 */
export type Allow = 'public' | 'signedIn' | readonly Role[];

/** Whether `A` restricts the action to roles (not distributive: the default `Allow` is not role-restricted). */
type IsRoleList<A extends Allow> = [A] extends [readonly Role[]] ? true : false;

/** The caller of an action allowed to roles: always a person on the platform (roles are held by persons). */
export type PersonCaller = Caller & { personId: string };

export interface ActionContext<N extends ActionName, A extends Allow = Allow> {
  tx: Db;
  input: ParsedInputOf<Contracts[N]>;
  /** For a role-restricted action the caller is a person (`personId` is a string); otherwise maybe not yet. */
  caller: IsRoleList<A> extends true ? PersonCaller : Caller;
  access: Access;
  /**
   * The union the call was authorized on: always there for a role-restricted action (the dispatcher resolved its
   * `scope` and checked the roles on it); null for public / signedIn actions without scope.
   */
  union: IsRoleList<A> extends true ? UnionRef : UnionRef | null;
  /**
   * `session: 'inline'` actions only (null otherwise): what the handler's one statement must still check of the
   * caller — pass it to `pu_caller_refusal_v1` (migration 0770) and throw `callerRefusal(outcome)` (auth/authorize.ts).
   */
  check: CallerCheck | null;
  now: Date;
  /** The caller's write budget for an action that spends it in its own statement (`budget: 'inline'`); null = off. */
  writeBudget: WriteBudget | null;
  /** Audit with the caller filled in. */
  audit(entry: Omit<AuditEntry, 'actorId'>): Promise<void>;
}

/** Methods (not function properties) so a specific action fits in a list of all actions. */
export interface ActionDef<N extends ActionName = ActionName> {
  name: N;
  allow: Allow;
  /** Changes nothing: not counted against the caller's write budget (auth/budget.ts). Omitted = a write. */
  readOnly?: boolean;
  /**
   * The union this call acts on, derived from the input (or the target record's union, or the
   * caller's own union). Required for role lists; throw AppError NOT_FOUND for a missing target.
   * Return `{ id, path }` when it is at hand (e.g. from a per-process cache) to save the union's lookup.
   */
  scope?(
    tx: Db,
    input: ParsedInputOf<Contracts[N]>,
    access: Access,
  ): Promise<string | UnionRef | null> | string | UnionRef | null;
  /**
   * false: the handler's work is ONE autocommit statement (a database function that checks, writes and audits
   * by itself, returning refusals as values), so the dispatcher opens no transaction and `tx` is the database.
   * The caller's roles were already read with the identity lookup (one query, before any transaction).
   * Everything else keeps the default: one transaction around authorization and handler.
   */
  transaction?: false;
  /**
   * 'inline': the handler spends the caller's write budget inside its own single statement (`takeBudgetSql`,
   * ctx.writeBudget) at its first write, so the hot path keeps one round trip; the dispatcher then takes none.
   */
  budget?: 'inline';
  /**
   * 'inline' (hot actions with `transaction: false`): the caller is checked inside the handler's one statement,
   * not by separate round trips before it. For a call with a session token the dispatcher verifies the token's
   * signature and expiry (no database), resolves `scope` and hands the handler `ctx.check`: the person, the token's
   * session version and the roles still to check on the union. The statement calls `pu_caller_refusal_v1` with them
   * first (a revoked session → UNAUTHENTICATED, a missing role → FORBIDDEN, as values) — one round trip in all.
   * `access` then holds no grants (its `can` throws). A WeChat caller (OPENID, no token) is identified and
   * authorized by the dispatcher as usual, and `ctx.check` asks the statement for nothing more.
   */
  session?: 'inline';
  handler(ctx: ActionContext<N>): Promise<ActionOutput<N>>;
}

/** The union a 'signedIn' action with a `scope` was resolved on; a scope that found none is refused. */
export const scopedUnion = (union: UnionRef | null): UnionRef => {
  if (!union) throw errors.forbidden();
  return union;
};

/** The context of a handler whose action is allowed to a list of roles: union and calling person are known. */
export type RoleContext<N extends ActionName> = ActionContext<N, readonly Role[]>;

/**
 * An action's definition as written: `allow` is kept as written (a role list or 'public' / 'signedIn'), and the
 * handler is a function property, so it is checked strictly against the context that `allow` gives — a handler
 * that needs a union and a person cannot be attached to a 'signedIn' action.
 */
type ActionSpec<N extends ActionName, A extends Allow> = Omit<ActionDef<N>, 'name' | 'allow' | 'handler'> & {
  allow: A;
  handler: (ctx: ActionContext<N, A>) => Promise<ActionOutput<N>>;
};

export function defineAction<N extends ActionName, const A extends Allow>(name: N, def: ActionSpec<N, A>): ActionDef<N> {
  // the dispatcher guarantees what ActionContext<N, A> promises (dispatch.ts: a role list is authorized on a union)
  return { name, ...def } as ActionDef<N>;
}

export type { ActionInput, ActionOutput };
