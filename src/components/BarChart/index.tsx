import { useEffect, useMemo } from 'react';
import Taro from '@tarojs/taro';
import { Canvas as TaroCanvas, Text, View } from '@tarojs/components';
import { currentTheme } from '@/theme';
import { chartCanvas } from '@/utils/canvas2d';
import { drawBars } from './chart';
import './index.scss';

let instances = 0;

/** A series to draw: `color` 'theme' is the union's own colour. */
export interface ChartSeries {
  name: string;
  color: string;
  values: (number | null)[];
}

/**
 * A bar chart drawn by AntV F2 on a 2d canvas, alike in weapp (<Canvas type="2d"> node) and h5 (<canvas>): per
 * label a bar per series, side by side or `stacked`, the `tops` text above (default: the value, '<5' when hidden by
 * small-group suppression), a legend under it when there are several series. Only subpackage pages import it, so
 * F2 ships in those subpackages, not in the main package. `fontSize` in CSS pixels; the height from the stylesheet.
 */
export default function BarChart({
  title,
  labels,
  series,
  stacked = false,
  tops,
  fontSize = 10,
  className = '',
}: {
  title?: string;
  labels: string[];
  series: ChartSeries[];
  stacked?: boolean;
  tops?: string[];
  fontSize?: number;
  className?: string;
}) {
  const id = useMemo(() => `bar-chart-${++instances}`, []);
  const resolved = series.map((s) => ({ ...s, color: s.color === 'theme' ? currentTheme() : s.color }));
  const shownTops = tops ?? labels.map((_, i) => (series[0]?.values[i] === null ? '<5' : String(series[0]?.values[i] ?? '')));
  const plot = JSON.stringify({ labels, series: resolved, stacked, tops: shownTops, fontSize });

  useEffect(() => {
    let gone = false;
    let drawn: { destroy(): void } | null = null;
    // after the canvas is in the page
    Taro.nextTick(async () => {
      const target = await chartCanvas(id);
      if (!target || gone) return;
      drawn = await drawBars(target, JSON.parse(plot));
      if (gone) drawn.destroy();
    });
    return () => {
      gone = true;
      drawn?.destroy();
    };
  }, [id, plot]);

  return (
    <View className={`bar-chart ${className}`} data-values={JSON.stringify(series.map((s) => s.values))}>
      {title ? <View className='bar-chart__title'>{title}</View> : null}
      <TaroCanvas type='2d' id={id} className='bar-chart__canvas' />
      {series.length > 1 ? (
        <View className='bar-chart__legend'>
          {resolved.map((s) => (
            <Text key={s.name} className='bar-chart__key'>
              <Text className='bar-chart__dot' style={{ background: s.color }} />
              {s.name}
            </Text>
          ))}
        </View>
      ) : null}
    </View>
  );
}
