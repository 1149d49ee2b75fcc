import type { ApiError } from '@shared/contracts/contract';
import type { ErrorCode } from '@shared/contracts/error-codes';

/** A refusal with a stable code (tests assert it) and a Chinese message (people read it). */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
  toJSON(): ApiError {
    return this.fields
      ? { code: this.code, message: this.message, fields: this.fields }
      : { code: this.code, message: this.message };
  }
}

export const fail = (code: ErrorCode, message: string, fields?: Record<string, string>): never => {
  throw new AppError(code, message, fields);
};

/** Common refusals, so the same situation always reads the same way. */
export const errors = {
  unauthenticated: () => new AppError('UNAUTHENTICATED', '请先登录'),
  forbidden: () => new AppError('FORBIDDEN', '您没有权限执行此操作'),
  notFound: (what: string) => new AppError('NOT_FOUND', `${what}不存在`),
  unknownAction: (action: string) => new AppError('UNKNOWN_ACTION', `未知的操作：${action.slice(0, 60)}`),
  badRequest: (message: string) => new AppError('BAD_REQUEST', message),
  tooLarge: () => new AppError('PAYLOAD_TOO_LARGE', '请求内容过大（上限 256 KB）'),
  internal: (errorId?: string) =>
    new AppError('INTERNAL', errorId ? `系统繁忙，请稍后重试（错误编号 ${errorId}）` : '系统繁忙，请稍后再试'),
};

/** The PostgreSQL error code (SQLSTATE) of a failure, also when drizzle wrapped the driver error as `cause`. */
export const pgErrorCode = (e: unknown): string =>
  e && typeof e === 'object'
    ? 'code' in e
      ? String((e as { code: unknown }).code)
      : 'cause' in e
        ? pgErrorCode((e as { cause: unknown }).cause)
        : ''
    : '';
