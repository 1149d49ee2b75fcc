import { z } from 'zod';
import { normalizeText, unsafeTextReason } from './text';

export { normalizeText, unsafeTextReason } from './text';

/** Reusable field schemas; one rule each. */
export const id = z.string().uuid();
export const mainlandMobile = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, '请输入 11 位大陆手机号');
/**
 * Text a person reads as a name (people, candidates, write-ins, providers): NFKC, format characters
 * (zero-width, bidi marks) removed, trimmed — so `戊` and `戊\u200b` are one name on client and server alike.
 */
export const personText = (max: number) => z.string().transform(normalizeText).pipe(z.string().min(1).max(max));
export const personName = personText(40);

/** Years any date of the product may fall in; the server narrows further where the rule depends on today. */
export const DATE_MIN = '2000-01-01';
export const DATE_MAX = '2100-12-31';
const isCalendarDate = (s: string): boolean => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};
/** A date that exists (no 02-30) in [from, to] (YYYY-MM-DD, inclusive). */
export const isoDateWithin = (from: string, to: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
    .refine(isCalendarDate, '日期不存在')
    .refine((s) => !isCalendarDate(s) || (s >= from && s <= to), `日期应在 ${from} 至 ${to} 之间`);
export const isoDate = isoDateWithin(DATE_MIN, DATE_MAX);
/** An instant with offset whose calendar part exists and lies within the product's years. */
export const isoDateTime = z
  .string()
  .datetime({ offset: true, message: '时间格式不正确' })
  .refine((s) => isCalendarDate(s.slice(0, 10)) && !Number.isNaN(Date.parse(s)), '日期不存在')
  .refine(
    (s) => !isCalendarDate(s.slice(0, 10)) || (s.slice(0, 10) >= DATE_MIN && s.slice(0, 10) <= DATE_MAX),
    `时间应在 ${DATE_MIN} 至 ${DATE_MAX} 之间`,
  );

/** Whether a URL may be stored and shown as a link: https only; http only for this machine outside production. */
export const isSafeWebUrl = (value: string): boolean => {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return false;
  }
  if (u.protocol === 'https:') return !!u.hostname;
  const production = typeof process !== 'undefined' && process.env.NODE_ENV === 'production';
  return u.protocol === 'http:' && !production && (u.hostname === 'localhost' || u.hostname === '127.0.0.1');
};
/** A link people will open (stream, document, photo, logo): see `isSafeWebUrl`. */
export const webUrl = z.string().trim().max(500).refine(isSafeWebUrl, '链接应以 https:// 开头');

/** Money is integer fen (分). */
export const fen = z.number().int('金额必须是整数（分）').min(0).max(100_000_000_00);
export const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, '应为 #RRGGBB 颜色');
export const empty = z.object({}).strict();
export const paging = z.object({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});

/**
 * Every contract's input passes this after its own schema: no string anywhere in it may hold NUL or a lone
 * surrogate (PostgreSQL refuses them mid-transaction, and the failure would otherwise surface as INTERNAL).
 */
export function rejectUnsafeText(value: unknown, ctx: z.RefinementCtx, path: (string | number)[] = []): void {
  if (typeof value === 'string') {
    const reason = unsafeTextReason(value);
    if (reason) ctx.addIssue({ code: z.ZodIssueCode.custom, path, message: reason });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => rejectUnsafeText(v, ctx, [...path, i]));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) rejectUnsafeText(v, ctx, [...path, k]);
  }
}
