-- Issue 14, sign-in on the platforms. Setup problems the WeCom / WeChat APIs report (errcode and a hint for the
-- administrator; never a token or a secret), one row per (platform, account, api, errcode).
CREATE TABLE platform_problems (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  platform text NOT NULL CHECK (platform IN ('wecom', 'wechat')),
  account text NOT NULL CHECK (length(account) <= 64),
  api text NOT NULL CHECK (length(api) <= 64),
  errcode integer NOT NULL,
  hint text NOT NULL CHECK (length(hint) <= 200),
  first_at timestamptz NOT NULL,
  last_at timestamptz NOT NULL,
  times integer NOT NULL DEFAULT 1,
  resolved_at timestamptz,
  UNIQUE (platform, account, api, errcode)
);

-- Many employers on one federation platform: each enterprise's WeCom corp, configured by a federation admin, with
-- its self-built app's secret sealed (core/platform/sealed-secret.ts), and the union(s) whose workers sign in from it.
CREATE TABLE wecom_corps (
  corp_id text PRIMARY KEY CHECK (corp_id ~ '^[A-Za-z0-9_-]{4,64}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  secret_sealed text NOT NULL,
  -- the federation that configured it (its admins manage it)
  federation_id uuid NOT NULL REFERENCES unions (id),
  updated_by uuid,
  updated_at timestamptz NOT NULL
);
CREATE TABLE wecom_corp_unions (
  corp_id text NOT NULL REFERENCES wecom_corps (corp_id) ON DELETE CASCADE,
  union_id uuid NOT NULL REFERENCES unions (id),
  PRIMARY KEY (corp_id, union_id)
);

-- The name WeCom gave a person is the contact's (user/get) or none: a placeholder never stands in for a name.
ALTER TABLE people ADD COLUMN name_source text NOT NULL DEFAULT 'given' CHECK (name_source IN ('given', 'wecom', 'placeholder'));

-- A poster's mini-program code carries a scene of at most 32 characters (getwxacodeunlimit): `i=<scene>` names the
-- invite. Random, unique, made the first time a poster is asked for.
ALTER TABLE invites ADD COLUMN scene text UNIQUE CHECK (scene ~ '^[A-Za-z0-9]{10,16}$');
