import { z } from 'zod';
import { labelOf } from './labels';
import type { ApiError } from './contract';

/** Chinese messages for zod's issues; installed once by `src/shared/contracts/index.ts` on client and server alike. */
export const zhErrorMap: z.ZodErrorMap = (issue, ctx) => {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      if (issue.received === 'undefined' || issue.received === 'null') return { message: '必填' };
      return { message: '类型不正确' };
    case z.ZodIssueCode.too_small:
      if (issue.type === 'string') return { message: issue.minimum === 1 ? '不能为空' : `至少 ${issue.minimum} 个字符` };
      if (issue.type === 'array') return { message: `至少选择 ${issue.minimum} 项` };
      return { message: `不能小于 ${issue.minimum}` };
    case z.ZodIssueCode.too_big:
      if (issue.type === 'string') return { message: `不能超过 ${issue.maximum} 个字符` };
      if (issue.type === 'array') return { message: `最多 ${issue.maximum} 项` };
      return { message: `不能大于 ${issue.maximum}` };
    case z.ZodIssueCode.invalid_enum_value:
      return { message: `取值无效，可选：${issue.options.join('、')}` };
    case z.ZodIssueCode.invalid_string:
      return { message: '格式不正确' };
    case z.ZodIssueCode.unrecognized_keys:
      return { message: `含有不认识的字段：${issue.keys.join('、')}` };
    case z.ZodIssueCode.invalid_date:
      return { message: '日期无效' };
    case z.ZodIssueCode.not_multiple_of:
      return { message: '数值不正确' };
    default:
      return { message: ctx.defaultError === 'Invalid input' ? '格式不正确' : ctx.defaultError };
  }
};

/** Turn a ZodError into our error value: one message naming the first bad field, plus every field's message. */
export function toValidationError(err: z.ZodError): ApiError & { code: 'INVALID_INPUT' } {
  const fields: Record<string, string> = {};
  for (const issue of err.issues) {
    const key = issue.path.join('.') || '_';
    if (!(key in fields)) fields[key] = `${labelOf(issue.path)}：${issue.message}`;
  }
  const first = Object.values(fields)[0] ?? '参数不正确';
  return { code: 'INVALID_INPUT', message: first, fields };
}
