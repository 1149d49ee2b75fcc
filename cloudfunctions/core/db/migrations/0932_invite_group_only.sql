-- Invites limited to the WeCom group they were shared into (仅限本群; core/membership/group-invite.ts). The officer
-- shares a 私密消息 card (wx.qy.setShareAttr withShareTicket, state = the invite code); a joiner's client hands
-- the card's encrypted share info with a fresh login code; the first join binds the invite to that group.
ALTER TABLE invites ADD COLUMN group_only boolean NOT NULL DEFAULT false;
-- The group's id as WeCom gives it (opengid), bound by the first join through the card; null until then.
ALTER TABLE invites ADD COLUMN group_id text;
