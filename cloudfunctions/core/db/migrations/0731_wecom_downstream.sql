-- 上下游: the agent id of the federation's app as shared into an enterprise corp (corpgroup/corp/gettoken needs it).
-- NULL: the corp signs in with its own self-built app (its sealed secret), not through the federation's.
ALTER TABLE wecom_corps ADD COLUMN agent_id text CHECK (agent_id ~ '^[0-9]{1,12}$');
