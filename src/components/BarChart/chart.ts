import { Axis, Canvas, Chart, Interval, TextGuide, jsx } from '@antv/f2';
import type { ChartCanvas } from '@/utils/canvas2d';
import { shownLabels } from './bars';

/** F2's element factory, loosely typed: its typings reject its own chart components as element types. */
const el = jsx as unknown as (type: unknown, props: Record<string, unknown>) => ReturnType<typeof jsx>;

export interface BarSeries {
  name: string;
  /** A colour the canvas can paint (the theme already resolved). */
  color: string;
  /** One per label; null draws nothing (a hidden figure). */
  values: (number | null)[];
}

export interface BarPlot {
  labels: string[];
  series: BarSeries[];
  /** Series on top of each other (parts of one whole) instead of side by side. */
  stacked: boolean;
  /** The text above each label's bars (its value, '<5', '3/8'…). */
  tops: string[];
  fontSize: number;
}

/**
 * The F2 drawing of a bar chart: per label one bar per series (side by side, or stacked), the label under it, the
 * `tops` text above it; no y axis (the figures are written). Returns the F2 canvas to destroy when the chart goes.
 */
export async function drawBars(target: ChartCanvas, plot: BarPlot): Promise<Canvas> {
  const { labels, series, stacked, tops, fontSize } = plot;
  const data = labels.flatMap((label, i) => series.map((s) => ({ label, series: s.name, value: s.values[i] ?? 0 })));
  const heights = labels.map((_, i) => {
    const values = series.map((s) => s.values[i] ?? 0);
    return stacked ? values.reduce((a, b) => a + b, 0) : Math.max(0, ...values);
  });
  const text = { fontSize, fill: '#8a8f99' };
  const drawn = shownLabels(labels, target.width, fontSize);
  const shown = new Map(labels.map((l, i) => [l, drawn[i]]));
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
      // headroom above the tallest bar for its text
      scale: {
        value: { min: 0, max: Math.max(1, ...heights) * 1.3, nice: false },
        label: { formatter: (l: string) => shown.get(l) ?? l },
      },
      children: [
        el(Axis, { field: 'label', style: { label: text, line: null, grid: null } }),
        el(Axis, { field: 'value', visible: false }),
        el(Interval, {
          x: 'label',
          y: 'value',
          color: ['series', series.map((s) => s.color)],
          adjust: series.length > 1 ? (stacked ? 'stack' : 'dodge') : undefined,
          style: { radius: stacked ? 0 : [2, 2, 0, 0] },
        }),
        ...labels.map((label, i) =>
          el(TextGuide, {
            records: [{ label, value: heights[i] }],
            content: tops[i] ?? '',
            offsetY: -fontSize * 0.6,
            style: { ...text, textAlign: 'center', textBaseline: 'bottom' },
          }),
        ),
      ],
    }),
  });
  await canvas.render();
  return canvas;
}
