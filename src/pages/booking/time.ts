/** A fresh id per tap, reused by a retry of the same tap: the server returns the booking it made. */
export const newRequestId = (): string => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
