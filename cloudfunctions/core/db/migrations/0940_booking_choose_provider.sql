-- Booking: a member may choose the provider (barber, chair) who serves them, or leave it to whoever is free.
-- A chosen provider is held on the booking; the database refuses two live bookings of one provider in one slot.
-- Why this is enough for the "不限" bookings too: a slot's capacity is the number of providers working it (0502),
-- and a provider may be chosen only while one of them works it and the slot has a free place, so the bookings
-- without a choice never outnumber the working providers nobody chose.

ALTER TABLE booking_bookings ADD COLUMN provider_id uuid REFERENCES booking_providers(id);
CREATE UNIQUE INDEX booking_bookings_slot_provider ON booking_bookings (slot_id, provider_id)
  WHERE provider_id IS NOT NULL AND status <> 'cancelled';

-- Booking v3: v2 (the caller's session, then v1's rules) plus the chosen provider, p_provider (NULL: anyone free,
-- exactly v2). New outcomes:
--   PROVIDER_NOT_FOUND  not an active provider of the slot's service
--   PROVIDER_OFF        the provider does not work this slot (停诊), with their name
--   PROVIDER_TAKEN      another member's live booking holds the provider in this slot, with their name
-- The provider is written onto the booking v1 made, inside a block: when a concurrent booking took the provider
-- first, the unique index refuses it and the block's rollback undoes the whole booking (place, quota, audit).
-- A member's own retried request or second tap is not PROVIDER_TAKEN: v1 answers it (PRIOR / ALREADY_BOOKED).
-- A BOOKED or PRIOR answer with a chosen provider carries the booking's provider_id and provider_name.
-- A booking made (with or without a choice) writes the member's 预约成功 notice (kind booking_confirmed).
CREATE FUNCTION booking_book_v3(p_person uuid, p_session int, p_slot uuid, p_request text, p_now timestamptz, p_code text,
                                p_budget_key text, p_budget_limit int, p_budget_window int, p_provider uuid)
RETURNS jsonb
LANGUAGE plpgsql
AS $$
DECLARE
  v_refusal text := pu_caller_refusal_v1(p_person, p_session, NULL, NULL, NULL);
  v jsonb;
  v_name text;
BEGIN
  IF v_refusal IS NOT NULL THEN
    RETURN jsonb_build_object('outcome', v_refusal);
  END IF;
  IF p_provider IS NULL THEN
    -- anyone free: exactly v1, no block around it (the rush path pays for no subtransaction)
    v := booking_book_v1(p_person, p_slot, p_request, p_now, p_code, p_budget_key, p_budget_limit, p_budget_window);
  ELSE
    SELECT p.name INTO v_name FROM booking_providers p JOIN booking_slots s ON s.service_id = p.service_id
     WHERE p.id = p_provider AND s.id = p_slot AND p.active;
    IF NOT FOUND THEN
      RETURN jsonb_build_object('outcome', 'PROVIDER_NOT_FOUND');
    END IF;
    IF EXISTS (SELECT 1 FROM booking_provider_absences a WHERE a.provider_id = p_provider AND a.slot_id = p_slot) THEN
      RETURN jsonb_build_object('outcome', 'PROVIDER_OFF', 'provider_name', v_name);
    END IF;
    IF EXISTS (SELECT 1 FROM booking_bookings b WHERE b.slot_id = p_slot AND b.provider_id = p_provider
                 AND b.status <> 'cancelled' AND b.person_id <> p_person) THEN
      RETURN jsonb_build_object('outcome', 'PROVIDER_TAKEN', 'provider_name', v_name);
    END IF;
    BEGIN
      v := booking_book_v1(p_person, p_slot, p_request, p_now, p_code, p_budget_key, p_budget_limit, p_budget_window);
      IF v->>'outcome' = 'BOOKED' THEN
        UPDATE booking_bookings SET provider_id = p_provider WHERE id = (v->'booking'->>'id')::uuid;
        INSERT INTO audit_log (actor_id, action, union_id, target_type, target_id, detail)
        SELECT p_person, 'booking.chooseProvider', sv.union_id, 'booking', v->'booking'->>'id',
               jsonb_build_object('providerId', p_provider, 'provider', v_name)
          FROM booking_slots s JOIN booking_services sv ON sv.id = s.service_id WHERE s.id = p_slot;
      END IF;
    EXCEPTION WHEN unique_violation THEN
      RETURN jsonb_build_object('outcome', 'PROVIDER_TAKEN', 'provider_name', v_name);
    END;
    IF v ? 'booking' THEN
      v := jsonb_set(v, '{booking}', (v->'booking') || COALESCE(
        (SELECT jsonb_build_object('provider_id', p.id, 'provider_name', p.name)
           FROM booking_bookings b JOIN booking_providers p ON p.id = b.provider_id
          WHERE b.id = (v->'booking'->>'id')::uuid), '{}'::jsonb));
    END IF;
  END IF;
  -- the member's notice of the booking, in the same statement (the outbox pushes it after commit: a WeCom app
  -- message or a WeChat subscription message, as every other notice; core/notices)
  IF v->>'outcome' = 'BOOKED' THEN
    INSERT INTO notices (person_id, union_id, source, kind, title, body, page, subject_id)
    SELECT p_person, sv.union_id, 'booking', 'booking_confirmed', '预约成功：' || sv.name,
           to_char(sl.starts_at AT TIME ZONE 'Asia/Shanghai', 'FMMM"月"FMDD"日" HH24:MI')
             || COALESCE('，' || v_name, '') || COALESCE('，地点 ' || sv.location, '')
             || '。到店出示预约码 ' || p_code || '；开始前 ' || sv.cancel_minutes_before || ' 分钟可在「我的预约」取消。',
           'pages/booking/mine/index', (v->'booking'->>'id')::uuid
      FROM booking_slots sl JOIN booking_services sv ON sv.id = sl.service_id WHERE sl.id = p_slot;
  END IF;
  RETURN v;
END
$$;
