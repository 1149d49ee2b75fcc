-- Perks v2: the coupon rush is ONE round trip in all, like booking_book_v2 (0770): the caller's session is checked
-- in the same statement (pu_caller_refusal_v1; `session: 'inline'`), then exactly coupon_grab_v1 (0850). The rules
-- of grabbing did not change, so v2 calls v1; v1 stays for instances still running the old code during a deploy.
-- Returns v1's jsonb, or {outcome: 'UNAUTHENTICATED'}. p_session NULL: the dispatcher already checked the caller.
CREATE FUNCTION coupon_grab_v2(p_person uuid, p_session int, p_batch uuid, p_request text, p_now timestamptz, p_code text,
                               p_budget_key text, p_budget_limit int, p_budget_window int)
RETURNS jsonb
LANGUAGE plpgsql
AS $$
DECLARE
  v_refusal text := pu_caller_refusal_v1(p_person, p_session, NULL, NULL, NULL);
BEGIN
  IF v_refusal IS NOT NULL THEN
    RETURN jsonb_build_object('outcome', v_refusal);
  END IF;
  RETURN coupon_grab_v1(p_person, p_batch, p_request, p_now, p_code, p_budget_key, p_budget_limit, p_budget_window);
END
$$;
