-- Reward names and descriptions in other languages than Portuguese, as a JSON object
-- {"en": {"name": …, "description": …}}; NULL when there are none.
ALTER TABLE rewards ADD COLUMN translations_json TEXT;
