-- List versions and their designations (issue 3).
-- A version is written with is_current = 0 inside the import transaction and only marked current
-- (and the previous current version of that source unmarked) once every designation is stored.
CREATE TABLE list_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL,
    format TEXT NOT NULL,
    published TEXT,
    imported_at TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    file_name TEXT,
    records INTEGER NOT NULL,
    aliases INTEGER NOT NULL,
    kinds TEXT NOT NULL,
    is_current INTEGER NOT NULL DEFAULT 0,
    UNIQUE (source, sha256)
);

CREATE INDEX list_versions_current ON list_versions (source, is_current);

CREATE TABLE list_designations (
    version_id INTEGER NOT NULL REFERENCES list_versions (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    reference TEXT NOT NULL,
    kind TEXT NOT NULL,
    primary_name TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (version_id, seq)
);

CREATE INDEX list_designations_reference ON list_designations (version_id, reference);
