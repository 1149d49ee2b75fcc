/** One bar of a monthly chart: its label, the value shown, and its height as a share of the tallest (0–100). */
export interface Bar {
  label: string;
  value: number | null;
  heightPct: number;
}

/** Bars for values by month ('2026-01' → '1月'); a hidden (null) value draws no bar and reads '<5'. */
export function barsOf(months: string[], values: (number | null)[]): Bar[] {
  const max = Math.max(0, ...values.map((v) => v ?? 0));
  return months.map((m, i) => {
    const v = values[i] ?? null;
    return {
      label: `${Number(m.slice(5, 7))}月`,
      value: v,
      heightPct: v && max > 0 ? Math.max(2, Math.round((v / max) * 100)) : 0,
    };
  });
}
