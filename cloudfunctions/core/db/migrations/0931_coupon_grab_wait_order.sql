-- The coupon rush deadlocked at the sell-out: a grab that found every bucket with stock busy waited for one in
-- its own order (starting from a bucket of the person's), and a row lock taken while waiting stays held when the
-- bucket has emptied meanwhile (the row fails the recheck and the wait moves on to the next bucket). Two such
-- waiters starting from different buckets then held what the other waited for: PostgreSQL broke the cycle after
-- deadlock_timeout (1 s) and the dispatcher retried, so refusals at the sell-out took 1-5 s (seen in
-- `npm run bench -- rush`, "deadlock detected" in the server log). The waiting path now takes buckets in bucket
-- order, the same for everyone; the first, non-waiting path (SKIP LOCKED) keeps the person's own order to spread
-- the crowd. The rest of the function is 0850's, unchanged.
CREATE OR REPLACE FUNCTION coupon_grab_v1(p_person uuid, p_batch uuid, p_request text, p_now timestamptz, p_code text,
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
  -- bucket of this person's own so the crowd spreads; when every bucket with stock is busy, wait for one, in
  -- bucket order (the same order for everyone: a waiter keeps the lock of a bucket that emptied while it waited,
  -- so waiters in different orders would hold what the other waits for).
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
                        ORDER BY k.bucket LIMIT 1 FOR UPDATE)
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
