-- Issue 13: an applicant may withdraw a pending join or transfer application (membership.withdrawApplication);
-- the application and its pending membership row become 'withdrawn'.
ALTER TABLE applications DROP CONSTRAINT applications_status_check;
ALTER TABLE applications ADD CONSTRAINT applications_status_check CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn'));
ALTER TABLE members DROP CONSTRAINT members_status_check;
ALTER TABLE members ADD CONSTRAINT members_status_check
  CHECK (status IN ('pending', 'active', 'rejected', 'left', 'transferred', 'withdrawn'));
