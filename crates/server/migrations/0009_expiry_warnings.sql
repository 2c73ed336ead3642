-- The in-app warning that an earning is about to expire (issue 21's points_expiring): set
-- by the one conditional update that decides to warn, so two instances never warn twice.
ALTER TABLE loyalty_entries ADD COLUMN expiry_warned_at BIGINT;
