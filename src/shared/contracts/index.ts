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

/** The cloud function that hosts an action: its area, the part before the dot. */
export const functionOf = (action: string): string => action.split('.')[0];

export { toValidationError } from './zh';
export type { ApiError, ApiResponse } from './contract';
