-- The phone's database: a cache of what the server holds (entities as their wire JSON, plus
-- the columns screens sort and filter on), the outbox of changes not yet accepted by the
-- server, the sync cursor, and notices for the customer.
--
-- Times are Unix milliseconds (they sort). sync_state: 'synced' (as the server has it), or a pending local change:
-- 'pending_register', 'pending_release', 'pending' (created locally, not yet accepted).

CREATE TABLE account (
    id   TEXT PRIMARY KEY,
    data TEXT NOT NULL
);

CREATE TABLE devices (
    device_id     TEXT PRIMARY KEY,
    registered_at INTEGER NOT NULL,
    data          TEXT,            -- NULL while a registration waits: the model is unknown
    sync_state    TEXT NOT NULL DEFAULT 'synced'
);

CREATE TABLE loyalty_entries (
    id         TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    data       TEXT NOT NULL
);
CREATE INDEX loyalty_entries_newest ON loyalty_entries (created_at DESC);

CREATE TABLE rewards (
    id          TEXT PRIMARY KEY,
    category    TEXT NOT NULL,
    cost_points INTEGER NOT NULL,
    data        TEXT NOT NULL
);

CREATE TABLE redemptions (
    id          TEXT PRIMARY KEY,
    created_at  INTEGER NOT NULL,
    reward_id   TEXT NOT NULL,
    points      INTEGER NOT NULL,
    data        TEXT,              -- NULL while pending: no voucher code yet
    sync_state  TEXT NOT NULL DEFAULT 'synced'
);

CREATE TABLE guarantee_requests (
    id         TEXT PRIMARY KEY,
    device_id  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    data       TEXT NOT NULL,
    sync_state TEXT NOT NULL DEFAULT 'synced'
);

CREATE TABLE collection_points (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    data TEXT NOT NULL
);

CREATE TABLE support_requests (
    id         TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    topic      TEXT NOT NULL,
    reference  TEXT,               -- known once the server accepted it
    sync_state TEXT NOT NULL DEFAULT 'pending'
);

-- Changes waiting for the server, in the order the customer made them. The idempotency
-- key is fixed when the change is made, so a retry after any failure or crash is the same
-- request to the server.
CREATE TABLE outbox (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    idem_key   TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);

CREATE TABLE sync_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Messages for the customer, e.g. a change the server refused.
CREATE TABLE notices (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at INTEGER NOT NULL,
    code       TEXT NOT NULL,
    message    TEXT NOT NULL,
    subject    TEXT,
    seen       INTEGER NOT NULL DEFAULT 0
);
