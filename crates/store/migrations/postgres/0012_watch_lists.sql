-- The list version that the watched subjects were last re-screened against, per list
-- (issue 11). An import makes a version current first and re-screens after; if the process
-- dies in between (or an import is made without re-screening), the mark stays behind the
-- current version and the next catch-up (`Engine::catch_up`, run by `serve` on every index
-- poll) re-screens from the mark: a list update is never left un-screened.
CREATE TABLE watch_lists (
    source TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    screened_at TEXT NOT NULL
);
