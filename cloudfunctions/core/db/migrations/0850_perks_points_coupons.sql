-- 普惠 (perks): the points ledger and coupon batches with a rush (core/perks/points.ts, coupons.ts, grab.ts).
--
-- Points: `points_entries` is append-only (a trigger refuses UPDATE and DELETE); `points_balances` holds each
-- person's running sum, CHECK balance >= 0, changed only together with an entry in the same transaction
-- (points_post_v1, coupon_grab_v1). Invariant: balance = sum(delta) of the person's entries.
CREATE TABLE points_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES people(id),
  union_id uuid NOT NULL REFERENCES unions(id),
  delta integer NOT NULL CHECK (delta <> 0),
  kind text NOT NULL CHECK (kind IN ('grant', 'checkin', 'coupon', 'expiry')),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
  actor_id uuid REFERENCES people(id),
  -- one entry per (person, key): a retried grant or check-in posts nothing the second time
  request_key text NOT NULL CHECK (length(request_key) BETWEEN 1 AND 120),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (person_id, request_key)
);
CREATE INDEX points_entries_person ON points_entries (person_id, created_at DESC);
CREATE INDEX points_entries_union ON points_entries (union_id);

CREATE FUNCTION points_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'points_entries is append-only' USING ERRCODE = 'P0001';
END
$$;
CREATE TRIGGER points_entries_append_only BEFORE UPDATE OR DELETE ON points_entries
  FOR EACH ROW EXECUTE FUNCTION points_entries_append_only();

