-- Booking: the whole of `booking.book` as ONE statement (one round trip, one autocommit transaction), called by
-- core/booking/book.ts. A PL/pgSQL function because its statements get cached plans per
-- backend without named prepared statements (which PgBouncer in transaction mode cannot carry), and because a
-- refusal can be returned as a value: nothing is raised, so a refusal never costs the pool a connection.
-- Around it, per instance, core/booking/rush.ts keeps refusals of known-full slots away from the database.
--
-- Versioned by name: a changed rule is a new function (booking_book_v2) in a new migration, so instances still
-- running the old code keep calling the function they were written for during a rolling deploy.
--
-- Returns jsonb {outcome, ...}:
--   BOOKED            booking (the view's fields), full (the slot has no free place left), holders (when full)
--   PRIOR             the booking this person's request id already made (a retried request)
--   NOT_FOUND | NOT_ELIGIBLE (service) | SERVICE_CLOSED (service) | SUSPENDED (until) | NOT_YET_RELEASED (released_at)
--   SLOT_CLOSED | SLOT_PAST | SLOT_TAKEN (holders: the people holding the slot's places) | ALREADY_BOOKED
--   LIMIT_REACHED (weekly_limit) | RATE_LIMITED (the caller's write budget, pu_take_budget of 0630, is spent)
-- Order of checks as before: slot exists → eligibility → service active → retried request → suspension →
-- slot state (release, closed, past, full) → already in the slot → weekly quota → the conditional slot update.
-- Every refusal before the quota writes nothing (a read-only transaction: no xid, no WAL, no lock).
CREATE FUNCTION booking_book_v1(p_person uuid, p_slot uuid, p_request text, p_now timestamptz, p_code text,
                                p_budget_key text, p_budget_limit int, p_budget_window int)
RETURNS jsonb
LANGUAGE plpgsql
AS $$
DECLARE
  sl record;
  sv record;
  v_prior uuid;
  v_until timestamptz;
  v_quota boolean;
  v_free int;
  v_id uuid;
  v_booked int;
  v_key bigint;
BEGIN
  SELECT s.id, s.service_id, s.week_start, s.day, s.starts_at, s.ends_at, s.capacity, s.booked, s.status, s.released_at
    INTO sl FROM booking_slots s WHERE s.id = p_slot;
  IF NOT FOUND THEN
    RETURN jsonb_build_object('outcome', 'NOT_FOUND');
  END IF;
  SELECT s.id, s.name, s.union_id, s.active, s.weekly_limit, s.cancel_minutes_before,
         u.short_name AS union_name, e.path AS eligible_path, e.short_name AS eligible_name
    INTO sv
    FROM booking_services s JOIN unions u ON u.id = s.union_id LEFT JOIN unions e ON e.id = s.eligible_union_id
   WHERE s.id = sl.service_id;

  -- members of the service's union, or of any union in the configured federation subtree (canBook in domain.ts)
  IF NOT EXISTS (
    SELECT 1 FROM members m JOIN unions mu ON mu.id = m.union_id
     WHERE m.person_id = p_person AND m.status = 'active'
       AND CASE WHEN sv.eligible_path IS NULL THEN m.union_id = sv.union_id ELSE mu.path LIKE sv.eligible_path || '%' END
  ) THEN
    RETURN jsonb_build_object('outcome', 'NOT_ELIGIBLE', 'service',
      jsonb_build_object('name', sv.name, 'union_name', sv.union_name, 'eligible_name', sv.eligible_name, 'eligible_path', sv.eligible_path));
  END IF;
  IF NOT sv.active THEN
    RETURN jsonb_build_object('outcome', 'SERVICE_CLOSED', 'service', jsonb_build_object('name', sv.name));
  END IF;

  IF p_request IS NOT NULL THEN
    SELECT b.id INTO v_prior FROM booking_bookings b WHERE b.person_id = p_person AND b.request_id = p_request;
    IF FOUND THEN
      RETURN jsonb_build_object('outcome', 'PRIOR', 'booking', booking_view_v1(v_prior));
    END IF;
  END IF;

  SELECT x.suspended_until INTO v_until FROM booking_suspensions x
   WHERE x.service_id = sl.service_id AND x.person_id = p_person AND x.suspended_until > p_now;
  IF FOUND THEN
    RETURN jsonb_build_object('outcome', 'SUSPENDED', 'until', v_until);
  END IF;

  IF sl.released_at > p_now THEN
    RETURN jsonb_build_object('outcome', 'NOT_YET_RELEASED', 'released_at', sl.released_at);
  END IF;
  IF sl.status = 'closed' THEN
    RETURN jsonb_build_object('outcome', 'SLOT_CLOSED');
  END IF;
  IF sl.starts_at <= p_now THEN
    RETURN jsonb_build_object('outcome', 'SLOT_PAST');
  END IF;
  IF sl.booked >= sl.capacity THEN
    RETURN jsonb_build_object('outcome', 'SLOT_TAKEN', 'holders', booking_holders_v1(p_slot));
  END IF;
  IF EXISTS (SELECT 1 FROM booking_bookings b WHERE b.slot_id = p_slot AND b.person_id = p_person AND b.status <> 'cancelled') THEN
    RETURN jsonb_build_object('outcome', 'ALREADY_BOOKED');
  END IF;

  -- The first write of this call: spend one unit of the caller's write budget (auth/budget.ts; NULL key = off).
  -- Refusals above are reads and cost no budget; a flood of them is met by the per-instance memo first.
  IF p_budget_key IS NOT NULL AND NOT pu_take_budget(p_budget_key, p_budget_limit, p_budget_window) THEN
    RETURN jsonb_build_object('outcome', 'RATE_LIMITED');
  END IF;

  -- The member's week row: counts the weekly limit and serialises one member's own attempts (double taps,
  -- retries on another device). Lock order as everywhere else: the member's week row, then the slot row.
  INSERT INTO booking_member_weeks AS w (service_id, person_id, week_start, count)
  VALUES (sl.service_id, p_person, sl.week_start, 1)
  ON CONFLICT (service_id, person_id, week_start) DO UPDATE SET count = w.count + 1 WHERE w.count < sv.weekly_limit;
  v_quota := FOUND;

  -- Holding the week row now: a concurrent retry of the same request has committed or not started.
  IF p_request IS NOT NULL THEN
    SELECT b.id INTO v_prior FROM booking_bookings b WHERE b.person_id = p_person AND b.request_id = p_request;
    IF FOUND THEN
      IF v_quota THEN PERFORM booking_return_quota_v1(sl.service_id, p_person, sl.week_start); END IF;
      RETURN jsonb_build_object('outcome', 'PRIOR', 'booking', booking_view_v1(v_prior));
    END IF;
  END IF;
  IF NOT v_quota THEN
    RETURN jsonb_build_object('outcome', 'LIMIT_REACHED', 'weekly_limit', sv.weekly_limit);
  END IF;
  IF EXISTS (SELECT 1 FROM booking_bookings b WHERE b.slot_id = p_slot AND b.person_id = p_person AND b.status <> 'cancelled') THEN
    PERFORM booking_return_quota_v1(sl.service_id, p_person, sl.week_start);
    RETURN jsonb_build_object('outcome', 'ALREADY_BOOKED');
  END IF;

  -- The claim. Every attempt that gets here has settled all of its own refusals, so it will take a place unless
  -- the slot itself refuses it. A transaction-level advisory lock per slot marks such a claim in flight:
  -- - free: take it and go on to the conditional update;
  -- - held by another claim while at most ONE place is free (committed state, read now): that claim takes the last
  --   place, so this attempt is refused at once instead of queueing behind it. Refusing here is the answer the
  --   database would give after the claim commits; it is wrong only if that claim fails after this point (a
  --   crash or a lost connection), and then the place is free again for the next attempt;
  -- - held while two or more places are free: both can win, so wait for it (never refuse a place that is free).
  -- A staff change on the slot (cancel, close, capacity) takes the row lock, not this one: the update below waits
  -- for it and then judges the committed row, as a plain conditional update does.
  v_key := ('x' || substr(replace(p_slot::text, '-', ''), 1, 16))::bit(64)::bigint;
  IF NOT pg_try_advisory_xact_lock(v_key) THEN
    SELECT s.capacity - s.booked INTO v_free FROM booking_slots s WHERE s.id = p_slot;
    IF v_free <= 1 THEN
      PERFORM booking_return_quota_v1(sl.service_id, p_person, sl.week_start);
      RETURN jsonb_build_object('outcome', 'SLOT_TAKEN', 'claimed', true);
    END IF;
    PERFORM pg_advisory_xact_lock(v_key);
  END IF;

  -- The database decides: capacity, open, released, not started — judged on the committed row.
  UPDATE booking_slots SET booked = booked + 1
   WHERE id = p_slot AND booked < capacity AND status = 'open' AND released_at <= p_now AND starts_at > p_now
  RETURNING booked, capacity - booked INTO v_booked, v_free;
  IF NOT FOUND THEN
    PERFORM booking_return_quota_v1(sl.service_id, p_person, sl.week_start);
    SELECT s.status, s.starts_at, s.booked, s.capacity INTO sl FROM booking_slots s WHERE s.id = p_slot;
    IF sl.status = 'closed' THEN RETURN jsonb_build_object('outcome', 'SLOT_CLOSED'); END IF;
    IF sl.starts_at <= p_now THEN RETURN jsonb_build_object('outcome', 'SLOT_PAST'); END IF;
    RETURN jsonb_build_object('outcome', 'SLOT_TAKEN', 'holders', booking_holders_v1(p_slot));
  END IF;

  INSERT INTO booking_bookings (slot_id, service_id, person_id, week_start, code, request_id, from_waitlist)
  VALUES (p_slot, sl.service_id, p_person, sl.week_start, p_code, p_request, false)
  RETURNING id INTO v_id;
  UPDATE booking_waitlist SET status = 'fulfilled', booking_id = v_id
   WHERE service_id = sl.service_id AND day = sl.day AND person_id = p_person AND status = 'waiting';
  INSERT INTO audit_log (actor_id, action, union_id, target_type, target_id, detail)
  VALUES (p_person, 'booking.book', sv.union_id, 'booking', v_id::text, jsonb_build_object('slotId', p_slot));

  RETURN jsonb_build_object(
    'outcome', 'BOOKED',
    'booking', jsonb_build_object(
      'id', v_id, 'slot_id', p_slot, 'service_id', sl.service_id, 'service_name', sv.name, 'week_start', sl.week_start,
      'day', sl.day, 'starts_at', sl.starts_at, 'ends_at', sl.ends_at, 'status', 'booked', 'code', p_code,
      'from_waitlist', false, 'cancel_reason', NULL, 'cancel_minutes_before', sv.cancel_minutes_before),
    'full', v_free <= 0,
    'holders', CASE WHEN v_free <= 0 THEN booking_holders_v1(p_slot) END);
END
$$;

-- The people holding a slot's live places: a process that remembers the slot as full still lets them through
-- to the database (a retried request returns their booking, a second tap says ALREADY_BOOKED).
CREATE FUNCTION booking_holders_v1(p_slot uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT COALESCE(jsonb_agg(b.person_id), '[]'::jsonb) FROM booking_bookings b WHERE b.slot_id = p_slot AND b.status <> 'cancelled'
$$;

CREATE FUNCTION booking_return_quota_v1(p_service uuid, p_person uuid, p_week date) RETURNS void LANGUAGE sql AS $$
  UPDATE booking_member_weeks SET count = count - 1
   WHERE service_id = p_service AND person_id = p_person AND week_start = p_week AND count > 0
$$;

-- The fields of the member's booking view (bookingView in domain.ts), for a retried request.
CREATE FUNCTION booking_view_v1(p_booking uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', b.id, 'slot_id', b.slot_id, 'service_id', b.service_id, 'service_name', sv.name, 'week_start', b.week_start,
    'day', sl.day, 'starts_at', sl.starts_at, 'ends_at', sl.ends_at, 'status', b.status, 'code', b.code,
    'from_waitlist', b.from_waitlist, 'cancel_reason', b.cancel_reason, 'cancel_minutes_before', sv.cancel_minutes_before)
  FROM booking_bookings b JOIN booking_slots sl ON sl.id = b.slot_id JOIN booking_services sv ON sv.id = b.service_id
  WHERE b.id = p_booking
$$;
