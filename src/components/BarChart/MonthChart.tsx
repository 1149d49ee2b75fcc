import BarChart from './index';
import { barsOf } from './bars';

/** A monthly trend ('2026-01' → '1月') in the union's colour, the value above each month, '<5' when hidden. */
export default function MonthChart(props: { title: string; months: string[]; values: (number | null)[]; fontSize?: number }) {
  const bars = barsOf(props.months, props.values);
  return (
    <BarChart
      title={props.title}
      labels={bars.map((b) => b.label)}
      series={[{ name: props.title, color: 'theme', values: bars.map((b) => b.value) }]}
      fontSize={props.fontSize}
      className='month-chart'
    />
  );
}
