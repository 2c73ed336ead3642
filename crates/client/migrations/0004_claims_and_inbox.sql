-- The wallet's missing-points claims and the in-app inbox (issues 21, 22). Claims filed on
-- the phone wait here (sync_state pending, a local id) until the server's record replaces
-- them; notifications are the server's, with the read time the customer gave (kept while
-- the read waits in the outbox).
CREATE TABLE points_claims (
    id         TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    data       TEXT NOT NULL,
    sync_state TEXT NOT NULL
);

CREATE TABLE notifications (
    id         TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    data       TEXT NOT NULL,
    unread     INTEGER NOT NULL
);
CREATE INDEX notifications_newest ON notifications (created_at DESC);

-- Claims synced before this table existed were kept in sync_meta as the server sent them.
INSERT INTO points_claims (id, created_at, data, sync_state)
    SELECT json_extract(value, '$.id'),
           CAST(strftime('%s', json_extract(value, '$.created_at')) AS INTEGER) * 1000,
           value, 'synced'
    FROM sync_meta WHERE key LIKE 'points_claim:%';
DELETE FROM sync_meta WHERE key LIKE 'points_claim:%';
