-- Continuous screening (issue 11): watched subjects, decisions on their hits, and alerts.
-- Every change is written with an audit event (case `@watch`) in the same transaction.
-- Subjects are never deleted: removal stamps `removed_at` (the id stays taken).
CREATE TABLE watch_subjects (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    aliases TEXT NOT NULL,          -- JSON array of strings
    birth_date TEXT,
    nationality TEXT,
    documents TEXT NOT NULL,        -- JSON array of strings
    origin TEXT NOT NULL,           -- `watch` or `request:REF#party`
    created_at TEXT NOT NULL,
    removed_at TEXT
);

-- A decision on a hit: keyed by subject, record (`source:reference`) and the fingerprint of the
-- record's identifying content when it was decided. The latest decision of a pair counts.
CREATE TABLE watch_decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    subject_id TEXT NOT NULL REFERENCES watch_subjects (id),
    record_id TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    identity TEXT NOT NULL,         -- JSON: the identifying content the fingerprint hashes
    outcome TEXT NOT NULL CHECK (outcome IN ('confirmed', 'cleared', 'escalated')),
    reason TEXT NOT NULL,
    actor TEXT NOT NULL,
    alert_id INTEGER,
    decided_at TEXT NOT NULL
);

CREATE INDEX watch_decisions_pair ON watch_decisions (subject_id, record_id, id);

CREATE TABLE watch_alerts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    subject_id TEXT NOT NULL REFERENCES watch_subjects (id),
    record_id TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    identity TEXT NOT NULL,         -- JSON: the record's identifying content when raised
    score REAL NOT NULL,
    hit TEXT NOT NULL,              -- JSON: listed name, matched name, explanation
    list_version INTEGER NOT NULL,  -- the version of the record's list that raised it
    lists TEXT NOT NULL,            -- JSON: every list version screened against
    change TEXT NOT NULL,           -- what raised it (`new record`, `record changed: …`, …)
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    raised_at TEXT NOT NULL,
    closed_at TEXT,
    closed_reason TEXT
);

-- At most one open alert per subject and record.
CREATE UNIQUE INDEX watch_alerts_one_open ON watch_alerts (subject_id, record_id) WHERE status = 'open';
CREATE INDEX watch_alerts_status ON watch_alerts (status, record_id);
CREATE INDEX watch_alerts_pair ON watch_alerts (subject_id, record_id);
