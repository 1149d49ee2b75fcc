/** Contracts of the membership area. */
export const membershipContracts = {};
