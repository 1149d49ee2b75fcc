-- H5 attachments larger than one call's payload arrive in pieces: a pending upload (opened by its first
-- piece, whose content type is checked then) and its chunks, assembled and checked as a whole when the
-- member finishes, then deleted. Abandoned ones are deleted by the next upload anyone starts.
CREATE TABLE aid_uploads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  claim_id uuid NOT NULL REFERENCES aid_claims(id),
  person_id uuid NOT NULL REFERENCES people(id),
  kind text NOT NULL CHECK (kind IN ('invoice', 'discharge_summary', 'other')),
  file_name text NOT NULL,
  size int NOT NULL CHECK (size BETWEEN 1 AND 10485760),
  created_at timestamptz NOT NULL
);
CREATE INDEX aid_uploads_created ON aid_uploads (created_at);

CREATE TABLE aid_upload_chunks (
  upload_id uuid NOT NULL REFERENCES aid_uploads(id) ON DELETE CASCADE,
  seq int NOT NULL CHECK (seq >= 0),
  bytes int NOT NULL CHECK (bytes > 0),
  -- base64, as received
  data text NOT NULL,
  PRIMARY KEY (upload_id, seq)
);
