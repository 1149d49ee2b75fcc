-- Congress: casting a ballot as ONE statement (one round trip, one autocommit transaction), so a crowd of
-- delegates does not hold connections across round trips. The ballot is checked and sealed in the server
-- beforehand (the key never reaches the database); this function writes the turnout row and the sealed box row
-- in the same transaction, exactly as the handler did before (core/congress/README.md), and nothing else: no
-- audit row, no time, no serial. Refusals are returned as values (nothing raised, no connection lost).
--
-- p_sealed NULL: check only (the same refusals, no writes) — for a ballot the server found invalid, so that the
-- caller hears "vote closed / not a delegate / already voted" before "your ballot is invalid", as before.
-- Returns OK | NOT_FOUND | VOTE_NOT_OPEN | VOTE_CLOSED | NOT_DELEGATE | NOT_CHECKED_IN | ALREADY_VOTED.
-- The key of a vote's cast/close lock (64 bits of the vote id).
CREATE FUNCTION congress_vote_lock_v1(p_vote uuid) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT ('x' || substr(replace(p_vote::text, '-', ''), 1, 16))::bit(64)::bigint
$$;

CREATE FUNCTION congress_cast_ballot_v1(p_vote uuid, p_voter uuid, p_row uuid, p_sealed bytea)
RETURNS text
LANGUAGE plpgsql
AS $$
DECLARE
  v record;
  v_checked_in boolean;
BEGIN
  -- Casts hold the vote's lock shared, the close (closeAndCount) takes it exclusive before it marks the vote closed:
  -- casts run side by side, the close waits for every cast in flight, and a cast arriving after the close reads
  -- the status once the close has committed (each statement here takes a fresh snapshot) and sees it closed.
  -- An advisory lock rather than FOR SHARE on the vote row: a thousand concurrent share-lockers of one row make
  -- PostgreSQL build a new MultiXact for every locker, which serialises the crowd.
  PERFORM pg_advisory_xact_lock_shared(congress_vote_lock_v1(p_vote));
  SELECT status, congress_id INTO v FROM congress_votes WHERE id = p_vote;
  IF NOT FOUND THEN RETURN 'NOT_FOUND'; END IF;
  IF v.status = 'pending' THEN RETURN 'VOTE_NOT_OPEN'; END IF;
  IF v.status <> 'open' THEN RETURN 'VOTE_CLOSED'; END IF;
  SELECT checked_in_at IS NOT NULL INTO v_checked_in FROM congress_delegates WHERE congress_id = v.congress_id AND person_id = p_voter;
  IF NOT FOUND THEN RETURN 'NOT_DELEGATE'; END IF;
  IF NOT v_checked_in THEN RETURN 'NOT_CHECKED_IN'; END IF;
  IF p_sealed IS NULL THEN
    IF EXISTS (SELECT 1 FROM congress_turnout WHERE vote_id = p_vote AND delegate_id = p_voter) THEN RETURN 'ALREADY_VOTED'; END IF;
    RETURN 'OK';
  END IF;
  -- insert first: the primary key decides exactly-once, whatever the retries, taps or devices
  INSERT INTO congress_turnout (vote_id, delegate_id) VALUES (p_vote, p_voter) ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN RETURN 'ALREADY_VOTED'; END IF;
  INSERT INTO congress_ballot_box (vote_id, id, sealed) VALUES (p_vote, p_row, p_sealed);
  RETURN 'OK';
END
$$;
