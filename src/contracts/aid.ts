/** Contracts of the aid area. */
export const aidContracts = {};
