import type { ApiResponse } from '@shared/contracts';
import type { CallContext } from './auth/identity';
import { cloudbaseSdk } from './cloudbase-sdk';

/**
 * The events CloudBase hands a function, read in one place. Two shapes reach `dispatch`:
 * - a mini-program call (`wx.cloud.callFunction`): the `{ action, input }` object itself, answered as is;
 * - an HTTP-access (云接入) request `{ path, httpMethod, headers, body, isBase64Encoded, queryStringParameters }`:
 *   the route is `POST <api base>/<function>` (the same shape as the local gateway's `/api/<function>`), the body
 *   is the JSON `{ action, input }`, the session comes as `Authorization: Bearer <token>`, and the answer is the
 *   HTTP-access response `{ statusCode, headers, body, isBase64Encoded }`.
 * Reading an HTTP-shaped object grants nothing a plain call cannot: the caller is still only the bearer session
 * (or CloudBase's own context). Timer triggers are NOT recognised here by shape: see `triggerSource`.
 */
export interface HttpAccessEvent {
  path: string;
  httpMethod: string;
  headers?: Record<string, string | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
  queryStringParameters?: Record<string, string> | null;
}

export interface HttpAccessResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

export type PlatformEvent =
  | { call: unknown; context: CallContext; respond: (result: ApiResponse<unknown>) => unknown }
  | { reply: HttpAccessResponse };

export function isHttpAccessEvent(event: unknown): event is HttpAccessEvent {
  if (!event || typeof event !== 'object' || Array.isArray(event)) return false;
  const e = event as Record<string, unknown>;
  return typeof e.httpMethod === 'string' && typeof e.path === 'string' && (e.headers == null || typeof e.headers === 'object');
}

function header(headers: HttpAccessEvent['headers'], name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * CORS for the h5 build on CloudBase static hosting (another origin than the HTTP-access domain). Sessions travel
 * as bearer tokens, never cookies, so any origin may ask by default; `PU_CORS_ORIGINS` (comma-separated origins)
 * narrows it to the hosting domain(s).
 */
function corsHeaders(origin: string | undefined): Record<string, string> {
  const allowed = (process.env.PU_CORS_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  const base = {
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'Authorization, Content-Type',
    'access-control-max-age': '600',
    vary: 'Origin',
  };
  if (allowed.length === 0) return { ...base, 'access-control-allow-origin': '*' };
  return origin && allowed.includes(origin) ? { ...base, 'access-control-allow-origin': origin } : base;
}

function httpResponse(statusCode: number, body: string, cors: Record<string, string>): HttpAccessResponse {
  return {
    statusCode,
    headers: {
      ...cors,
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    body,
    isBase64Encoded: false,
  };
}

/** Normalise what CloudBase sent into the call to dispatch, the context it runs under and how to answer. */
export function readPlatformEvent(event: unknown, context: CallContext): PlatformEvent {
  if (!isHttpAccessEvent(event)) return { call: event, context, respond: (result) => result };
  const cors = corsHeaders(header(event.headers, 'origin'));
  const method = event.httpMethod.toUpperCase();
  if (method === 'OPTIONS') return { reply: httpResponse(204, '', cors) };
  if (method !== 'POST') {
    const refusal: ApiResponse<unknown> = { ok: false, error: { code: 'METHOD_NOT_ALLOWED', message: '请使用 POST 调用' } };
    return { reply: httpResponse(405, JSON.stringify(refusal), { ...cors, allow: 'POST, OPTIONS' }) };
  }
  const raw = event.body ?? '';
  // dispatch reads a text body (size limit, JSON) exactly like the gateway's
  const call = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  const auth = header(event.headers, 'authorization');
  const token = auth && /^Bearer\s+/i.test(auth) ? auth.replace(/^Bearer\s+/i, '').trim() : undefined;
  return {
    call,
    context: { ...context, sessionToken: token || undefined },
    respond: (result) => httpResponse(200, JSON.stringify(result), cors),
  };
}

/**
 * What started this invocation, as the platform marks it: `TRIGGER_SRC` (`timer` for a timer trigger), read the
 * way @cloudbase/node-sdk reads it (the invocation context's environment first, then process.env). Never from the
 * event, which any caller shapes at will.
 */
export function triggerSource(context: CallContext): string | undefined {
  try {
    const tcb = cloudbaseSdk();
    const fromPlatform = context && (context.environment || context.environ) ? context : undefined;
    const src = tcb.getCloudbaseContext(fromPlatform).TRIGGER_SRC;
    return typeof src === 'string' ? src : undefined;
  } catch {
    return process.env.TRIGGER_SRC || undefined;
  }
}

/**
 * A timer trigger of this name: the platform says the invocation is a timer (`triggerSource`) and its event names
 * the trigger (the name alone proves nothing: anyone can send `{ TriggerName }`).
 */
export function isNamedTimer(event: unknown, context: CallContext, name: string): boolean {
  if (!event || typeof event !== 'object' || Array.isArray(event)) return false;
  return (event as Record<string, unknown>).TriggerName === name && triggerSource(context) === 'timer';
}
