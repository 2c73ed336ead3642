-- Throttle counters shared by every instance of the API (issue 9): one row per bucket
-- (a key space and a key, e.g. 'login_email:ana@mail.pt'), counting hits in a fixed
-- window. One upsert both counts an attempt and reads the count, so parallel requests
-- cannot slip past the limit between a check and a record.
CREATE TABLE throttle (
    bucket       TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    hits         BIGINT NOT NULL
);
CREATE INDEX throttle_by_window ON throttle (window_start);

-- Whose personal data a saved idempotent answer holds (the caller, or the customer an
-- assisted sign-up created), so that erasure can blank it; and the age of saved answers,
-- purged after a day.
ALTER TABLE idempotency ADD COLUMN account_id TEXT;
CREATE INDEX idempotency_by_account ON idempotency (account_id);
CREATE INDEX idempotency_by_created ON idempotency (created_at);
