-- Staff at ASVS level 2 (issue 18): a TOTP factor for every staff role that sees
-- customers' data, the short-lived challenges between the password and the code, and
-- audit look-ups by customer and by staff member that stay fast however long the log is.

-- One factor per staff account. `confirmed_at` is set by the first code accepted from it
-- (until then a log-in shows the enrolment again, with a new secret); `last_step` is the
-- newest 30-second step whose code was accepted, so a code is never accepted twice, on
-- any instance.
CREATE TABLE staff_factors (
    account_id   TEXT PRIMARY KEY,
    secret       TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    confirmed_at BIGINT,
    last_step    BIGINT
);

-- Between a right password and a right code: a single-use token (stored hashed) that
-- lives a few minutes and dies after a few wrong codes.
CREATE TABLE mfa_challenges (
    token_hash   TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    failures     BIGINT NOT NULL DEFAULT 0,
    used_at      BIGINT,
    device_token TEXT,
    client       TEXT NOT NULL
);
CREATE INDEX mfa_challenges_by_account ON mfa_challenges (account_id);

CREATE INDEX audit_log_by_account ON audit_log (account_id, at);
CREATE INDEX audit_log_by_actor ON audit_log (actor_id, at);
