-- Booking: in-house services (理发屋 …) with slots materialised per week from a template.
-- Capacity, per-member weekly limits and one booking per slot per member are enforced here,
-- by constraints and conditional updates, never by read-then-write in the application.

CREATE TABLE booking_services (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  union_id uuid NOT NULL REFERENCES unions(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
  location text,
  description text,
  -- a federation node whose whole subtree may book; NULL = members of union_id only
  eligible_union_id uuid REFERENCES unions(id),
  slot_minutes int NOT NULL CHECK (slot_minutes BETWEEN 5 AND 480),
  capacity int NOT NULL CHECK (capacity BETWEEN 1 AND 500),
  -- [{weekday 1..7, start 'HH:MM', end 'HH:MM'}], Asia/Shanghai wall-clock times
  template jsonb NOT NULL,
  release_weekday int NOT NULL CHECK (release_weekday BETWEEN 1 AND 7),
  release_time text NOT NULL CHECK (release_time ~ '^[0-2][0-9]:[0-5][0-9]$'),
  release_weeks_ahead int NOT NULL DEFAULT 1 CHECK (release_weeks_ahead BETWEEN 0 AND 4),
  weekly_limit int NOT NULL CHECK (weekly_limit >= 1),
  cancel_minutes_before int NOT NULL CHECK (cancel_minutes_before >= 0),
  no_show_limit int NOT NULL CHECK (no_show_limit >= 1),
  no_show_window_days int NOT NULL CHECK (no_show_window_days >= 1),
  suspend_days int NOT NULL CHECK (suspend_days >= 1),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX booking_services_union ON booking_services (union_id);

CREATE TABLE booking_slots (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  service_id uuid NOT NULL REFERENCES booking_services(id),
  week_start date NOT NULL,
  day date NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  capacity int NOT NULL CHECK (capacity >= 1),
  -- the last line of defence against overbooking
  booked int NOT NULL DEFAULT 0 CHECK (booked >= 0 AND booked <= capacity),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  closed_reason text,
  -- the release instant; a booking before it is refused (judged by the server clock)
  released_at timestamptz NOT NULL,
  UNIQUE (service_id, starts_at),
  CHECK (ends_at > starts_at)
);
CREATE INDEX booking_slots_week ON booking_slots (service_id, week_start, starts_at);

CREATE TABLE booking_bookings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slot_id uuid NOT NULL REFERENCES booking_slots(id),
  service_id uuid NOT NULL REFERENCES booking_services(id),
  person_id uuid NOT NULL REFERENCES people(id),
  week_start date NOT NULL,
  status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'attended', 'no_show', 'cancelled')),
  code text NOT NULL UNIQUE,
  -- client request id: a retried booking returns the booking it already made
  request_id text,
  from_waitlist boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  cancelled_at timestamptz,
  cancel_reason text,
  checked_in_at timestamptz,
  checked_in_by uuid,
  no_show_at timestamptz,
  reminded_at timestamptz
);
-- a member holds at most one live booking per slot
CREATE UNIQUE INDEX booking_one_per_slot ON booking_bookings (slot_id, person_id) WHERE status <> 'cancelled';
CREATE UNIQUE INDEX booking_request_once ON booking_bookings (person_id, request_id) WHERE request_id IS NOT NULL;
CREATE INDEX booking_bookings_person ON booking_bookings (person_id, week_start);
CREATE INDEX booking_bookings_slot ON booking_bookings (slot_id);
CREATE INDEX booking_bookings_noshow ON booking_bookings (service_id, person_id, no_show_at) WHERE status = 'no_show';

-- live bookings of a member per service per week; `count <= limit` is kept by a conditional upsert
CREATE TABLE booking_member_weeks (
  service_id uuid NOT NULL REFERENCES booking_services(id),
  person_id uuid NOT NULL REFERENCES people(id),
  week_start date NOT NULL,
  count int NOT NULL CHECK (count >= 0),
  PRIMARY KEY (service_id, person_id, week_start)
);

CREATE TABLE booking_suspensions (
  service_id uuid NOT NULL REFERENCES booking_services(id),
  person_id uuid NOT NULL REFERENCES people(id),
  suspended_until timestamptz NOT NULL,
  PRIMARY KEY (service_id, person_id)
);

CREATE TABLE booking_waitlist (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  service_id uuid NOT NULL REFERENCES booking_services(id),
  day date NOT NULL,
  person_id uuid NOT NULL REFERENCES people(id),
  status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'assigned', 'left', 'fulfilled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  seq bigint GENERATED ALWAYS AS IDENTITY,
  booking_id uuid REFERENCES booking_bookings(id)
);
CREATE UNIQUE INDEX booking_waitlist_once ON booking_waitlist (service_id, day, person_id) WHERE status = 'waiting';
CREATE INDEX booking_waitlist_queue ON booking_waitlist (service_id, day, seq) WHERE status = 'waiting';

-- member in-app notices of the booking area (cancellations by staff, waitlist assignments, reminders)
CREATE TABLE booking_notices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES people(id),
  service_id uuid REFERENCES booking_services(id),
  booking_id uuid REFERENCES booking_bookings(id),
  kind text NOT NULL CHECK (kind IN ('cancelled_by_staff', 'waitlist_assigned', 'reminder', 'suspended')),
  title text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  -- the table doubles as the outbox of weapp subscription messages: pushed after commit by a timer
  pushed_at timestamptz
);
CREATE INDEX booking_notices_unpushed ON booking_notices (created_at) WHERE pushed_at IS NULL;
CREATE INDEX booking_notices_person ON booking_notices (person_id, created_at DESC);
