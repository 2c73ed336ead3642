-- The account API's schema. One dialect for SQLite and PostgreSQL: only TEXT, BIGINT and
-- DOUBLE PRECISION columns (the sqlx Any driver maps exactly these), timestamps as Unix
-- milliseconds, dates as 'YYYY-MM-DD', identifiers as UUID text. No auto-increment:
-- sequences that need an order are per-account counters on the account row, taken under
-- that row's write lock, so they commit in order and the sync cursor never skips.

CREATE TABLE accounts (
    id                TEXT PRIMARY KEY,
    -- Personal data: NULL once the account is erased.
    email             TEXT UNIQUE,
    password_hash     TEXT,            -- NULL also for an assisted sign-up not yet activated
    given_name        TEXT,
    family_name       TEXT,
    birth_date        TEXT,
    member_code       TEXT UNIQUE,
    -- Anonymous facts kept for integrity.
    country           TEXT NOT NULL,
    role              TEXT NOT NULL DEFAULT 'customer',
    marketing_opt_in  BIGINT NOT NULL DEFAULT 0,
    terms_accepted_at BIGINT,
    balance           BIGINT NOT NULL DEFAULT 0 CHECK (balance >= 0),
    lifetime_points   BIGINT NOT NULL DEFAULT 0,
    ledger_count      BIGINT NOT NULL DEFAULT 0,
    change_seq        BIGINT NOT NULL DEFAULT 0,
    created_at        BIGINT NOT NULL,
    erased_at         BIGINT
);

-- A signed-in phone. Its refresh tokens form one family: reuse of a spent one revokes it.
CREATE TABLE sessions (
    id                TEXT PRIMARY KEY,
    account_id        TEXT NOT NULL REFERENCES accounts (id),
    access_token_hash TEXT NOT NULL UNIQUE,
    access_expires_at BIGINT NOT NULL,
    created_at        BIGINT NOT NULL,
    revoked_at        BIGINT
);
CREATE INDEX sessions_by_account ON sessions (account_id);

CREATE TABLE refresh_tokens (
    token_hash  TEXT PRIMARY KEY,
    session_id  TEXT NOT NULL REFERENCES sessions (id),
    issued_at   BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT,
    replaced_by TEXT
);
CREATE INDEX refresh_tokens_by_session ON refresh_tokens (session_id);

-- Single-use codes: password resets and assisted sign-up invitations. Stored hashed.
CREATE TABLE one_time_codes (
    code_hash  TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    purpose    TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX one_time_codes_by_account ON one_time_codes (account_id);

-- The manufacturer's catalog and, for registered devices, the current owner.
-- first_registered_on and bonus_granted_at survive release and account erasure: they
-- carry the guarantee start and the once-per-device bonus.
CREATE TABLE devices (
    device_id           TEXT PRIMARY KEY,
    model               TEXT NOT NULL,
    manufactured_on     TEXT NOT NULL,
    owner_id            TEXT REFERENCES accounts (id),
    registered_at       BIGINT,
    source              TEXT,
    first_registered_on TEXT,
    bonus_granted_at    BIGINT
);
CREATE INDEX devices_by_owner ON devices (owner_id);

-- Append-only points ledger. entry_no orders an account's entries.
CREATE TABLE loyalty_entries (
    id            TEXT PRIMARY KEY,
    account_id    TEXT NOT NULL REFERENCES accounts (id),
    entry_no      BIGINT NOT NULL,
    points        BIGINT NOT NULL,
    kind          TEXT NOT NULL,
    description   TEXT NOT NULL,
    balance_after BIGINT NOT NULL CHECK (balance_after >= 0),
    created_at    BIGINT NOT NULL,
    UNIQUE (account_id, entry_no)
);

-- In-store purchases; one receipt earns points once.
CREATE TABLE purchases (
    receipt_reference TEXT PRIMARY KEY,
    account_id        TEXT NOT NULL REFERENCES accounts (id),
    entry_id          TEXT NOT NULL REFERENCES loyalty_entries (id),
    staff_id          TEXT NOT NULL REFERENCES accounts (id),
    amount_cents      BIGINT NOT NULL,
    created_at        BIGINT NOT NULL
);

CREATE TABLE rewards (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    description TEXT NOT NULL,
    category    TEXT NOT NULL,
    cost_points BIGINT NOT NULL CHECK (cost_points > 0),
    active      BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE redemptions (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts (id),
    reward_id    TEXT NOT NULL REFERENCES rewards (id),
    reward_name  TEXT NOT NULL,
    voucher_code TEXT NOT NULL UNIQUE,
    points       BIGINT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX redemptions_by_account ON redemptions (account_id);

CREATE TABLE collection_points (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    address       TEXT NOT NULL,
    latitude      DOUBLE PRECISION NOT NULL,
    longitude     DOUBLE PRECISION NOT NULL,
    opening_hours TEXT NOT NULL
);

CREATE TABLE guarantee_requests (
    id                  TEXT PRIMARY KEY,
    account_id          TEXT NOT NULL REFERENCES accounts (id),
    device_id           TEXT NOT NULL REFERENCES devices (device_id),
    fault_description   TEXT,
    delivery_json       TEXT,
    status              TEXT NOT NULL,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);
CREATE INDEX guarantee_requests_by_account ON guarantee_requests (account_id);
-- One open request per device, even when two arrive at once.
CREATE UNIQUE INDEX guarantee_requests_one_open_per_device ON guarantee_requests (device_id)
    WHERE status NOT IN ('completed', 'rejected', 'cancelled');

CREATE TABLE support_requests (
    id            TEXT PRIMARY KEY,
    reference     TEXT NOT NULL UNIQUE,
    account_id    TEXT REFERENCES accounts (id),
    topic         TEXT NOT NULL,
    message       TEXT NOT NULL,
    device_id     TEXT,
    contact_email TEXT,
    created_at    BIGINT NOT NULL
);
CREATE INDEX support_requests_by_account ON support_requests (account_id);

-- First answers of requests sent with an Idempotency-Key, per caller.
CREATE TABLE idempotency (
    scope        TEXT NOT NULL,
    idem_key     TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status_code  BIGINT,
    body         TEXT,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (scope, idem_key)
);

-- The sync feed: the latest change of each entity of an account, stamped with the
-- account's change_seq. A newer change of the same entity replaces the row, so a first
-- sync sends each entity once.
CREATE TABLE changes (
    account_id TEXT NOT NULL REFERENCES accounts (id),
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    seq        BIGINT NOT NULL,
    op         TEXT NOT NULL,
    data       TEXT,
    PRIMARY KEY (account_id, entity, entity_id)
);
CREATE INDEX changes_by_seq ON changes (account_id, seq);
