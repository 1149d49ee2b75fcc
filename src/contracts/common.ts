import { z } from 'zod';

/** Reusable field schemas; one rule each. */
export const id = z.string().uuid();
export const mainlandMobile = z.string().trim().regex(/^1[3-9]\d{9}$/, '请输入 11 位大陆手机号');
export const personName = z.string().trim().min(1).max(40);
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
export const isoDateTime = z.string().datetime({ offset: true, message: '时间格式不正确' });
/** Money is integer fen (分). */
export const fen = z.number().int('金额必须是整数（分）').min(0).max(100_000_000_00);
export const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, '应为 #RRGGBB 颜色');
export const empty = z.object({}).strict();
export const paging = z.object({ page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(100).default(20) });
