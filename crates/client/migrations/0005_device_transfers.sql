-- Device transfers (issue 25), both directions: asked of this customer (incoming, they
-- decide) and asked by them (outgoing). A request asked on the phone waits here under a
-- local id (sync_state pending) until the server's record replaces it; a decision made
-- offline shows at once (pending) and keeps the transfer as it was in `data` until sent.
CREATE TABLE device_transfers (
    id         TEXT PRIMARY KEY,
    device_id  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    data       TEXT NOT NULL,
    sync_state TEXT NOT NULL
);
CREATE INDEX device_transfers_newest ON device_transfers (created_at DESC);
