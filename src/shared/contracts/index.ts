import { z } from 'zod';
import { zhErrorMap } from './zh';
import { unionsContracts } from './unions';
import { membershipContracts } from './membership';
import { aidContracts } from './aid';
import { congressContracts } from './congress';
import { bookingContracts } from './booking';
import { noticesContracts } from './notices';
import { perksContracts } from './perks';
import { federationContracts } from './federation';
import { signinContracts } from './signin';
import type { InputOf, OutputOf } from './contract';

z.setErrorMap(zhErrorMap);

/** Every action of the product, by name `area.verb`. The one list both client and server read. */
export const contracts = {
  ...unionsContracts,
  ...membershipContracts,
  ...aidContracts,
  ...congressContracts,
  ...bookingContracts,
  ...noticesContracts,
  ...perksContracts,
  ...federationContracts,
  ...signinContracts,
};

export type Contracts = typeof contracts;
export type ActionName = keyof Contracts;
export type ActionInput<A extends ActionName> = InputOf<Contracts[A]>;
export type ActionOutput<A extends ActionName> = OutputOf<Contracts[A]>;

/**
 * Areas whose actions ride in another area's cloud function instead of a function of their own (fewer cold
 * starts for small areas): the person's notices are served by the unions function.
 */
const HOSTED_BY: Readonly<Record<string, string>> = { notices: 'unions' };

/** The cloud function that hosts an action: its area (the part before the dot), or the area's host. */
export const functionOf = (action: string): string => {
  const area = action.split('.')[0];
  return HOSTED_BY[area] ?? area;
};

export { toValidationError } from './zh';
export type { ApiError, ApiResponse } from './contract';
