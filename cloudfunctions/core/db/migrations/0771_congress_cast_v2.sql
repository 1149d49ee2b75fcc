-- Congress v2: casting a ballot is ONE round trip in all. Before it, the same statement checks the caller
-- (pu_caller_refusal_v1 of migration 0770: the session still current, `member` of the vote's union) and spends one
-- unit of the caller's write budget (pu_take_budget of 0630), which the dispatcher did in separate round trips
-- before; then exactly congress_cast_ballot_v1 (0651): the vote's lock shared against the close, a checked-in
-- delegate, turnout and sealed box row written together, or with p_sealed NULL the same checks without writing.
--
-- Secrecy is as before: nothing here is written about the ballot besides v1's two rows. The budget row
-- (request_budgets, 'p:<person>') is updated in the same transaction as the box row, as the turnout row is; it pairs
-- with the box row by xmin no better than turnout already does (a ciphertext without the key), and it is
-- overwritten by the person's next write. Still no audit row per ballot.
--
-- Returns v1's outcomes, or UNAUTHENTICATED | FORBIDDEN | RATE_LIMITED (nothing written by a caller refusal).
-- p_session NULL: the dispatcher already checked the session; p_roles NULL: and the roles; p_budget_key NULL: no budget.
CREATE FUNCTION congress_cast_ballot_v2(p_vote uuid, p_voter uuid, p_row uuid, p_sealed bytea,
                                        p_session int, p_roles text[], p_union uuid, p_path text,
                                        p_budget_key text, p_budget_limit int, p_budget_window int)
RETURNS text
LANGUAGE plpgsql
AS $$
DECLARE
  v_refusal text := pu_caller_refusal_v1(p_voter, p_session, p_roles, p_union, p_path);
BEGIN
  IF v_refusal IS NOT NULL THEN
    RETURN v_refusal;
  END IF;
  IF p_budget_key IS NOT NULL AND NOT pu_take_budget(p_budget_key, p_budget_limit, p_budget_window) THEN
    RETURN 'RATE_LIMITED';
  END IF;
  RETURN congress_cast_ballot_v1(p_vote, p_voter, p_row, p_sealed);
END
$$;
