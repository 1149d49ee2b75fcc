import { useEffect, useMemo } from 'react';
import Taro from '@tarojs/taro';
import { Canvas as TaroCanvas, View } from '@tarojs/components';
import { currentTheme } from '@/theme';
import { barsOf } from './bars';
import { chartCanvas } from './canvas';
import { drawMonths } from './chart';
import './index.scss';

let instances = 0;

/**
 * A monthly trend drawn by AntV F2 on a 2d canvas, alike in weapp (<Canvas type="2d"> node) and h5 (<canvas>):
 * a column per month in the union's colour with its value above ('<5' when hidden by small-group suppression).
 * Only subpackage pages import it, so F2 ships in those subpackages, not in the main package. `fontSize` in CSS pixels
 * (the big screen passes a larger one); the box's height comes from the stylesheet.
 */
export default function MonthChart({
  title,
  months,
  values,
  fontSize = 10,
  className = '',
}: {
  title: string;
  months: string[];
  values: (number | null)[];
  fontSize?: number;
  className?: string;
}) {
  const id = useMemo(() => `month-chart-${++instances}`, []);
  const bars = useMemo(() => barsOf(months, values), [months, values]);
  const key = JSON.stringify(bars);

  useEffect(() => {
    let gone = false;
    let drawn: { destroy(): void } | null = null;
    // after the canvas is in the page
    Taro.nextTick(async () => {
      const target = await chartCanvas(id);
      if (!target || gone) return;
      drawn = await drawMonths(target, bars, currentTheme(), fontSize);
      if (gone) drawn.destroy();
    });
    return () => {
      gone = true;
      drawn?.destroy();
    };
    // the bars' content, not their identity, decides a redraw
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, key, fontSize]);

  return (
    <View className={`month-chart ${className}`} data-values={JSON.stringify(bars.map((b) => b.value))}>
      <View className='month-chart__title'>{title}</View>
      <TaroCanvas type='2d' id={id} className='month-chart__canvas' />
    </View>
  );
}
