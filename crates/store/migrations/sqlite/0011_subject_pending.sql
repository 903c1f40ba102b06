-- A subject registered or amended is `pending` until it has been screened (issue 11). It is
-- written in the transaction that registers it (for a request's parties: the transaction that
-- creates or amends the request), and cleared once a screening of it has been recorded, so a
-- crash between the two leaves a mark that the next sweep (`Engine::screen_pending`) finds,
-- instead of a party that is silently never screened.
ALTER TABLE watch_subjects ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
CREATE INDEX watch_subjects_pending ON watch_subjects (pending, id);
