/**
 * Small-group suppression (小数抑制) for figures about medical mutual-aid claims: a count between 1 and
 * `threshold - 1` could point at a person in a small union ("the one rejected claim in 东湖一中"), so it is
 * shown as hidden (null) instead. A zero reveals nobody and stays.
 */
export const SUPPRESSION_THRESHOLD = 5;

export const isSmall = (n: number, threshold = SUPPRESSION_THRESHOLD): boolean => n > 0 && n < threshold;

/** One count: null when it is small. */
export const suppressCount = (n: number, threshold = SUPPRESSION_THRESHOLD): number | null => (isSmall(n, threshold) ? null : n);

/**
 * Cells of one breakdown that add up to `total` (claims by status). A small total hides every cell. Otherwise the
 * small cells are hidden, and when exactly one cell is hidden the next smallest non-zero cell is hidden too, so
 * the hidden one cannot be worked out as total minus the others (complementary suppression).
 */
export function suppressBreakdown<K extends string>(
  cells: Record<K, number>,
  threshold = SUPPRESSION_THRESHOLD,
): { cells: Record<K, number | null>; total: number | null } {
  const keys = Object.keys(cells) as K[];
  const total = keys.reduce((s, k) => s + cells[k], 0);
  const out = {} as Record<K, number | null>;
  if (isSmall(total, threshold)) {
    for (const k of keys) out[k] = null;
    return { cells: out, total: null };
  }
  const hidden = new Set(keys.filter((k) => isSmall(cells[k], threshold)));
  if (hidden.size === 1) {
    const next = keys.filter((k) => !hidden.has(k) && cells[k] > 0).sort((a, b) => cells[a] - cells[b])[0];
    if (next) hidden.add(next);
  }
  for (const k of keys) out[k] = hidden.has(k) ? null : cells[k];
  return { cells: out, total };
}

/** An amount (fen) summed over `count` claims: hidden when those claims are a small group. */
export const suppressAmount = (fen: number, count: number, threshold = SUPPRESSION_THRESHOLD): number | null =>
  isSmall(count, threshold) ? null : fen;
