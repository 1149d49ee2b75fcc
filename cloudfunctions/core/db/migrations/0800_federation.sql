-- Federation overview (数据驾驶舱): figures of every union node over its whole subtree, rebuilt by a refresh
-- (core/federation/rollup.ts) that a timer runs and a read runs when the figures are older than the freshness
-- limit. An overview then reads one node's rows instead of counting a province's members on every call.

-- One figure of a node's subtree (the node included): metric names in core/federation/metrics.ts.
CREATE TABLE federation_stats (
  union_id uuid NOT NULL REFERENCES unions(id) ON DELETE CASCADE,
  metric text NOT NULL,
  value bigint NOT NULL,
  PRIMARY KEY (union_id, metric)
);

-- Monthly trend figures of a node's subtree (first day of the month, Asia/Shanghai).
CREATE TABLE federation_monthly (
  union_id uuid NOT NULL REFERENCES unions(id) ON DELETE CASCADE,
  month date NOT NULL,
  metric text NOT NULL,
  value bigint NOT NULL,
  PRIMARY KEY (union_id, metric, month)
);

-- When the figures were last rebuilt (one row): the overview shows it as 数据截至.
CREATE TABLE federation_refreshes (
  id int PRIMARY KEY CHECK (id = 1),
  refreshed_at timestamptz NOT NULL,
  year_start timestamptz NOT NULL,
  duration_ms int NOT NULL
);

-- The refresh and the directory read these: the tree path prefix by level (children of a node for league
-- tables), a union's members by member-number prefix / join time, a member's roster row (department).
CREATE INDEX unions_level_path ON unions (level, path text_pattern_ops);
-- byte order (member numbers are ASCII): serves both the directory's order and its member-number prefix search
CREATE INDEX members_union_member_no ON members (union_id, (member_no COLLATE "C"));
-- a member's detail follows the chain of memberships both ways and reads its applications
CREATE INDEX members_previous ON members (previous_member_id) WHERE previous_member_id IS NOT NULL;
CREATE INDEX applications_member ON applications (member_id) WHERE member_id IS NOT NULL;
CREATE INDEX members_union_joined ON members (union_id, joined_at);
CREATE INDEX roster_entries_union_person ON roster_entries (union_id, matched_person_id) WHERE matched_person_id IS NOT NULL;
