-- 普惠 activities: places shared out among the unions of a federation's subtree (名额分配, core/perks/quotas.ts).
-- A quota caps the confirmed places of the members under one union; with quotas, only those members may sign up.
CREATE TABLE activity_quotas (
  activity_id uuid NOT NULL REFERENCES activities(id),
  union_id uuid NOT NULL REFERENCES unions(id),
  places integer NOT NULL CHECK (places BETWEEN 1 AND 100000),
  -- confirmed places taken by the union's members: the guard `taken < places` in the same update as the
  -- activity's own `taken < capacity`; the CHECK stops any path that forgot it
  taken integer NOT NULL DEFAULT 0 CHECK (taken >= 0 AND taken <= places),
  PRIMARY KEY (activity_id, union_id)
);

-- The quota a sign-up counts against (null: the activity has none).
ALTER TABLE activity_signups ADD COLUMN quota_union_id uuid;
ALTER TABLE activity_signups ADD CONSTRAINT activity_signups_quota
  FOREIGN KEY (activity_id, quota_union_id) REFERENCES activity_quotas (activity_id, union_id);
