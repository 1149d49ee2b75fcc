-- The notices table becomes a proper outbox (issue 14, "messages that reach members"). A notice is written in the
-- transaction that causes it; the sender (core/notices/outbox.ts) claims a batch after commit with a lease, sends
-- it over the person's channel (WeCom miniprogram_notice app message, WeChat subscription message, or in-app
-- only) and records the outcome. `pushed_at` keeps its meaning: NULL = still to deliver.
ALTER TABLE notices
  -- how often delivery was tried, and the earliest time of the next try (back-off after a transient error)
  ADD COLUMN push_attempts integer NOT NULL DEFAULT 0,
  ADD COLUMN push_next_at timestamptz,
  -- a sender working on the notice holds it until then; an expired lease means the sender died mid-send
  ADD COLUMN push_claimed_until timestamptz,
  -- where it went and how it ended (NULL while undelivered)
  ADD COLUMN push_channel text CHECK (push_channel IN ('wecom', 'wechat', 'in_app')),
  ADD COLUMN push_outcome text CHECK (push_outcome IN ('sent', 'skipped', 'failed')),
  -- the platform's errcode (or a short reason) of the last failed try; never a token or a secret
  ADD COLUMN push_error text CHECK (length(push_error) <= 200);

-- every area may write notices now (membership and aid decisions, congress convocations)
ALTER TABLE notices DROP CONSTRAINT notices_source_check;
ALTER TABLE notices ADD CONSTRAINT notices_source_check
  CHECK (source IN ('membership', 'aid', 'booking', 'congress', 'perks', 'platform'));

-- the sender's queue: undelivered notices in order of their next try
DROP INDEX notices_unpushed;
CREATE INDEX notices_outbox ON notices ((coalesce(push_next_at, created_at))) WHERE pushed_at IS NULL;
