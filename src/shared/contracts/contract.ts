import type { ClientErrorCode, ErrorCode } from './error-codes';
import { z } from 'zod';
import { rejectUnsafeText } from './common';

/** One action's contract: the zod schema of its input (validated on both sides) and the type of its output. */
export interface Contract<I extends z.ZodTypeAny = z.ZodTypeAny, O = unknown> {
  input: I;
  /** Type-only marker; never read at run time. */
  output?: O;
}

/**
 * `contract<Output>()(inputSchema)` — the output type is declared, the input schema is shared. Every input
 * also passes `rejectUnsafeText` (no NUL / lone surrogate in any string), so no action can forget it.
 */
export const contract =
  <O>() =>
  <I extends z.ZodTypeAny>(input: I): Contract<z.ZodEffects<I>, O> => ({
    input: input.superRefine((v, ctx) => rejectUnsafeText(v, ctx)),
  });

export type InputOf<C> = C extends Contract<infer I, unknown> ? z.input<I> : never;
export type ParsedInputOf<C> = C extends Contract<infer I, unknown> ? z.output<I> : never;
export type OutputOf<C> = C extends Contract<z.ZodTypeAny, infer O> ? O : never;

/** The error shape every action returns on failure. */
export interface ApiError {
  code: ErrorCode | ClientErrorCode;
  message: string;
  /** Field path → Chinese message, for forms. */
  fields?: Record<string, string>;
}

export type ApiResponse<O> = { ok: true; data: O } | { ok: false; error: ApiError };
