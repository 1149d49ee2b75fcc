import { Axis, Canvas, Chart, Interval, TextGuide, jsx } from '@antv/f2';
import type { ChartCanvas } from './canvas';
import type { Bar } from './bars';

/** F2's element factory, loosely typed: its typings reject its own chart components as element types. */
const el = jsx as unknown as (type: unknown, props: Record<string, unknown>) => ReturnType<typeof jsx>;

/**
 * The F2 drawing of a monthly trend: a column per month in `color`, the value above it ('<5' for a hidden one,
 * which draws no column), the month under it; no y axis (the values are written). Returns the F2 canvas to
 * destroy when the component goes.
 */
export async function drawMonths(target: ChartCanvas, bars: Bar[], color: string, fontSize: number): Promise<Canvas> {
  const data = bars.map((b) => ({ month: b.label, value: b.value ?? 0, shown: b.value === null ? '<5' : String(b.value) }));
  const label = { fontSize, fill: '#8a8f99' };
  const canvas = new Canvas({
    context: target.context,
    width: target.width,
    height: target.height,
    pixelRatio: target.pixelRatio,
    offscreenCanvas: target.offscreenCanvas as never,
    requestAnimationFrame: target.requestAnimationFrame,
    cancelAnimationFrame: target.cancelAnimationFrame,
    animate: false,
    padding: [fontSize * 1.8, 4, 4, 4],
    children: el(Chart, {
      data,
      // headroom above the tallest column for its value
      scale: { value: { min: 0, max: Math.max(1, ...data.map((d) => d.value)) * 1.3, nice: false } },
      children: [
        el(Axis, { field: 'month', style: { label, line: null, grid: null } }),
        el(Axis, { field: 'value', visible: false }),
        el(Interval, { x: 'month', y: 'value', color, style: { radius: [2, 2, 0, 0] } }),
        ...data.map((d) =>
          el(TextGuide, {
            records: [d],
            content: d.shown,
            offsetY: -fontSize * 0.6,
            style: { ...label, textAlign: 'center', textBaseline: 'bottom' },
          }),
        ),
      ],
    }),
  });
  await canvas.render();
  return canvas;
}
