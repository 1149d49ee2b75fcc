/** One month of a monthly chart: its label and its value (null: hidden by small-group suppression). */
export interface Bar {
  label: string;
  value: number | null;
}

/** Months ('2026-01' → '1月') with their values; a missing value is hidden (null). */
export const barsOf = (months: string[], values: (number | null)[]): Bar[] =>
  months.map((m, i) => ({ label: `${Number(m.slice(5, 7))}月`, value: values[i] ?? null }));

/** How wide a label is drawn, in CSS px, at `fontSize`: CJK characters a full em, the rest about 0.6 em. */
export const labelWidth = (label: string, fontSize: number): number =>
  [...label].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 1 : 0.6) * fontSize, 0);

/**
 * The labels drawn under the bars: all of them where each fits its column, else every other one (1月 3月 5月 …), so
 * a narrow phone never runs 10月11月12月 together. `width` is the chart's width in CSS px.
 */
export function shownLabels(labels: string[], width: number, fontSize: number): string[] {
  const column = width / Math.max(1, labels.length);
  const fits = labels.every((l) => labelWidth(l, fontSize) <= column - 2);
  return fits ? labels : labels.map((l, i) => (i % 2 === 0 ? l : ''));
}
