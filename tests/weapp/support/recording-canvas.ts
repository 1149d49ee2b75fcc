/**
 * A 2d canvas for the weapp stand-in: jsdom has no canvas, so this one records what a chart library draws —
 * every method called (with its arguments) and every style set — for a test to read back. measureText answers
 * from the font size, as a real context would roughly.
 */
export interface RecordingCanvas {
  node: {
    width: number;
    height: number;
    getContext(type: string): unknown;
    requestAnimationFrame(fn: () => void): number;
    cancelAnimationFrame(id: number): void;
  };
  /** `fillText('12月', …)`, `fillStyle=#c8102e`, `fill()`… in order. */
  calls: string[];
}

export function recordingCanvas(): RecordingCanvas {
  const calls: string[] = [];
  const state: Record<string | symbol, unknown> = { font: '10px sans-serif', globalAlpha: 1, lineWidth: 1 };
  const context: Record<string | symbol, unknown> = new Proxy(state, {
    get(target, prop) {
      if (prop === 'canvas') return node;
      if (prop === 'measureText')
        return (text: string) => {
          const size = Number(/(\d+(?:\.\d+)?)px/.exec(String(target.font))?.[1] ?? 10);
          return {
            width: String(text).length * size * 0.6,
            actualBoundingBoxAscent: size * 0.8,
            actualBoundingBoxDescent: size * 0.2,
          };
        };
      if (prop === 'getTransform') return () => ({ a: 1, b: 0, c: 0, d: 1, e: 0, f: 0 });
      if (prop === 'getLineDash') return () => [];
      if (prop === 'createLinearGradient' || prop === 'createRadialGradient' || prop === 'createPattern')
        return () => ({ addColorStop() {} });
      if (prop === 'isPointInPath' || prop === 'isPointInStroke') return () => false;
      if (prop === 'getImageData' || prop === 'createImageData')
        return (_x: number, _y: number, w = 1, h = 1) => ({
          data: new Uint8ClampedArray(Math.max(1, w * h) * 4),
          width: w,
          height: h,
        });
      if (prop in target) return target[prop];
      return (...args: unknown[]) => {
        calls.push(`${String(prop)}(${args.map((a) => (typeof a === 'number' ? Math.round(a) : String(a))).join(',')})`);
      };
    },
    set(target, prop, value) {
      target[prop] = value;
      calls.push(`${String(prop)}=${String(value)}`);
      return true;
    },
  });
  const node = {
    width: 300,
    height: 150,
    getContext: () => context,
    requestAnimationFrame: (fn: () => void) => setTimeout(fn, 16) as unknown as number,
    cancelAnimationFrame: (id: number) => clearTimeout(id as unknown as NodeJS.Timeout),
  };
  return { node, calls };
}
