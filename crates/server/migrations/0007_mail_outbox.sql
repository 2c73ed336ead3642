-- Messages that arrive (issue 21): the durable mail outbox, the customer's language and
-- the in-app notifications. One migration for all three so that no other branch's
-- number is taken.

-- Every email the server sends is first a row here, written in the same transaction as
-- the change that causes it; a worker in each `serve` process delivers it. A row is
-- claimed by one conditional UPDATE (status 'pending' and due, or 'sending' with its
-- lease run out), so two instances never send it twice; a process killed mid-send leaves
-- a 'sending' row whose lease expires and another run takes it again.
--   status: pending, sending, sent, failed
--   params: the template's values as JSON text (a one-time code included until the row
--           is sent: then it is emptied)
--   account_id: the recipient's account when there is one (erasure deletes its rows)
CREATE TABLE mail_outbox (
    id              TEXT PRIMARY KEY,
    account_id      TEXT,
    recipient       TEXT NOT NULL,
    template        TEXT NOT NULL,
    language        TEXT NOT NULL,
    params          TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending',
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    locked_until    BIGINT,
    last_error      TEXT,
    message_id      TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    sent_at         BIGINT
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
CREATE INDEX mail_outbox_by_account ON mail_outbox (account_id);

-- The language of the account's emails and notifications: 'pt' (pt-PT) or 'en'.
ALTER TABLE accounts ADD COLUMN language TEXT NOT NULL DEFAULT 'pt';

-- What the app's inbox shows. The app renders each from its kind and params in the
-- language it shows at the time; `channels` says where else it goes (today 'app' only;
-- a push sender added later reads the rows whose channels include 'push').
--   kind: replacement_status, support_reply, …
CREATE TABLE notifications (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts (id),
    kind        TEXT NOT NULL,
    subject_id  TEXT,
    params      TEXT NOT NULL,
    channels    TEXT NOT NULL DEFAULT 'app',
    created_at  BIGINT NOT NULL,
    read_at     BIGINT
);
CREATE INDEX notifications_by_account ON notifications (account_id, created_at);
