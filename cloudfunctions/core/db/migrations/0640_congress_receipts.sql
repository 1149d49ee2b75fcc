-- Receipt-freeness (see cloudfunctions/core/congress/README.md): the published list shows a receipt code and a
-- fingerprint (选票指纹), never the choices; and no row links a receipt code to a counted ballot any more.
-- congress_receipts and congress_ballots are written by the close, each in its own random order.
CREATE TABLE congress_receipts (
  vote_id uuid NOT NULL REFERENCES congress_votes(id) ON DELETE CASCADE,
  receipt_code text NOT NULL CHECK (receipt_code ~ '^[A-Z2-7]{10}$'),
  -- NULL only for ballots counted before this migration (no fingerprint was shown to their voters)
  fingerprint text CHECK (fingerprint ~ '^[A-Z2-7]{20}$'),
  PRIMARY KEY (vote_id, receipt_code)
);
INSERT INTO congress_receipts (vote_id, receipt_code) SELECT vote_id, receipt_code FROM congress_ballots ORDER BY random();
ALTER TABLE congress_ballots DROP CONSTRAINT congress_ballots_pkey;
ALTER TABLE congress_ballots DROP COLUMN receipt_code;
CREATE INDEX congress_ballots_vote ON congress_ballots (vote_id);
