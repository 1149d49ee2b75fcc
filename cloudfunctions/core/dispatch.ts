import { contracts, functionOf, toValidationError, type ActionName, type ApiResponse } from '../../src/contracts';
import { AppError, errors, pgErrorCode } from './errors';
import { actionRegistry } from './actions';
import { getRuntime } from './runtime';
import { resolveCaller, type CallContext } from './auth/identity';
import { loadAccess, unloadedAccess } from './auth/access';
import { authorize } from './auth/authorize';
import { audit } from './audit';
import type { Db } from './db/client';
import type { ActionDef } from './action';

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

/** Role lists and scopes are checked against the caller's roles; 'signedIn' / 'public' without scope are not. */
const needsRoles = (def: ActionDef) => typeof def.allow !== 'string' || !!def.scope;

/**
 * The one path every call takes: read → find action → validate → identify → authorize →
 * run in one transaction → map errors. Cloud function entries are one line over this.
 */
export async function handle(area: string, event: unknown, context: CallContext = {}): Promise<ApiResponse<unknown>> {
  try {
    const call = readEvent(event);
    const name = (call.action.includes('.') ? call.action : `${area}.${call.action}`) as ActionName;
    const def = actionRegistry.get(name);
    if (!def || functionOf(name) !== area) throw errors.unknownAction(call.action);
    const parsed = contracts[name].input.safeParse(call.input);
    if (!parsed.success) {
      const e = toValidationError(parsed.error);
      throw new AppError(e.code, e.message, e.fields);
    }
    const runtime = await getRuntime();
    const caller = await resolveCaller(runtime.db, runtime.secret, call.sessionToken ?? context.sessionToken, context);
    for (let attempt = 1; ; attempt++) {
      try {
        const run = async (tx: Db) => {
          const access = def.transaction === false && !needsRoles(def) ? unloadedAccess(caller) : await loadAccess(tx, caller);
          const union = await authorize(tx, def, parsed.data, access);
          return def.handler({
            tx,
            input: parsed.data as never,
            caller,
            access,
            union,
            now: runtime.clock(),
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
    return { ok: false, error: toApiError(e) };
  }
}

function toApiError(e: unknown) {
  if (e instanceof AppError) return e.toJSON();
  const code = pgErrorCode(e);
  if (code === '23505') return { code: 'CONFLICT', message: '数据已存在或已被他人修改，请刷新后重试' };
  if (code === '23514' || code === '23503' || code === '22001' || code === '22003')
    return { code: 'INVALID_STATE', message: '数据不符合规则，未作任何修改' };
  if (code === '40001' || code === '40P01') return { code: 'BUSY', message: '当前操作人数较多，请稍后重试' };
  // Unexpected: log for operators, never leak internals to the caller.
  console.error('[palm-union] unexpected error', e);
  return errors.internal().toJSON();
}
