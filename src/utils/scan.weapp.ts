import Taro from '@tarojs/taro';

/** The mini-program always has the camera. */
export const canScan = (): boolean => true;

/** A code read by the phone's camera, trimmed; null (with a hint to type `what`) when there is none. */
export async function scanCode(what: string): Promise<string | null> {
  const r = await Taro.scanCode({ onlyFromCamera: true }).catch(() => null);
  const value = typeof r?.result === 'string' ? r.result.trim() : '';
  if (value) return value;
  void Taro.showToast({ title: `未能扫码，请手动输入${what}`, icon: 'none', duration: 2500 });
  return null;
}
