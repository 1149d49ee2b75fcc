import {
  contracts,
  functionOf,
  toValidationError,
  type ActionInput,
  type ActionName,
  type ActionOutput,
} from '@shared/contracts';
import { ApiCallError } from './errors';
import { onSessionRejected, platformReady } from './platform';
import { session } from './session';
import { send } from './transport';

/**
 * The one typed client: `call('unions.home', {})` → the action's output, or throws ApiCallError.
 * Input is checked with the action's own schema first, so a bad form never leaves the phone.
 */
export async function call<A extends ActionName>(action: A, input: ActionInput<A>): Promise<ActionOutput<A>> {
  const parsed = contracts[action].input.safeParse(input);
  if (!parsed.success) throw new ApiCallError(toValidationError(parsed.error));

  await platformReady();
  const res = await send({ fn: functionOf(action), action, input, token: session.get() });
  if (res.ok) {
    // a sign-in linked to the person already on the platform (WeCom ↔ WeChat) continues under that person's session
    const linked = (res.data as { session?: unknown } | null)?.session;
    if (typeof linked === 'string' && action === 'membership.join') session.set(linked);
    return res.data as ActionOutput<A>;
  }
  if (res.error.code === 'UNAUTHENTICATED') onSessionRejected();
  throw new ApiCallError(res.error);
}
