/** One month of a monthly chart: its label and its value (null: hidden by small-group suppression). */
export interface Bar {
  label: string;
  value: number | null;
}

/** Months ('2026-01' → '1月') with their values; a missing value is hidden (null). */
export const barsOf = (months: string[], values: (number | null)[]): Bar[] =>
  months.map((m, i) => ({ label: `${Number(m.slice(5, 7))}月`, value: values[i] ?? null }));
