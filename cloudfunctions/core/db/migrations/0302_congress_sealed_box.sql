-- Seal the ballot box (see cloudfunctions/core/congress/ballot-seal.ts and README.md in that folder).
-- While a vote is open the box row and the turnout row share a transaction (xmin) and physical order, so the
-- box must not hold anything readable: a random row id and a fixed-length AES-256-GCM ciphertext (receipt
-- code, choices and validity inside; the key is derived from the server secret, never stored here).
-- The old box held plaintext and can only be emptied by a close: refuse to upgrade while a vote is open.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM congress_ballot_box) THEN
    RAISE EXCEPTION 'congress_ballot_box is not empty: close every open vote before applying 0302_congress_sealed_box';
  END IF;
END
$$;

DROP TABLE congress_ballot_box;

CREATE TABLE congress_ballot_box (
  vote_id uuid NOT NULL REFERENCES congress_votes(id) ON DELETE CASCADE,
  -- random (v4), chosen by the server: orders and times nothing
  id uuid NOT NULL,
  -- nonce (12) || ciphertext || tag (16); the same length for every ballot of a vote
  sealed bytea NOT NULL CHECK (octet_length(sealed) BETWEEN 42 AND 65536),
  PRIMARY KEY (vote_id, id)
);
-- the box is emptied at every close: let autovacuum (PostgreSQL) remove the dead rows promptly
ALTER TABLE congress_ballot_box SET (autovacuum_vacuum_threshold = 0, autovacuum_vacuum_scale_factor = 0);
