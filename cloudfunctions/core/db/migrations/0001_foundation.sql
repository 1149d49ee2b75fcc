-- Foundation: the union tree, people, their roles, memberships and the audit trail.

CREATE TABLE unions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  parent_id uuid REFERENCES unions(id),
  level text NOT NULL CHECK (level IN ('city', 'district', 'street', 'grassroots')),
  code text NOT NULL UNIQUE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  short_name text NOT NULL CHECK (length(short_name) BETWEEN 1 AND 40),
  -- '/<root id>/.../<own id>/': ancestry materialised so a subtree is one prefix match
  path text NOT NULL UNIQUE,
  logo_url text,
  theme_color text NOT NULL DEFAULT '#C8102E' CHECK (theme_color ~ '^#[0-9A-Fa-f]{6}$'),
  slogan text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((parent_id IS NULL) = (level = 'city'))
);
CREATE INDEX unions_path_prefix ON unions (path text_pattern_ops);
CREATE INDEX unions_parent ON unions (parent_id);

CREATE TABLE people (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
  openid text UNIQUE,
  unionid text,
  wecom_corp_id text,
  wecom_user_id text,
  -- keyed hash (HMAC) of the mobile number plus its last 4 digits; the full number is never stored
  phone_hash text,
  phone_last4 text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (wecom_corp_id, wecom_user_id)
);

CREATE TABLE role_grants (
  person_id uuid NOT NULL REFERENCES people(id),
  union_id uuid NOT NULL REFERENCES unions(id),
  role text NOT NULL CHECK (role IN ('chair', 'vice_chair', 'finance', 'service_staff', 'federation_admin')),
  granted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_id, union_id, role)
);
CREATE INDEX role_grants_union ON role_grants (union_id);

CREATE SEQUENCE member_no_seq START 100001;

CREATE TABLE members (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES people(id),
  union_id uuid NOT NULL REFERENCES unions(id),
  member_no text NOT NULL UNIQUE,
  status text NOT NULL CHECK (status IN ('pending', 'active', 'rejected', 'left', 'transferred')),
  joined_at timestamptz,
  left_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- one person is an active member of at most one grassroots union
CREATE UNIQUE INDEX members_one_active ON members (person_id) WHERE status = 'active';
CREATE INDEX members_union_status ON members (union_id, status);

CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid,
  action text NOT NULL,
  union_id uuid,
  target_type text,
  target_id text,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_target ON audit_log (target_type, target_id);
CREATE INDEX audit_log_union_at ON audit_log (union_id, at);
