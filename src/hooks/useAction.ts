import { useCallback, useEffect, useRef, useState } from 'react';
import type { ActionInput, ActionName, ActionOutput } from '@shared/contracts';
import { ApiCallError, call } from '@/api';

export interface ActionState<A extends ActionName> {
  data: ActionOutput<A> | undefined;
  error: ApiCallError | undefined;
  /** True while a request is in flight (also during reloads, when `data` still holds the last result). */
  loading: boolean;
  /** Fetch again; resolves when done and never throws (the error lands in `error`). */
  reload: () => Promise<void>;
}

/**
 * Runs a read action when the component mounts and whenever its input changes.
 * Pass `enabled: false` to wait (e.g. until the person is signed in); `reload` does nothing meanwhile.
 */
export function useAction<A extends ActionName>(
  action: A,
  input: ActionInput<A>,
  options: { enabled?: boolean } = {},
): ActionState<A> {
  const enabled = options.enabled ?? true;
  const [data, setData] = useState<ActionOutput<A>>();
  const [error, setError] = useState<ApiCallError>();
  const [loading, setLoading] = useState(enabled);
  const key = JSON.stringify(input ?? null);
  const latest = useRef(0);
  const mounted = useRef(true);
  // A disabled action's input is not ready (e.g. the service id before the services arrive): reloading it
  // (a page's useDidShow) would send it anyway and flash the server's refusal ("服务项目：格式不正确").
  const enabledNow = useRef(enabled);
  enabledNow.current = enabled;

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const reload = useCallback(async () => {
    if (!enabledNow.current) return;
    const ticket = ++latest.current;
    setLoading(true);
    try {
      const out = await call(action, JSON.parse(key) as ActionInput<A>);
      if (!mounted.current || ticket !== latest.current) return;
      setData(out);
      setError(undefined);
    } catch (err) {
      if (!mounted.current || ticket !== latest.current) return;
      setError(err instanceof ApiCallError ? err : new ApiCallError({ code: 'CLIENT', message: '系统繁忙，请稍后再试' }));
    } finally {
      if (mounted.current && ticket === latest.current) setLoading(false);
    }
  }, [action, key]);

  useEffect(() => {
    if (enabled) void reload();
  }, [enabled, reload]);

  return { data, error, loading, reload };
}
