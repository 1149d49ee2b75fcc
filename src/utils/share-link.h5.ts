import Taro from '@tarojs/taro';
import { inWecom, sdkCancelled, sdkMessage, wecomJssdk } from '@/api/wecom-jssdk';

/**
 * Sharing a page as a link card from h5: inside WeCom through its JS-SDK (`ww.shareAppMessage`, which opens WeCom's
 * own chat picker); a plain browser cannot send a card (the officer copies the link or shows its QR instead).
 */
export const canShareLink = (): boolean => inWecom();

/** Share `link` as a card; true when sent, false when the officer closed the picker or it failed (with a hint). */
export async function shareLink(card: { title: string; desc: string; link: string; imgUrl?: string }): Promise<boolean> {
  try {
    const ww = await wecomJssdk();
    await ww.shareAppMessage({ title: card.title, desc: card.desc, link: card.link, imgUrl: card.imgUrl ?? '' });
    return true;
  } catch (e) {
    if (!sdkCancelled(e))
      void Taro.showToast({
        title: `企业微信分享不可用（${sdkMessage(e)}），可复制链接或出示二维码`,
        icon: 'none',
        duration: 2500,
      });
    return false;
  }
}
