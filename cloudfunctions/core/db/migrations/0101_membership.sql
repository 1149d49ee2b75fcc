-- Membership: rosters, roster imports, invites, applications and identity-attempt rate limiting.

-- One identity across the platform: a person proved by an ID number carries its keyed hash (never the number).
ALTER TABLE people ADD COLUMN id_hash text;
ALTER TABLE people ADD COLUMN id_last4 text;
CREATE UNIQUE INDEX people_id_hash ON people (id_hash) WHERE id_hash IS NOT NULL;
CREATE INDEX people_phone_hash ON people (phone_hash) WHERE phone_hash IS NOT NULL;

-- A person waits on at most one membership at a time (one pending members row).
CREATE UNIQUE INDEX members_one_pending ON members (person_id) WHERE status = 'pending';
CREATE INDEX members_person ON members (person_id);
-- Transfer history: the membership this one continues.
ALTER TABLE members ADD COLUMN previous_member_id uuid REFERENCES members(id);

-- An upload in progress or staged for review. Raw content lives in chunks only until preview.
CREATE TABLE roster_imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  union_id uuid NOT NULL REFERENCES unions(id),
  created_by uuid NOT NULL REFERENCES people(id),
  file_name text NOT NULL,
  size int NOT NULL CHECK (size BETWEEN 0 AND 5242880),
  status text NOT NULL DEFAULT 'uploading' CHECK (status IN ('uploading', 'previewed', 'committed', 'cancelled')),
  total_rows int NOT NULL DEFAULT 0,
  valid_rows int NOT NULL DEFAULT 0,
  inserted_rows int,
  created_at timestamptz NOT NULL DEFAULT now(),
  previewed_at timestamptz,
  committed_at timestamptz
);
CREATE INDEX roster_imports_union ON roster_imports (union_id, created_at);

CREATE TABLE roster_import_chunks (
  import_id uuid NOT NULL REFERENCES roster_imports(id) ON DELETE CASCADE,
  seq int NOT NULL CHECK (seq >= 0),
  bytes int NOT NULL,
  data text NOT NULL,
  PRIMARY KEY (import_id, seq)
);

-- The per-row report of a staged import (identifiers already hashed).
CREATE TABLE roster_import_rows (
  import_id uuid NOT NULL REFERENCES roster_imports(id) ON DELETE CASCADE,
  row_no int NOT NULL,
  name text NOT NULL,
  phone_hash text,
  phone_last4 text,
  id_hash text,
  id_last4 text,
  employee_no text,
  department text,
  valid boolean NOT NULL,
  errors jsonb NOT NULL DEFAULT '[]'::jsonb,
  PRIMARY KEY (import_id, row_no)
);

CREATE TABLE roster_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  union_id uuid NOT NULL REFERENCES unions(id),
  import_id uuid REFERENCES roster_imports(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
  phone_hash text,
  phone_last4 text,
  id_hash text,
  id_last4 text,
  employee_no text,
  department text,
  matched_person_id uuid REFERENCES people(id),
  matched_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (id_hash IS NOT NULL OR employee_no IS NOT NULL)
);
CREATE UNIQUE INDEX roster_entries_union_id_hash ON roster_entries (union_id, id_hash) WHERE id_hash IS NOT NULL;
CREATE UNIQUE INDEX roster_entries_union_employee_no ON roster_entries (union_id, employee_no) WHERE employee_no IS NOT NULL;
CREATE INDEX roster_entries_id_hash ON roster_entries (id_hash) WHERE id_hash IS NOT NULL;
CREATE INDEX roster_entries_union_created ON roster_entries (union_id, created_at);

CREATE TABLE invites (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  union_id uuid NOT NULL REFERENCES unions(id),
  created_by uuid NOT NULL REFERENCES people(id),
  note text,
  expires_at timestamptz NOT NULL,
  max_uses int CHECK (max_uses IS NULL OR max_uses > 0),
  used_count int NOT NULL DEFAULT 0,
  auto_approve boolean NOT NULL,
  revoked_at timestamptz,
  revoked_by uuid REFERENCES people(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (max_uses IS NULL OR used_count <= max_uses)
);
CREATE INDEX invites_union ON invites (union_id, created_at);

-- Every join or transfer request, auto-approved ones included, so each invite's joins can be counted.
CREATE TABLE applications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL DEFAULT 'join' CHECK (kind IN ('join', 'transfer')),
  -- the reviewing union: the target grassroots union, or a district federation for workers whose employer has no union
  union_id uuid NOT NULL REFERENCES unions(id),
  invite_id uuid REFERENCES invites(id),
  person_id uuid NOT NULL REFERENCES people(id),
  member_id uuid REFERENCES members(id),
  from_member_id uuid REFERENCES members(id),
  name text NOT NULL,
  phone_last4 text,
  id_last4 text,
  employee_no text,
  employer text,
  match text NOT NULL CHECK (match IN ('union', 'platform', 'none')),
  roster_entry_id uuid REFERENCES roster_entries(id),
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  decided_by uuid REFERENCES people(id),
  decided_at timestamptz,
  reject_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (status <> 'rejected' OR reject_reason IS NOT NULL)
);
CREATE UNIQUE INDEX applications_one_pending ON applications (person_id) WHERE status = 'pending';
CREATE INDEX applications_union_status ON applications (union_id, status, created_at);
CREATE INDEX applications_invite ON applications (invite_id, status);
CREATE INDEX applications_person ON applications (person_id, created_at);

-- Failed identity proofs per caller ('p:<person id>' or 'o:<openid>'), for rate limiting.
CREATE TABLE identity_attempts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  caller_key text NOT NULL,
  at timestamptz NOT NULL,
  reason text NOT NULL
);
CREATE INDEX identity_attempts_caller_at ON identity_attempts (caller_key, at);