CREATE TABLE points_balances (
  person_id uuid PRIMARY KEY REFERENCES people(id),
  balance integer NOT NULL DEFAULT 0 CHECK (balance >= 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Post one entry and move the balance with it. Returns jsonb {outcome: POSTED | PRIOR | INSUFFICIENT, balance}.
-- The balance row is locked first, so one person's posts are serialised and a retried key is seen.
CREATE FUNCTION points_post_v1(p_person uuid, p_union uuid, p_delta int, p_kind text, p_reason text,
                               p_actor uuid, p_key text, p_now timestamptz)
RETURNS jsonb
LANGUAGE plpgsql
AS $$
DECLARE
  v_balance int;
BEGIN
  INSERT INTO points_balances (person_id, balance, updated_at) VALUES (p_person, 0, p_now) ON CONFLICT DO NOTHING;
  SELECT balance INTO v_balance FROM points_balances WHERE person_id = p_person FOR UPDATE;
  IF EXISTS (SELECT 1 FROM points_entries WHERE person_id = p_person AND request_key = p_key) THEN
    RETURN jsonb_build_object('outcome', 'PRIOR', 'balance', v_balance);
  END IF;
  IF v_balance + p_delta < 0 THEN
    RETURN jsonb_build_object('outcome', 'INSUFFICIENT', 'balance', v_balance);
  END IF;
  UPDATE points_balances SET balance = balance + p_delta, updated_at = p_now WHERE person_id = p_person;
  INSERT INTO points_entries (person_id, union_id, delta, kind, reason, actor_id, request_key, created_at)
  VALUES (p_person, p_union, p_delta, p_kind, p_reason, p_actor, p_key, p_now);
  RETURN jsonb_build_object('outcome', 'POSTED', 'balance', v_balance + p_delta);
END
$$;

-- Coupons: a batch's stock is split in up to 16 buckets so a crowd does not queue on one row; a grab claims a
-- bucket with SKIP LOCKED (another bucket when one is busy) and the conditional `remaining > 0`.
CREATE TABLE coupon_batches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  union_id uuid NOT NULL REFERENCES unions(id),
  -- null: members of the union itself; else every member in this federation node's subtree
  eligible_union_id uuid REFERENCES unions(id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 60),
  description text,
  merchant text,
  total integer NOT NULL CHECK (total BETWEEN 1 AND 1000000),
  per_person integer NOT NULL CHECK (per_person BETWEEN 1 AND 20),
  price_points integer NOT NULL DEFAULT 0 CHECK (price_points >= 0),
  buckets integer NOT NULL CHECK (buckets BETWEEN 1 AND 16),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz,
  valid_until timestamptz,
  created_by uuid REFERENCES people(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX coupon_batches_union ON coupon_batches (union_id);

CREATE TABLE coupon_stock (
  batch_id uuid NOT NULL REFERENCES coupon_batches(id),
  bucket integer NOT NULL CHECK (bucket BETWEEN 0 AND 15),
  remaining integer NOT NULL CHECK (remaining >= 0),
  PRIMARY KEY (batch_id, bucket)
);

-- How many of a batch each person holds (the per-person limit); serialises one person's own attempts.
CREATE TABLE coupon_holdings (
  batch_id uuid NOT NULL REFERENCES coupon_batches(id),
  person_id uuid NOT NULL REFERENCES people(id),
  held integer NOT NULL CHECK (held >= 0),
  PRIMARY KEY (batch_id, person_id)
);

CREATE TABLE coupons (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  batch_id uuid NOT NULL REFERENCES coupon_batches(id),
  person_id uuid NOT NULL REFERENCES people(id),
  code text NOT NULL UNIQUE,
  request_id text,
  bucket integer NOT NULL,
  issued_at timestamptz NOT NULL,
  redeemed_at timestamptz,
  redeemed_by uuid REFERENCES people(id),
  UNIQUE (person_id, request_id)
);
CREATE INDEX coupons_batch ON coupons (batch_id);
CREATE INDEX coupons_person ON coupons (person_id, issued_at DESC);

-- `perks.grab` as ONE statement (core/perks/grab.ts), refusals as values like booking_book_v1 (0650).
-- Returns jsonb {outcome, ...}:
--   GRANTED (coupon) | PRIOR (coupon: this person's request id already got it)
--   NOT_FOUND | NOT_ELIGIBLE | NOT_STARTED (starts_at) | ENDED | SOLD_OUT | LIMIT_REACHED (per_person)
--   INSUFFICIENT_POINTS (price, balance) | RATE_LIMITED
-- Lock order: the person's holding row, the person's balance row, one stock bucket.
CREATE FUNCTION coupon_grab_v1(p_person uuid, p_batch uuid, p_request text, p_now timestamptz, p_code text,
                               p_budget_key text, p_budget_limit int, p_budget_window int)
RETURNS jsonb
LANGUAGE plpgsql
AS $$
DECLARE
  b record;
  v_prior record;
  v_bucket int;
  v_start int;
  v_balance int;
  v_id uuid;
BEGIN
  SELECT c.*, e.path AS eligible_path INTO b
    FROM coupon_batches c LEFT JOIN unions e ON e.id = c.eligible_union_id WHERE c.id = p_batch;
  IF NOT FOUND THEN
    RETURN jsonb_build_object('outcome', 'NOT_FOUND');
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM members m JOIN unions mu ON mu.id = m.union_id
     WHERE m.person_id = p_person AND m.status = 'active'
       AND CASE WHEN b.eligible_path IS NULL THEN m.union_id = b.union_id ELSE mu.path LIKE b.eligible_path || '%' END
  ) THEN
    RETURN jsonb_build_object('outcome', 'NOT_ELIGIBLE');
  END IF;
  IF p_request IS NOT NULL THEN
    SELECT id, code, issued_at INTO v_prior FROM coupons WHERE person_id = p_person AND request_id = p_request;
    IF FOUND THEN
      RETURN jsonb_build_object('outcome', 'PRIOR', 'coupon', jsonb_build_object('id', v_prior.id, 'code', v_prior.code, 'issued_at', v_prior.issued_at, 'title', b.title, 'merchant', b.merchant));
    END IF;
  END IF;
  IF b.starts_at > p_now THEN
    RETURN jsonb_build_object('outcome', 'NOT_STARTED', 'starts_at', b.starts_at);
  END IF;
  IF b.ends_at IS NOT NULL AND b.ends_at <= p_now THEN
    RETURN jsonb_build_object('outcome', 'ENDED');
  END IF;
  -- A read: a crowd arriving after the last coupon is refused without writing or locking anything.
  IF NOT EXISTS (SELECT 1 FROM coupon_stock s WHERE s.batch_id = p_batch AND s.remaining > 0) THEN
    RETURN jsonb_build_object('outcome', 'SOLD_OUT');
  END IF;
  IF EXISTS (SELECT 1 FROM coupon_holdings h WHERE h.batch_id = p_batch AND h.person_id = p_person AND h.held >= b.per_person) THEN
    RETURN jsonb_build_object('outcome', 'LIMIT_REACHED', 'per_person', b.per_person);
  END IF;

  IF p_budget_key IS NOT NULL AND NOT pu_take_budget(p_budget_key, p_budget_limit, p_budget_window) THEN
    RETURN jsonb_build_object('outcome', 'RATE_LIMITED');
  END IF;

  -- The person's holding: counts the limit and serialises their own attempts (double taps, retries).
  INSERT INTO coupon_holdings AS h (batch_id, person_id, held) VALUES (p_batch, p_person, 1)
  ON CONFLICT (batch_id, person_id) DO UPDATE SET held = h.held + 1 WHERE h.held < b.per_person;
  IF NOT FOUND THEN
    RETURN jsonb_build_object('outcome', 'LIMIT_REACHED', 'per_person', b.per_person);
  END IF;
  -- Holding the row now: a concurrent retry of the same request has committed or not started.
  IF p_request IS NOT NULL THEN
    SELECT id, code, issued_at INTO v_prior FROM coupons WHERE person_id = p_person AND request_id = p_request;
    IF FOUND THEN
      UPDATE coupon_holdings SET held = held - 1 WHERE batch_id = p_batch AND person_id = p_person;
      RETURN jsonb_build_object('outcome', 'PRIOR', 'coupon', jsonb_build_object('id', v_prior.id, 'code', v_prior.code, 'issued_at', v_prior.issued_at, 'title', b.title, 'merchant', b.merchant));
    END IF;
  END IF;

  -- Points, when the batch has a price: debited with the coupon, in this transaction, once.
  IF b.price_points > 0 THEN
    UPDATE points_balances SET balance = balance - b.price_points, updated_at = p_now
     WHERE person_id = p_person AND balance >= b.price_points
    RETURNING balance INTO v_balance;
    IF NOT FOUND THEN
      UPDATE coupon_holdings SET held = held - 1 WHERE batch_id = p_batch AND person_id = p_person;
      SELECT balance INTO v_balance FROM points_balances WHERE person_id = p_person;
      RETURN jsonb_build_object('outcome', 'INSUFFICIENT_POINTS', 'price', b.price_points, 'balance', COALESCE(v_balance, 0));
    END IF;
  END IF;

  -- The stock guard: one bucket with a coupon left, not locked by another grab (SKIP LOCKED), starting from a
  -- bucket of this person's own so the crowd spreads; when every bucket with stock is busy, wait for one.
  v_start := abs(hashtext(p_person::text)) % b.buckets;
  UPDATE coupon_stock s SET remaining = s.remaining - 1
   WHERE s.batch_id = p_batch AND s.remaining > 0
     AND s.bucket = (SELECT k.bucket FROM coupon_stock k WHERE k.batch_id = p_batch AND k.remaining > 0
                      ORDER BY (k.bucket - v_start + 16) % 16 LIMIT 1 FOR UPDATE SKIP LOCKED)
  RETURNING s.bucket INTO v_bucket;
  IF NOT FOUND THEN
    UPDATE coupon_stock s SET remaining = s.remaining - 1
     WHERE s.batch_id = p_batch AND s.remaining > 0
       AND s.bucket = (SELECT k.bucket FROM coupon_stock k WHERE k.batch_id = p_batch AND k.remaining > 0
                        ORDER BY (k.bucket - v_start + 16) % 16 LIMIT 1 FOR UPDATE)
    RETURNING s.bucket INTO v_bucket;
  END IF;
  IF NOT FOUND THEN
    UPDATE coupon_holdings SET held = held - 1 WHERE batch_id = p_batch AND person_id = p_person;
    IF b.price_points > 0 THEN
      UPDATE points_balances SET balance = balance + b.price_points WHERE person_id = p_person;
    END IF;
    RETURN jsonb_build_object('outcome', 'SOLD_OUT');
  END IF;

  INSERT INTO coupons (batch_id, person_id, code, request_id, bucket, issued_at)
  VALUES (p_batch, p_person, p_code, p_request, v_bucket, p_now)
  RETURNING id INTO v_id;
  IF b.price_points > 0 THEN
    INSERT INTO points_entries (person_id, union_id, delta, kind, reason, actor_id, request_key, created_at)
    VALUES (p_person, b.union_id, -b.price_points, 'coupon', '兑换：' || b.title, p_person, 'coupon:' || v_id::text, p_now);
  END IF;
  INSERT INTO audit_log (actor_id, action, union_id, target_type, target_id, detail)
  VALUES (p_person, 'perks.grab', b.union_id, 'coupon', v_id::text, jsonb_build_object('batchId', p_batch, 'bucket', v_bucket));
  RETURN jsonb_build_object('outcome', 'GRANTED', 'coupon', jsonb_build_object('id', v_id, 'code', p_code, 'issued_at', p_now, 'title', b.title, 'merchant', b.merchant));
END
$$;
