import Taro from '@tarojs/taro';
import { inWecom, sdkCancelled, sdkMessage, wecomJssdk } from '@/api/wecom-jssdk';

/**
 * Scanning in h5: inside WeCom through its JS-SDK (`ww.scanQRCode`, after the page is signed, wecom-jssdk.h5.ts);
 * a plain browser has no scanner, and says so instead of calling anything (Taro's own scanCode answers there
 * without a result, which once reached the server as `undefined` and surfaced as 系统繁忙).
 */
export const canScan = (): boolean => inWecom();

const hint = (title: string) => void Taro.showToast({ title, icon: 'none', duration: 2500 });

/** A code read by the phone's camera, trimmed; null (with a hint to type `what`) when there is none. */
export async function scanCode(what: string): Promise<string | null> {
  if (!inWecom()) {
    hint(`浏览器中无法扫码，请在输入框中输入${what}`);
    return null;
  }
  try {
    const ww = await wecomJssdk();
    const r = await ww.scanQRCode({ needResult: true, scanType: [ww.ScanQRCodeType.qrCode, ww.ScanQRCodeType.barCode] });
    const value = typeof r.resultStr === 'string' ? r.resultStr.trim() : '';
    if (value) return value;
  } catch (e) {
    if (!sdkCancelled(e)) hint(`企业微信扫码不可用（${sdkMessage(e)}），请手动输入${what}`);
    return null;
  }
  hint(`未能扫码，请手动输入${what}`);
  return null;
}
