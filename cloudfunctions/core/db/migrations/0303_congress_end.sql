-- 闭幕: the chair ends a congress once no vote is open; after that nothing can be opened (congress.end).
ALTER TABLE congresses ADD COLUMN ended_at timestamptz;
-- a congress ended before this column existed: its end time is unknown, take its last vote's close
UPDATE congresses c SET ended_at = COALESCE((SELECT max(v.closed_at) FROM congress_votes v WHERE v.congress_id = c.id), c.created_at)
WHERE c.status = 'ended';
ALTER TABLE congresses ADD CONSTRAINT congresses_ended_at CHECK ((status = 'ended') = (ended_at IS NOT NULL));
