import type { ApiResponse } from '@/contracts';
import { transportErrors } from './errors';
import type { Send } from './types';

/** Where the local gateway (or a deployed HTTP host) serves the functions, relative to the page. */
const API_BASE = '/api';

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

/** JSON POST to `/api/<path>`, with our session as a bearer token. */
export async function postJson<T>(path: string, body: unknown, token: string | null): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(`${API_BASE}/${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  } catch {
    return { ok: false, error: transportErrors.network() };
  }
  return readApiResponse<T>(res);
}

/** GET `/api/<path>`; used only by the dev-login page. */
export async function getJson<T>(path: string): Promise<ApiResponse<T>> {
  let res: Response;
  try {
    res = await fetch(`${API_BASE}/${path}`, { headers: { Accept: 'application/json' } });
  } catch {
    return { ok: false, error: transportErrors.network() };
  }
  return readApiResponse<T>(res);
}

/** H5: the local gateway hosts every function at `POST /api/<function>`. */
export const send: Send = ({ fn, action, input, token }) => postJson(fn, { action, input }, token);
