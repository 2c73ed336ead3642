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

-- A sales assistant belongs to a shop; a receipt reference earns points once per shop
-- (two shops' tills may print the same number), and the awards an assistant made in the
-- last day are summed against a daily cap.
ALTER TABLE accounts ADD COLUMN shop TEXT;
CREATE TABLE purchases_per_shop (
    shop              TEXT NOT NULL,
    receipt_reference TEXT NOT NULL,
    account_id        TEXT NOT NULL REFERENCES accounts (id),
    entry_id          TEXT NOT NULL REFERENCES loyalty_entries (id),
    staff_id          TEXT NOT NULL REFERENCES accounts (id),
    amount_cents      BIGINT NOT NULL,
    created_at        BIGINT NOT NULL,
    PRIMARY KEY (shop, receipt_reference)
);
INSERT INTO purchases_per_shop (shop, receipt_reference, account_id, entry_id, staff_id, amount_cents, created_at)
    SELECT 'main', receipt_reference, account_id, entry_id, staff_id, amount_cents, created_at FROM purchases;
DROP TABLE purchases;
ALTER TABLE purchases_per_shop RENAME TO purchases;
CREATE INDEX purchases_by_staff ON purchases (staff_id, created_at);

-- Sessions the customer can review and end: when each was last used (sign-in or token
-- renewal) and a coarse description of the client it came from.
ALTER TABLE sessions ADD COLUMN last_used_at BIGINT;
ALTER TABLE sessions ADD COLUMN client TEXT;

-- Devices that have signed in to an account before (OWASP's "device cookies"): while the
-- account is locked by failed log-ins from elsewhere, such a device still gets its own
-- few tries, so an attacker who locks a known email out cannot lock its owner out.
CREATE TABLE login_devices (
    token_hash   TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts (id),
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT NOT NULL
);
CREATE INDEX login_devices_by_account ON login_devices (account_id);
