/** An access token per key (a WeCom corp id, or the WeChat app id), refreshed on demand. */
export interface TokenSource {
  token(key: string): Promise<string>;
  /** Forget the cached token (the platform said it expired or is invalid). */
  invalidate(key: string): void;
}

/** Platform answers that mean "the token is stale": refresh it and try once more. */
export const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
/** Rate limits (接口调用超过限制, 账号/应用 频率). */
export const RATE_LIMIT_ERRORS = new Set([45009, 45033, 45047]);

export type PostJson = (url: string, body: unknown) => Promise<Record<string, unknown>>;

/** POST JSON to a platform API (10 s timeout); the platforms answer errors as HTTP 200 with an errcode. */
export const postJson: PostJson = async (url, body) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
};

/**
 * Access tokens cached per key (corp id or app id) until five minutes before they expire, shared by every call of
 * the process; `invalidate` drops one the platform called stale. Concurrent callers share one fetch.
 */
export function cachedTokens(
  fetchToken: (key: string) => Promise<{ token: string; expiresIn: number }>,
  now: () => number = Date.now,
): TokenSource {
  const cache = new Map<string, { value: string; until: number }>();
  const inFlight = new Map<string, Promise<string>>();
  return {
    async token(key) {
      const hit = cache.get(key);
      if (hit && hit.until > now()) return hit.value;
      const pending =
        inFlight.get(key) ??
        fetchToken(key)
          .then(({ token, expiresIn }) => {
            cache.set(key, { value: token, until: now() + Math.max(0, expiresIn - 300) * 1000 });
            return token;
          })
          .finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
      return pending;
    },
    invalidate(key) {
      cache.delete(key);
    },
  };
}

/** GET a token endpoint and read `access_token` / `expires_in`; any errcode is an error carrying the code only. */
export async function fetchAccessToken(url: string): Promise<{ token: string; expiresIn: number }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const reply = (await res.json()) as { errcode?: number; access_token?: string; expires_in?: number };
  if (reply.errcode || !reply.access_token) throw new Error(`gettoken errcode ${reply.errcode ?? 'none'}`);
  return { token: reply.access_token, expiresIn: reply.expires_in ?? 7200 };
}
