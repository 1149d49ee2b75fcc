import { useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { ensureSignedIn } from '@/api';

/**
 * Whether the person may load data on this page. On h5 without a session it sends them to the
 * dev-login page; on weapp CloudBase identifies them, so it is always true.
 */
export function useSignedIn(): boolean {
  const [signedIn, setSignedIn] = useState(() => ensureSignedIn());
  useDidShow(() => {
    const now = ensureSignedIn();
    if (now !== signedIn) setSignedIn(now);
  });
  return signedIn;
}
