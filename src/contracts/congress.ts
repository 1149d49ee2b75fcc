/** Contracts of the congress area. */
export const congressContracts = {};
