/** Tables of the booking area (mirrors migrations/*_booking.sql). */
export {};
