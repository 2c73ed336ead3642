-- The history is read newest first with ties broken by insertion order
-- (ORDER BY created_at DESC, rowid DESC). An index on created_at DESC cannot deliver that
-- order (its rowids run ascending) and made SQLite sort every tied row; a plain ascending
-- index read backwards delivers exactly (created_at DESC, rowid DESC).
DROP INDEX loyalty_entries_newest;
CREATE INDEX loyalty_entries_by_time ON loyalty_entries (created_at);
