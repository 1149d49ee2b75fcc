import { hasPlatformProblems, recordPlatformProblems } from './platform/problems';
import { contracts, functionOf, toValidationError, type ActionName, type ApiError, type ApiResponse } from '@shared/contracts';
import { randomUUID } from 'node:crypto';
import { AppError, errors, pgErrorCode } from './errors';
import type { ActionDef } from './action';
import { readPlatformEvent } from './events';
import { getRuntime, writeBudgetOf } from './runtime';
import { takeBudget } from './auth/budget';
import { identify, identifyInline, type CallContext } from './auth/identity';
import { authorize } from './auth/authorize';
import { audit } from './audit';
import type { Db } from './db/client';

export const MAX_PAYLOAD_BYTES = 256 * 1024;

interface CallEvent {
  action: string;
  input: unknown;
  sessionToken?: string;
}

/** Accept the event as CloudBase hands it over (an object, or an HTTP body string). */
function readEvent(event: unknown): CallEvent {
  let value = event;
  if (typeof value === 'string' || Buffer.isBuffer(value)) {
    const text = value.toString();
    if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) throw errors.tooLarge();
    try {
      value = JSON.parse(text);
    } catch {
      throw new AppError('BAD_JSON', '请求内容不是有效的 JSON');
    }
  } else {
    let size: number;
    try {
      size = Buffer.byteLength(JSON.stringify(value ?? null));
    } catch {
      throw new AppError('BAD_JSON', '请求内容无法解析');
    }
    if (size > MAX_PAYLOAD_BYTES) throw errors.tooLarge();
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw errors.badRequest('请求格式应为 { action, input }');
  const { action, input, sessionToken } = value as Record<string, unknown>;
  if (typeof action !== 'string' || !action) throw new AppError('INVALID_INPUT', '操作：必填', { action: '操作：必填' });
  if (sessionToken !== undefined && typeof sessionToken !== 'string') throw errors.badRequest('登录凭证格式不正确');
  return { action, input: input ?? {}, sessionToken: sessionToken as string | undefined };
}

const RETRYABLE = new Set(['40001', '40P01']);

/**
 * A cloud function over its own area's actions (the entry passes its list, so a bundle holds only its area):
 * reads every event CloudBase sends (core/events.ts) and answers in the shape it came in.
 */
export function cloudFunction(area: string, actions: readonly ActionDef[]) {
  const registry: ReadonlyMap<string, ActionDef> = new Map(actions.map((a) => [a.name, a]));
  return async (event: unknown, context: CallContext = {}): Promise<unknown> => {
    const platform = readPlatformEvent(event, context);
    if ('reply' in platform) return platform.reply;
    return platform.respond(await handle(area, registry, platform.call, platform.context));
  };
}

/**
 * The one path every call takes: read → find action → validate → identify → authorize →
 * run in one transaction → map errors. Cloud function entries are one line over `cloudFunction`.
 */
export async function handle(
  area: string,
  registry: ReadonlyMap<string, ActionDef>,
  event: unknown,
  context: CallContext = {},
): Promise<ApiResponse<unknown>> {
  try {
    const call = readEvent(event);
    const name = (call.action.includes('.') ? call.action : `${area}.${call.action}`) as ActionName;
    const def = registry.get(name);
    if (!def || functionOf(name) !== area) throw errors.unknownAction(call.action);
    const parsed = contracts[name].input.safeParse(call.input);
    if (!parsed.success) {
      const e = toValidationError(parsed.error);
      throw new AppError(e.code, e.message, e.fields);
    }
    const runtime = await getRuntime();
    const token = call.sessionToken ?? context.sessionToken;
    // session: 'inline' — the token verified here, person and roles checked by the action's own statement
    const inline = def.session === 'inline' ? await identifyInline(runtime.secret, token) : null;
    const access = inline?.access ?? (await identify(runtime.db, runtime.secret, token, context));
    const caller = access.caller;
    const writeBudget = writeBudgetOf(runtime);
    await takeBudget(runtime.db, writeBudget, def, caller);
    for (let attempt = 1; ; attempt++) {
      try {
        const run = async (tx: Db) => {
          const { union, check } = await authorize(tx, def, parsed.data, access, inline?.sessionVersion ?? null);
          return def.handler({
            tx,
            input: parsed.data as never,
            caller,
            access,
            union,
            check,
            now: runtime.clock(),
            writeBudget,
            audit: (entry) => audit(tx, { ...entry, actorId: caller.personId }),
          });
        };
        const data = def.transaction === false ? await run(runtime.db) : await runtime.db.transaction(run);
        return { ok: true, data };
      } catch (e) {
        if (attempt < 5 && RETRYABLE.has(pgErrorCode(e))) continue;
        throw e;
      }
    }
  } catch (e) {
    return { ok: false, error: toApiError(e, event) };
  } finally {
    if (hasPlatformProblems()) await recordPlatformProblemsNow();
  }
}

/** Setup problems a platform call reported, written after the call (its transaction may have rolled back). */
async function recordPlatformProblemsNow(): Promise<void> {
  try {
    const runtime = await getRuntime();
    await recordPlatformProblems(runtime.db, runtime.clock());
  } catch (e) {
    console.error(`[palm-union] could not record platform problems: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** The action named by a raw event, for the log line only (never its input). */
const actionNameOf = (event: unknown): string => {
  const a = event && typeof event === 'object' && !Buffer.isBuffer(event) ? (event as { action?: unknown }).action : undefined;
  return typeof a === 'string' ? a.slice(0, 60) : '?';
};

/**
 * What operators may see of an unexpected failure: its SQLSTATE, the first line of its message with any
 * quoted value and any "params:" tail cut off, and an error id the caller is shown too. Never the query's
 * parameters or the input — they hold diagnoses, ID numbers and bank accounts.
 */
export function logUnexpected(e: unknown, action: string): string {
  const errorId = randomUUID().replace(/-/g, '').slice(0, 12);
  const clean = (m: unknown) =>
    String(m)
      .split('\n')[0]
      .replace(/params:.*$/i, '')
      .replace(/"[^"]*"|'[^']*'/g, '…')
      .slice(0, 200);
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause : null;
  const name = e instanceof Error ? e.name : typeof e;
  const text = `${name}: ${clean(e instanceof Error ? e.message : e)}${cause ? ` (cause: ${clean(cause.message)})` : ''}`;
  console.error(`[palm-union] unexpected error id=${errorId} action=${action} code=${pgErrorCode(e) || '-'} ${text}`);
  return errorId;
}

function toApiError(e: unknown, event?: unknown): ApiError {
  if (e instanceof AppError) return e.toJSON();
  const code = pgErrorCode(e);
  if (code === '23505') return { code: 'CONFLICT', message: '数据已存在或已被他人修改，请刷新后重试' };
  if (code === '23514' || code === '23503' || code === '22001' || code === '22003')
    return { code: 'INVALID_STATE', message: '数据不符合规则，未作任何修改' };
  if (code === '40001' || code === '40P01') return { code: 'BUSY', message: '当前操作人数较多，请稍后重试' };
  // Unexpected: log for operators (without parameters), never leak internals to the caller.
  return errors.internal(logUnexpected(e, actionNameOf(event))).toJSON();
}
