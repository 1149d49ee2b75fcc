-- Identity hardening (issue 11): revocable sessions, officer role history, per-person request budgets.

-- Bumped on leave, transfer, role change and "sign out everywhere"; a token carries the version it was
-- issued under and is refused once the person's version has moved on.
ALTER TABLE people ADD COLUMN session_version integer NOT NULL DEFAULT 0;

-- Who granted or revoked which role on which union, when and why (role_grants holds only the present).
CREATE TABLE role_grant_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id uuid NOT NULL REFERENCES people(id),
  union_id uuid NOT NULL REFERENCES unions(id),
  role text NOT NULL CHECK (role IN ('chair', 'vice_chair', 'finance', 'service_staff', 'federation_admin')),
  change text NOT NULL CHECK (change IN ('granted', 'revoked')),
  -- null: ended by the system (the person left or transferred)
  actor_id uuid REFERENCES people(id),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX role_grant_history_union_at ON role_grant_history (union_id, at DESC);
CREATE INDEX role_grant_history_person ON role_grant_history (person_id);

-- One row per caller ('p:<person id>' or 'o:<openid>'): a fixed window and the writes used in it.
-- Functions are stateless, so the budget lives here; rows are overwritten, never accumulate per call.
CREATE TABLE request_budgets (
  caller_key text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  used integer NOT NULL
);

-- Take one unit of the caller's write budget; true while the caller is within `p_limit` per window.
-- One statement, callable on its own or inside another statement (SELECT pu_take_budget(...) AS ok, ...).
CREATE FUNCTION pu_take_budget(p_key text, p_limit integer, p_window_seconds integer) RETURNS boolean
LANGUAGE sql VOLATILE AS $$
  INSERT INTO request_budgets AS b (caller_key, window_start, used) VALUES (p_key, now(), 1)
  ON CONFLICT (caller_key) DO UPDATE SET
    window_start = CASE WHEN b.window_start <= now() - make_interval(secs => p_window_seconds) THEN now() ELSE b.window_start END,
    used = CASE WHEN b.window_start <= now() - make_interval(secs => p_window_seconds) THEN 1 ELSE least(b.used, p_limit) + 1 END
  RETURNING used <= p_limit
$$;
