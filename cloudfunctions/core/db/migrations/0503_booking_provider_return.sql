-- Booking: a slot closed because its last provider was taken off is marked, so putting a provider back
-- reopens it; a slot staff closed themselves (holiday) stays closed.
ALTER TABLE booking_slots ADD COLUMN closed_by_providers boolean NOT NULL DEFAULT false;
