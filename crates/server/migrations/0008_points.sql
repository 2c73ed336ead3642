-- Points customers can trust (issue 22): pending and expiring points, missing-points
-- claims, receipts recorded without a member code, goodwill grants.

-- Ledger entries: `status` pending (shown, not spendable) or posted (in the balance);
-- `available_on` when pending points post; `expires_on` when what is left of an earning
-- expires; `remaining` what is left of an earning (spending takes from the oldest first);
-- `expired_points` what left it at expiry (set by the one statement that expires it, so
-- two instances cannot both expire it).
ALTER TABLE loyalty_entries ADD COLUMN status TEXT NOT NULL DEFAULT 'posted';
ALTER TABLE loyalty_entries ADD COLUMN available_on BIGINT;
ALTER TABLE loyalty_entries ADD COLUMN expires_on BIGINT;
ALTER TABLE loyalty_entries ADD COLUMN remaining BIGINT NOT NULL DEFAULT 0 CHECK (remaining >= 0);
ALTER TABLE loyalty_entries ADD COLUMN expired_points BIGINT;

-- Existing entries are posted and never expire; what is left of each earning is found by
-- spending the account's spent points on its earnings oldest first, so the remaining
-- points add up to the balance.
UPDATE loyalty_entries SET remaining = CASE
    WHEN (SELECT SUM(e.points) FROM loyalty_entries e
          WHERE e.account_id = loyalty_entries.account_id AND e.points > 0 AND e.entry_no <= loyalty_entries.entry_no)
       - (SELECT COALESCE(-SUM(s.points), 0) FROM loyalty_entries s
          WHERE s.account_id = loyalty_entries.account_id AND s.points < 0) <= 0 THEN 0
    WHEN (SELECT SUM(e.points) FROM loyalty_entries e
          WHERE e.account_id = loyalty_entries.account_id AND e.points > 0 AND e.entry_no <= loyalty_entries.entry_no)
       - (SELECT COALESCE(-SUM(s.points), 0) FROM loyalty_entries s
          WHERE s.account_id = loyalty_entries.account_id AND s.points < 0) >= points THEN points
    ELSE (SELECT SUM(e.points) FROM loyalty_entries e
          WHERE e.account_id = loyalty_entries.account_id AND e.points > 0 AND e.entry_no <= loyalty_entries.entry_no)
       - (SELECT COALESCE(-SUM(s.points), 0) FROM loyalty_entries s
          WHERE s.account_id = loyalty_entries.account_id AND s.points < 0)
    END
WHERE points > 0;

CREATE INDEX loyalty_entries_due_to_post ON loyalty_entries (status, available_on);
CREATE INDEX loyalty_entries_due_to_expire ON loyalty_entries (expires_on);
CREATE INDEX loyalty_entries_outlook ON loyalty_entries (account_id, status, expires_on);

-- Receipts are matched ignoring case and surrounding spaces (`receipt_key` in the domain).
ALTER TABLE purchases ADD COLUMN shop_key TEXT;
ALTER TABLE purchases ADD COLUMN receipt_key TEXT;
UPDATE purchases SET shop_key = LOWER(TRIM(shop)), receipt_key = LOWER(TRIM(receipt_reference));
CREATE INDEX purchases_by_key ON purchases (shop_key, receipt_key);

-- Purchases recorded at the till without a member code: their points wait for a claim.
-- `claim_id` is set once, by the claim they credit.
CREATE TABLE unclaimed_receipts (
    shop              TEXT NOT NULL,
    receipt_reference TEXT NOT NULL,
    shop_key          TEXT NOT NULL,
    receipt_key       TEXT NOT NULL,
    staff_id          TEXT NOT NULL REFERENCES accounts (id),
    amount_cents      BIGINT NOT NULL,
    created_at        BIGINT NOT NULL,
    claim_id          TEXT,
    PRIMARY KEY (shop, receipt_reference)
);
CREATE UNIQUE INDEX unclaimed_receipts_by_key ON unclaimed_receipts (shop_key, receipt_key);

-- Missing-points claims. One receipt is claimed once unless the claim was rejected: a
-- partial unique index, so two claims filed at once cannot both be open.
CREATE TABLE points_claims (
    id                TEXT PRIMARY KEY,
    account_id        TEXT NOT NULL REFERENCES accounts (id),
    reference         TEXT NOT NULL UNIQUE,
    shop              TEXT NOT NULL,
    receipt_reference TEXT NOT NULL,
    shop_key          TEXT NOT NULL,
    receipt_key       TEXT NOT NULL,
    purchased_on      TEXT NOT NULL,
    amount_cents      BIGINT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'open',
    points            BIGINT,
    reason            TEXT,
    entry_id          TEXT,
    created_at        BIGINT NOT NULL,
    decided_at        BIGINT
);
CREATE UNIQUE INDEX points_claims_one_per_receipt ON points_claims (shop_key, receipt_key)
    WHERE status <> 'rejected';
CREATE INDEX points_claims_by_account ON points_claims (account_id, created_at);
CREATE INDEX points_claims_by_status ON points_claims (status, created_at);

-- Goodwill points granted by support, summed per agent against a daily cap.
CREATE TABLE goodwill_grants (
    entry_id   TEXT PRIMARY KEY REFERENCES loyalty_entries (id),
    staff_id   TEXT NOT NULL REFERENCES accounts (id),
    account_id TEXT NOT NULL REFERENCES accounts (id),
    points     BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX goodwill_grants_by_staff ON goodwill_grants (staff_id, created_at);
