-- 普惠 (perks): activities with sign-up, first-come or lottery allocation, waitlist and check-in
-- (core/perks/activities.ts, lottery.ts).
CREATE TABLE activities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  union_id uuid NOT NULL REFERENCES unions(id),
  -- 'members': members of the publishing union; 'subtree': every member in its subtree (a federation's activity)
  audience text NOT NULL CHECK (audience IN ('members', 'subtree')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 60),
  description text,
  cover_url text,
  place text,
  online boolean NOT NULL DEFAULT false,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 100000),
  signup_opens_at timestamptz NOT NULL,
  signup_closes_at timestamptz NOT NULL,
  mode text NOT NULL CHECK (mode IN ('first_come', 'lottery')),
  -- custom sign-up fields: [{key, label, required}]
  fields jsonb NOT NULL DEFAULT '[]'::jsonb,
  points_on_checkin integer NOT NULL DEFAULT 0 CHECK (points_on_checkin BETWEEN 0 AND 10000),
  -- confirmed places taken (first come: the conditional update `taken < capacity`; lottery: set by the draw)
  taken integer NOT NULL DEFAULT 0 CHECK (taken >= 0 AND taken <= capacity),
  -- the lottery's commitment: sha256(seed) published when sign-up opens, the seed revealed at the draw
  seed text NOT NULL,
  seed_hash text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'drawn', 'cancelled')),
  drawn_at timestamptz,
  created_by uuid REFERENCES people(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (signup_opens_at < signup_closes_at AND starts_at < ends_at)
);
CREATE INDEX activities_union ON activities (union_id, starts_at DESC);

-- Order of arrival of sign-ups (first come: who is next on the waitlist).
CREATE SEQUENCE activity_waitlist_seq;

CREATE TABLE activity_signups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  activity_id uuid NOT NULL REFERENCES activities(id),
  person_id uuid NOT NULL REFERENCES people(id),
  -- the member's union when signing up (figures by union)
  union_id uuid NOT NULL REFERENCES unions(id),
  -- public receipt on the lottery list (no names); private check-in code shown to the member
  receipt text NOT NULL,
  checkin_code text NOT NULL UNIQUE,
  answers jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL CHECK (status IN ('applied', 'confirmed', 'waitlisted', 'cancelled')),
  seq bigint NOT NULL DEFAULT nextval('activity_waitlist_seq'),
  -- position in the draw order (lottery), 1-based; null before the draw and for first come
  draw_rank integer,
  checked_in_at timestamptz,
  checked_in_by uuid REFERENCES people(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  cancelled_at timestamptz,
  UNIQUE (activity_id, receipt)
);
CREATE UNIQUE INDEX activity_signups_live ON activity_signups (activity_id, person_id) WHERE status <> 'cancelled';
CREATE INDEX activity_signups_person ON activity_signups (person_id);
