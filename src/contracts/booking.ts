/** Contracts of the booking area. */
export const bookingContracts = {};
