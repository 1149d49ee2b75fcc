-- Booking: named providers (chairs / barbers) of a service. A slot's capacity is the number of the service's
-- active providers minus those taken off for that slot (barber ill). Services without providers keep the plain
-- numeric capacity of 0401. The capacity guard itself (booked <= capacity on booking_slots) is unchanged.

CREATE TABLE booking_providers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  service_id uuid NOT NULL REFERENCES booking_services(id),
  -- shown as is, e.g. '1号椅 · 王师傅'
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
  sort int NOT NULL DEFAULT 0,
  -- removed providers stay (their absences are history) but no longer count
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX booking_providers_service ON booking_providers (service_id, sort);
CREATE UNIQUE INDEX booking_providers_name ON booking_providers (service_id, name) WHERE active;

-- a provider not working a slot (a day off is one row per slot of the day)
CREATE TABLE booking_provider_absences (
  provider_id uuid NOT NULL REFERENCES booking_providers(id),
  slot_id uuid NOT NULL REFERENCES booking_slots(id),
  reason text NOT NULL,
  created_by uuid REFERENCES people(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider_id, slot_id)
);
CREATE INDEX booking_provider_absences_slot ON booking_provider_absences (slot_id);

-- "the most recently made bookings beyond the capacity" are found by this order
CREATE INDEX booking_bookings_slot_newest ON booking_bookings (slot_id, created_at DESC) WHERE status = 'booked';
