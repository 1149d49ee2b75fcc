import type { ApiResponse } from '@shared/contracts';

/** One call on the wire: which function hosts the action, the action, its input, and our session (if any). */
export interface WireRequest {
  fn: string;
  action: string;
  input: unknown;
  token: string | null;
}

/**
 * A platform transport. It never throws: network and host failures come back as `ok: false`
 * with a Chinese message, so the client has one error path.
 */
export type Send = (request: WireRequest) => Promise<ApiResponse<unknown>>;
