-- Worker congress (职代会): congresses, delegates, scrutineers, agenda votes, candidates, and the
-- secret ballot. Secrecy design (see cloudfunctions/core/congress/README.md):
--   congress_turnout     who voted (exactly once: primary key), nothing about what
--   congress_ballot_box  what was voted while the vote is open: no voter, no time, no serial
--   congress_ballots     the counted ballots, moved from the box by the close in random order, so they
--                        carry the closing transaction's xmin and a shuffled physical order

CREATE TABLE congresses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  union_id uuid NOT NULL REFERENCES unions(id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  starts_at timestamptz NOT NULL,
  place text,
  online boolean NOT NULL DEFAULT true,
  stream_url text,
  documents jsonb NOT NULL DEFAULT '[]'::jsonb,
  quorum_num int NOT NULL DEFAULT 2,
  quorum_den int NOT NULL DEFAULT 3,
  threshold_base text NOT NULL DEFAULT 'entitled' CHECK (threshold_base IN ('entitled', 'present')),
  differential_ratio_pct numeric(5, 2) NOT NULL DEFAULT 5 CHECK (differential_ratio_pct BETWEEN 0 AND 100),
  delegates_see_live_count boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'checkin' CHECK (status IN ('checkin', 'ended')),
  created_by uuid REFERENCES people(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (quorum_num > 0 AND quorum_den > quorum_num)
);
CREATE INDEX congresses_union ON congresses (union_id, starts_at DESC);

-- 职工代表: entitled to attend and vote. checked_in_at is attendance, never related to ballots.
CREATE TABLE congress_delegates (
  congress_id uuid NOT NULL REFERENCES congresses(id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES people(id),
  checked_in_at timestamptz,
  PRIMARY KEY (congress_id, person_id)
);

-- 监票人 / 计票人, chosen from non-candidates
CREATE TABLE congress_scrutineers (
  congress_id uuid NOT NULL REFERENCES congresses(id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES people(id),
  role text NOT NULL CHECK (role IN ('monitor', 'counter')),
  PRIMARY KEY (congress_id, person_id)
);

-- One agenda item = one vote. A run-off (另行选举) keeps its parent's position with round + 1.
CREATE TABLE congress_votes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  congress_id uuid NOT NULL REFERENCES congresses(id) ON DELETE CASCADE,
  position int NOT NULL,
  round int NOT NULL DEFAULT 0,
  kind text NOT NULL CHECK (kind IN ('resolution', 'election')),
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  seats int CHECK (seats IS NULL OR seats >= 1),
  runoff_of uuid REFERENCES congress_votes(id),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'open', 'closed', 'published')),
  opened_at timestamptz,
  closed_at timestamptz,
  published_at timestamptz,
  -- frozen at the close: the tally of the counted ballots
  result jsonb,
  UNIQUE (congress_id, position, round),
  CHECK ((kind = 'election') = (seats IS NOT NULL))
);
-- one vote open at a time per congress, whatever two chairs tap at once
CREATE UNIQUE INDEX congress_votes_one_open ON congress_votes (congress_id) WHERE status = 'open';
-- one run-off per vote
CREATE UNIQUE INDEX congress_votes_one_runoff ON congress_votes (runoff_of) WHERE runoff_of IS NOT NULL;

CREATE TABLE congress_candidates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  vote_id uuid NOT NULL REFERENCES congress_votes(id) ON DELETE CASCADE,
  person_id uuid REFERENCES people(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
  photo_url text,
  cv text NOT NULL DEFAULT '',
  sort_key text NOT NULL,
  UNIQUE (vote_id, name)
);
CREATE INDEX congress_candidates_vote ON congress_candidates (vote_id, sort_key);

-- Who voted. Nothing here names, orders or times a ballot.
CREATE TABLE congress_turnout (
  vote_id uuid NOT NULL REFERENCES congress_votes(id) ON DELETE CASCADE,
  delegate_id uuid NOT NULL REFERENCES people(id),
  PRIMARY KEY (vote_id, delegate_id)
);

-- What was voted while the vote is open. No voter, no time, no serial: the receipt code is random.
CREATE TABLE congress_ballot_box (
  vote_id uuid NOT NULL REFERENCES congress_votes(id) ON DELETE CASCADE,
  receipt_code text NOT NULL CHECK (receipt_code ~ '^[A-Z2-7]{10}$'),
  choices jsonb NOT NULL,
  valid boolean NOT NULL,
  PRIMARY KEY (vote_id, receipt_code)
);
-- the box is emptied at every close: let autovacuum (PostgreSQL) remove the dead rows promptly
ALTER TABLE congress_ballot_box SET (autovacuum_vacuum_threshold = 0, autovacuum_vacuum_scale_factor = 0);

-- The counted ballots, written only by the close, in random order.
CREATE TABLE congress_ballots (
  vote_id uuid NOT NULL REFERENCES congress_votes(id) ON DELETE CASCADE,
  receipt_code text NOT NULL CHECK (receipt_code ~ '^[A-Z2-7]{10}$'),
  choices jsonb NOT NULL,
  valid boolean NOT NULL,
  PRIMARY KEY (vote_id, receipt_code)
);
