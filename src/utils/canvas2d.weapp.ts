import Taro from '@tarojs/taro';
import type { ChartCanvas } from './canvas2d.h5';

export type { ChartCanvas };

interface CanvasNode {
  width: number;
  height: number;
  getContext(type: '2d'): CanvasRenderingContext2D;
  requestAnimationFrame(fn: () => void): number;
  cancelAnimationFrame(id: number): void;
}

/** weapp: the <Canvas type="2d"> node from a selector query, sized to its box at the phone's pixel ratio. */
export function chartCanvas(id: string): Promise<ChartCanvas | null> {
  return new Promise((resolve) => {
    Taro.createSelectorQuery()
      .select(`#${id}`)
      .fields({ node: true, size: true })
      .exec((res: ({ node?: CanvasNode; width?: number; height?: number } | null)[] | null) => {
        const box = res?.[0];
        const node = box?.node;
        if (!node || !box?.width || !box.height) return resolve(null);
        const pixelRatio = Taro.getWindowInfo().pixelRatio || 2;
        node.width = Math.round(box.width * pixelRatio);
        node.height = Math.round(box.height * pixelRatio);
        resolve({
          node,
          context: node.getContext('2d'),
          width: box.width,
          height: box.height,
          pixelRatio,
          // F2 measures text on a canvas of its own; a mini-program has no document to make one from
          offscreenCanvas: Taro.createOffscreenCanvas({ type: '2d', width: 1, height: 1 }),
          requestAnimationFrame: (fn) => node.requestAnimationFrame(fn),
          cancelAnimationFrame: (frame) => node.cancelAnimationFrame(frame),
        });
      });
  });
}
