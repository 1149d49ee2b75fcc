import type { ActivityFieldInput } from '../../contracts/perks';

/**
 * The custom sign-up items typed as one line, '工号*、尺码' (a trailing * = required), as the contract's fields;
 * keys are f1, f2… in order.
 */
export const parseFields = (line: string): ActivityFieldInput[] =>
  line
    .split(/[、,，;；]/)
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t, i) => ({ key: `f${i + 1}`, label: t.replace(/[*＊]$/, '').trim(), required: /[*＊]$/.test(t) }));
