import Taro from '@tarojs/taro';
import { chartCanvas } from './canvas2d';

/** The union's name in lines of at most `per` characters, two lines at most (the second ends in … when cut). */
export function coverLines(name: string, per = 11): string[] {
  if (name.length <= per) return [name];
  const second = name.slice(per);
  return [name.slice(0, per), second.length > per ? `${second.slice(0, per - 1)}…` : second];
}

/**
 * The invite card's cover (分享卡片封面, 5:4 as WeChat shows it) in the union's branding, drawn on the hidden
 * <Canvas type="2d" id={canvasId}> of the page: the theme colour, the union's name, what the card is for. Returns the
 * image's temporary path for `onShareAppMessage`'s imageUrl, or null when the canvas is not there.
 */
export async function shareCover(canvasId: string, union: { name: string; themeColor: string }): Promise<string | null> {
  const target = await chartCanvas(canvasId);
  if (!target) return null;
  const { context: ctx, width: w, height: h, pixelRatio } = target;
  ctx.scale(pixelRatio, pixelRatio);
  ctx.fillStyle = union.themeColor;
  ctx.fillRect(0, 0, w, h);
  // a lighter band across the bottom, as the home page's header
  ctx.fillStyle = 'rgba(255, 255, 255, 0.14)';
  ctx.fillRect(0, h * 0.72, w, h * 0.28);
  ctx.fillStyle = '#ffffff';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.font = `${Math.round(h * 0.08)}px sans-serif`;
  ctx.fillText('入会邀请', w * 0.08, h * 0.1);
  ctx.font = `bold ${Math.round(h * 0.11)}px sans-serif`;
  coverLines(union.name).forEach((line, i) => ctx.fillText(line, w * 0.08, h * (0.26 + i * 0.15)));
  ctx.font = `${Math.round(h * 0.075)}px sans-serif`;
  ctx.fillText('点击卡片 · 核验身份后即可入会', w * 0.08, h * 0.8);
  try {
    const { tempFilePath } = await Taro.canvasToTempFilePath({
      canvas: target.node as never,
      fileType: 'png',
      destWidth: Math.round(w * pixelRatio),
      destHeight: Math.round(h * pixelRatio),
    } as never);
    return tempFilePath;
  } catch {
    return null;
  }
}
