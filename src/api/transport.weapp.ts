import Taro from '@tarojs/taro';
import type { ApiResponse } from '@shared/contracts';
import { transportErrors } from './errors';
import type { Send } from './types';

/**
 * Weapp: each area is a CloudBase function. CloudBase tells the function who the WeChat caller is;
 * our own session token (WeCom login) travels in the data.
 */
export const send: Send = async ({ fn, action, input, token }) => {
  try {
    const res = await Taro.cloud.callFunction({
      name: fn,
      data: token ? { action, input, sessionToken: token } : { action, input },
    });
    const result = res.result as ApiResponse<unknown> | undefined;
    if (result && typeof result === 'object' && typeof result.ok === 'boolean') return result;
    return { ok: false, error: transportErrors.badResponse() };
  } catch {
    return { ok: false, error: transportErrors.network() };
  }
};
