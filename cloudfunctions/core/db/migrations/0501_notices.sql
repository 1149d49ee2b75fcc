-- Platform notices (站内通知): one table for every area's in-app messages to a person (booking reminders,
-- congress results, ...). Shared services own the 05xx range. Replaces booking_notices (0401): its rows
-- move here unchanged and the old table is dropped.
CREATE TABLE notices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES people(id),
  -- the union the notice comes from (null when unknown)
  union_id uuid REFERENCES unions(id),
  source text NOT NULL CHECK (source IN ('booking', 'congress')),
  kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  body text NOT NULL,
  -- the mini-program page the notice opens (and a subscription message links to)
  page text,
  -- the record it is about (a booking, a vote); for reference only
  subject_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  -- the table doubles as the outbox of weapp subscription messages: NULL = still to push (after commit, by
  -- the timer); union-wide broadcasts are in-app only and are written already handled
  pushed_at timestamptz
);
CREATE INDEX notices_person ON notices (person_id, created_at DESC);
CREATE INDEX notices_unread ON notices (person_id) WHERE read_at IS NULL;
CREATE INDEX notices_unpushed ON notices (created_at) WHERE pushed_at IS NULL;

INSERT INTO notices (id, person_id, union_id, source, kind, title, body, page, subject_id, created_at, read_at, pushed_at)
SELECT n.id, n.person_id, s.union_id, 'booking', n.kind, n.title, n.body, 'pages/booking/mine/index', n.booking_id,
       n.created_at, n.read_at, n.pushed_at
FROM booking_notices n LEFT JOIN booking_services s ON s.id = n.service_id;

DROP TABLE booking_notices;
