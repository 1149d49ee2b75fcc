import { useEffect, useRef } from 'react';
import { useDidShow } from '@tarojs/taro';
import { toastError } from '@/utils/toast';
import { applyTheme } from '@/theme';
import { useAction } from './useAction';
import { useSignedIn } from './useSignedIn';

/**
 * The signed-in person, their membership and roles (`unions.home`), for the tab pages: loaded once
 * signed in, refreshed whenever the page is shown again (e.g. after joining); a failed refresh keeps
 * what is shown and says why in a toast (a failed first load is for the page to show).
 */
export function useHome() {
  const signedIn = useSignedIn();
  const home = useAction('unions.home', {}, { enabled: signedIn });
  const shown = useRef(false);
  const { reload, error, data } = home;

  useDidShow(() => {
    if (shown.current && signedIn) void reload();
    shown.current = true;
  });

  useEffect(() => {
    if (error && data) toastError(error);
  }, [error, data]);

  // every page wears the member's union's colour (the platform red for someone without a union)
  const theme = data ? (data.membership?.union.themeColor ?? null) : undefined;
  useEffect(() => {
    if (theme !== undefined) applyTheme(theme);
  }, [theme]);

  return home;
}
