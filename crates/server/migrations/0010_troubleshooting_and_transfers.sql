-- Issue 25: what the troubleshooter found, and devices passed from one owner to another.

-- The symptom a replacement request names (one of the troubleshooter's fault codes);
-- NULL for requests from before codes, read as 'other'.
ALTER TABLE guarantee_requests ADD COLUMN fault_code TEXT;

-- One finished troubleshooting session: no personal data, only the device's model (the
-- statistics are by model) and whether it ended solved or in a replacement request.
-- The id is the phone's, so a session sent twice is counted once.
--   outcome: solved, replacement
CREATE TABLE troubleshooting_sessions (
    id          TEXT PRIMARY KEY,
    model       TEXT NOT NULL,
    fault_code  TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    steps       BIGINT NOT NULL,
    finished_at BIGINT NOT NULL
);
CREATE INDEX troubleshooting_sessions_by_model ON troubleshooting_sessions (model, fault_code);

-- A would-be owner asking for a registered device. `owner_id` is who owned it when asked
-- (the only one who may answer); the requester never learns who that is.
--   status: pending, escalated (14 days unanswered: support decides), accepted, declined,
--   cancelled (the device left the owner another way, or an account was erased)
--   decided_by: 'owner', or the staff member's id
CREATE TABLE device_transfers (
    id            TEXT PRIMARY KEY,
    device_id     TEXT NOT NULL REFERENCES devices (device_id),
    requester_id  TEXT REFERENCES accounts (id),
    owner_id      TEXT REFERENCES accounts (id),
    status        TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    decided_by    TEXT,
    reason        TEXT
);
-- One open request per device: a second one loses here even when both arrive at once.
CREATE UNIQUE INDEX device_transfers_one_open ON device_transfers (device_id)
    WHERE status IN ('pending', 'escalated');
CREATE INDEX device_transfers_by_status ON device_transfers (status, created_at);
CREATE INDEX device_transfers_by_requester ON device_transfers (requester_id);
CREATE INDEX device_transfers_by_owner ON device_transfers (owner_id);
