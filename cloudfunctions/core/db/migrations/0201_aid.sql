-- Medical mutual aid (职工医疗互助金): plans with versioned rules, enrolments, claims, attachments,
-- per-member annual usage (the row the approval transaction locks), payout batches.

CREATE TABLE aid_plans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- the union (or federation, for its whole subtree) that runs the plan
  union_id uuid NOT NULL REFERENCES unions(id),
  year int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  enrol_starts_on date NOT NULL,
  enrol_ends_on date NOT NULL,
  contribution_fen bigint NOT NULL CHECK (contribution_fen >= 0),
  current_version_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (union_id, year),
  CHECK (enrol_ends_on >= enrol_starts_on)
);

-- Rules are never edited in place: a change is a new version; claims keep the version they were filed under.
CREATE TABLE aid_plan_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id uuid NOT NULL REFERENCES aid_plans(id),
  version int NOT NULL CHECK (version >= 1),
  rules jsonb NOT NULL,
  created_by uuid REFERENCES people(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (plan_id, version)
);
ALTER TABLE aid_plans ADD CONSTRAINT aid_plans_current_version FOREIGN KEY (current_version_id) REFERENCES aid_plan_versions(id);

CREATE TABLE aid_enrolments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plan_id uuid NOT NULL REFERENCES aid_plans(id),
  year int NOT NULL,
  person_id uuid NOT NULL REFERENCES people(id),
  -- the member's grassroots union when enrolling
  union_id uuid NOT NULL REFERENCES unions(id),
  enrolled_on date NOT NULL,
  contribution_fen bigint NOT NULL CHECK (contribution_fen >= 0),
  enrolled_by uuid REFERENCES people(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- one plan per member per year
  UNIQUE (person_id, year),
  UNIQUE (plan_id, person_id)
);

CREATE SEQUENCE aid_claim_no_seq START 1001;

CREATE TABLE aid_claims (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  claim_no text NOT NULL UNIQUE,
  plan_id uuid NOT NULL REFERENCES aid_plans(id),
  -- pinned at submission
  plan_version_id uuid REFERENCES aid_plan_versions(id),
  person_id uuid NOT NULL REFERENCES people(id),
  union_id uuid NOT NULL REFERENCES unions(id),
  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'submitted', 'returned', 'officer_approved', 'federation_approved', 'paid', 'rejected')),
  category text CHECK (category IN ('inpatient', 'outpatient_special', 'critical_illness', 'accident')),
  hospital text,
  hospital_level text CHECK (hospital_level IN ('1', '2', '3')),
  admitted_on date,
  discharged_on date,
  total_cost_fen bigint CHECK (total_cost_fen >= 0),
  insurance_covered_fen bigint CHECK (insurance_covered_fen >= 0),
  self_paid_fen bigint CHECK (self_paid_fen >= 0),
  diagnosis text,
  bank_name text,
  -- AES-256-GCM; only the finance view decrypts it
  bank_account_enc text,
  bank_account_masked text,
  claimed_fen bigint CHECK (claimed_fen >= 0),
  approved_fen bigint CHECK (approved_fen >= 0),
  breakdown jsonb,
  needs_federation boolean NOT NULL DEFAULT false,
  return_reason text,
  reject_reason text,
  batch_id uuid,
  submitted_at timestamptz,
  paid_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (discharged_on IS NULL OR admitted_on IS NULL OR discharged_on >= admitted_on),
  CHECK (status <> 'paid' OR (batch_id IS NOT NULL AND approved_fen IS NOT NULL)),
  CHECK (status NOT IN ('officer_approved', 'federation_approved', 'paid') OR approved_fen IS NOT NULL)
);
CREATE INDEX aid_claims_person ON aid_claims (person_id, created_at);
CREATE INDEX aid_claims_union_status ON aid_claims (union_id, status);

-- Granted (approved, not rejected) amounts per member, plan and category: the row an approval locks.
CREATE TABLE aid_usage (
  plan_id uuid NOT NULL REFERENCES aid_plans(id),
  person_id uuid NOT NULL REFERENCES people(id),
  category text NOT NULL,
  approved_fen bigint NOT NULL DEFAULT 0 CHECK (approved_fen >= 0),
  PRIMARY KEY (plan_id, person_id, category)
);

CREATE TABLE aid_attachments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  claim_id uuid NOT NULL REFERENCES aid_claims(id),
  kind text NOT NULL CHECK (kind IN ('invoice', 'discharge_summary', 'other')),
  file_name text NOT NULL,
  mime text NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'application/pdf')),
  size_bytes int NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL,
  storage_key text NOT NULL UNIQUE,
  uploaded_by uuid REFERENCES people(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX aid_attachments_claim ON aid_attachments (claim_id);

CREATE TABLE aid_claim_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  claim_id uuid NOT NULL REFERENCES aid_claims(id),
  at timestamptz NOT NULL,
  actor_id uuid REFERENCES people(id),
  from_status text,
  to_status text NOT NULL,
  note text
);
CREATE INDEX aid_claim_events_claim ON aid_claim_events (claim_id, id);

CREATE TABLE aid_payout_batches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  batch_no text NOT NULL UNIQUE,
  union_id uuid NOT NULL REFERENCES unions(id),
  claim_count int NOT NULL CHECK (claim_count > 0),
  total_fen bigint NOT NULL CHECK (total_fen >= 0),
  created_by uuid REFERENCES people(id),
  created_at timestamptz NOT NULL
);
ALTER TABLE aid_claims ADD CONSTRAINT aid_claims_batch FOREIGN KEY (batch_id) REFERENCES aid_payout_batches(id)
