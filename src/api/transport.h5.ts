import type { ApiResponse } from '@shared/contracts';
import { transportErrors } from './errors';
import type { Send } from './types';

/**
 * Where the functions are served: by default `/api` on the page's own origin (the local gateway, `npm start`);
 * for the h5 build on CloudBase static hosting, the HTTP-access (云接入) base of the same functions, set at build
 * time: `TARO_APP_API_BASE=https://<env>.service.tcloudbase.com/api npm run build:h5` (declared in `.env`).
 */
export function apiBase(): string {
  return (process.env.TARO_APP_API_BASE || '/api').replace(/\/+$/, '');
}

/** Parses a response body as our ApiResponse; anything else is a host failure. */
export async function readApiResponse<T>(res: Response): Promise<ApiResponse<T>> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    return { ok: false, error: transportErrors.badResponse() };
  }
  if (body && typeof body === 'object' && typeof (body as { ok?: unknown }).ok === 'boolean') {
    const typed = body as ApiResponse<T>;
    if (typed.ok || (typed.error && typeof typed.error.message === 'string')) return typed;
  }
  return { ok: false, error: transportErrors.badResponse() };
}

/** JSON POST to `<api base>/<path>`, with our session as a bearer token. */
export async function postJson<T>(path: string, body: unknown, token: string | null): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(`${apiBase()}/${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  } catch {
    return { ok: false, error: transportErrors.network() };
  }
  return readApiResponse<T>(res);
}

/** GET `<api base>/<path>`; used only by the dev-login page. */
export async function getJson<T>(path: string): Promise<ApiResponse<T>> {
  let res: Response;
  try {
    res = await fetch(`${apiBase()}/${path}`, { headers: { Accept: 'application/json' } });
  } catch {
    return { ok: false, error: transportErrors.network() };
  }
  return readApiResponse<T>(res);
}

/** H5: every function at `POST <api base>/<function>` (local gateway or CloudBase HTTP access, same shape). */
export const send: Send = ({ fn, action, input, token }) => postJson(fn, { action, input }, token);
