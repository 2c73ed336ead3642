-- Which cached rows each outbox entry touches (issue 20): while one does, pages of the
-- change feed leave that row as the customer made it and keep the server's version aside
-- in deferred_changes, applied if the server refuses the change (the latest one per row).
CREATE TABLE outbox_rows (
    seq     INTEGER NOT NULL REFERENCES outbox (seq) ON DELETE CASCADE,
    row_key TEXT NOT NULL,
    PRIMARY KEY (seq, row_key)
);
CREATE INDEX outbox_rows_by_row ON outbox_rows (row_key);

CREATE TABLE deferred_changes (
    row_key TEXT PRIMARY KEY,
    change  TEXT NOT NULL
);
