-- Imports in short transactions (issue 9): a version is written in batches while `complete = 0`
-- (never current, never listed), then completed and made current in one short transaction.
-- `heartbeat` (Unix seconds) is refreshed with every batch, so a version left behind by a killed
-- import is recognised as abandoned and removed by a later import. Existing rows are complete.
ALTER TABLE list_versions ADD COLUMN complete BIGINT NOT NULL DEFAULT 1;
ALTER TABLE list_versions ADD COLUMN heartbeat BIGINT;
