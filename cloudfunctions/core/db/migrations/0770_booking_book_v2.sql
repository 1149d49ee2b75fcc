-- Hot actions check their caller inside their own statement (`session: 'inline'`, core/action.ts): the dispatcher
-- verifies the session token's signature without the database, and the one statement of the action checks the rest,
-- so a booking or a ballot is ONE round trip in all (before: the caller lookup, then the action's statement).

-- Why the caller may not act, or NULL when they may: the same rules as identify() and Access.can (auth/), in SQL.
-- p_version: the session version the token was issued under (NULL: already checked by the dispatcher, e.g. a WeChat
--   caller identified by OPENID) — a person whose version has moved on (revoked sessions) is UNAUTHENTICATED;
-- p_roles: the roles the action allows on the union (p_union, p_path) (NULL: no role to check) — federation_admin
--   covers its subtree by path prefix, every other role its own union only, `member` an active membership; else FORBIDDEN.
-- A read: no write, no lock. tests/identity/inline-caller.test.ts compares it with Access.can.
CREATE FUNCTION pu_caller_refusal_v1(p_person uuid, p_version int, p_roles text[], p_union uuid, p_path text)
RETURNS text
LANGUAGE plpgsql STABLE
AS $$
BEGIN
  IF p_version IS NOT NULL AND NOT EXISTS (SELECT 1 FROM people WHERE id = p_person AND session_version = p_version) THEN
    RETURN 'UNAUTHENTICATED';
  END IF;
  IF p_roles IS NOT NULL AND NOT (
       EXISTS (SELECT 1 FROM role_grants g JOIN unions u ON u.id = g.union_id
                WHERE g.person_id = p_person AND g.role = ANY (p_roles)
                  AND CASE WHEN g.role = 'federation_admin' THEN starts_with(p_path, u.path) ELSE g.union_id = p_union END)
    OR ('member' = ANY (p_roles)
        AND EXISTS (SELECT 1 FROM members m WHERE m.person_id = p_person AND m.status = 'active' AND m.union_id = p_union))
  ) THEN
    RETURN 'FORBIDDEN';
  END IF;
  RETURN NULL;
END
$$;

-- Booking v2: the caller's session checked in the same statement, then exactly booking_book_v1 (migration 0650):
-- eligibility, service, retried request, suspension, slot state, weekly quota, the claim of the slot (the loser of
-- a last place claimed by another attempt is refused at once, not queued behind its row lock), the conditional
-- slot update, the booking, the waitlist and the audit row; refusals as values. The rules of booking did not change,
-- so v2 calls v1 rather than copying it; v1 stays for instances still running the old code during a deploy.
-- Returns v1's jsonb, or {outcome: 'UNAUTHENTICATED'} (a revoked session; nothing read beyond the person's row).
-- p_session NULL: the dispatcher already checked the caller.
CREATE FUNCTION booking_book_v2(p_person uuid, p_session int, p_slot uuid, p_request text, p_now timestamptz, p_code text,
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
  RETURN booking_book_v1(p_person, p_slot, p_request, p_now, p_code, p_budget_key, p_budget_limit, p_budget_window);
END
$$;
