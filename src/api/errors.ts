import type { ApiError } from '@shared/contracts';

/** A refused or failed call: the stable `code` is for code and tests, the Chinese `message` for people. */
export class ApiCallError extends Error {
  readonly code: string;
  readonly fields?: Record<string, string>;

  constructor(error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
    this.code = error.code;
    this.fields = error.fields;
  }
}

/** Failures of the transport itself, before any action ran. */
export const transportErrors = {
  network: (): ApiError => ({ code: 'NETWORK', message: '网络异常，请检查网络后重试' }),
  badResponse: (): ApiError => ({ code: 'BAD_RESPONSE', message: '服务暂时不可用，请稍后再试' }),
};

/** The Chinese message to show for anything thrown by a call. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiCallError) return err.message;
  return '系统繁忙，请稍后再试';
}
