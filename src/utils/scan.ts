import Taro from '@tarojs/taro';

/**
 * A code read by the phone's camera (a member's check-in code, a coupon), trimmed; null when there is none, with a
 * hint to type `what` instead. h5 has no camera API: Taro's scanCode there answers without a result outside
 * WeChat's JS-SDK, which once reached the server as `undefined` and surfaced as 系统繁忙. No code, no call.
 */
export async function scanCode(what: string): Promise<string | null> {
  const r = await Taro.scanCode({ onlyFromCamera: true }).catch(() => null);
  const value = typeof r?.result === 'string' ? r.result.trim() : '';
  if (value) return value;
  void Taro.showToast({
    title: process.env.TARO_ENV === 'h5' ? `浏览器中无法扫码，请在输入框中输入${what}` : `未能扫码，请手动输入${what}`,
    icon: 'none',
    duration: 2500,
  });
  return null;
}
