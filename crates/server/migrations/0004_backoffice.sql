-- The brand's side (issue 12): support requests are answered and closed; replacement
-- requests carry the carrier's tracking number or the reason for a refusal; every
-- back-office action is kept in an append-only audit log.
ALTER TABLE support_requests ADD COLUMN status TEXT NOT NULL DEFAULT 'open';
ALTER TABLE support_requests ADD COLUMN closed_at BIGINT;
CREATE INDEX support_requests_by_status ON support_requests (status, created_at);

ALTER TABLE guarantee_requests ADD COLUMN tracking_number TEXT;
ALTER TABLE guarantee_requests ADD COLUMN rejection_reason TEXT;

-- Who did what, when, from where, on which account or record. `detail` never holds
-- personal data (the kind of lookup, a status change), so erasure leaves it.
CREATE TABLE audit_log (
    id         TEXT PRIMARY KEY,
    at         BIGINT NOT NULL,
    actor_id   TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    action     TEXT NOT NULL,
    account_id TEXT,
    target_id  TEXT,
    client     TEXT NOT NULL,
    detail     TEXT NOT NULL
);
CREATE INDEX audit_log_by_time ON audit_log (at);

-- Collection points loaded from operations' CSV: the postal code and town on their own,
-- and whether a point is offered. A point taken out of service stays for the requests
-- that already name it.
ALTER TABLE collection_points ADD COLUMN postal_code TEXT;
ALTER TABLE collection_points ADD COLUMN city TEXT;
ALTER TABLE collection_points ADD COLUMN active BIGINT NOT NULL DEFAULT 1;

-- A disabled staff account cannot log in and its sessions have ended.
ALTER TABLE accounts ADD COLUMN disabled_at BIGINT;
