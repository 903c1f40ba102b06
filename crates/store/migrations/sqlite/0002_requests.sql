-- Exemption requests and the hash-chained audit log (issue 5).
--
-- `requests` holds the current state of each case (JSON of the domain `Case`) with a version
-- for optimistic concurrency; `audit_events` is the append-only log, one row per event,
-- chained by hash (`prev_hash` of event n+1 = `hash` of event n); `audit_head` is a single row
-- that every command transaction updates first (serialising writers, so the chain's tail is
-- read and extended under the same lock) and that records the last seq and hash, so that a
-- truncated tail is detected. `idempotency` remembers the outcome of each keyed command.
CREATE TABLE requests (
    reference TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    ground TEXT NOT NULL,
    regime TEXT,
    destination TEXT,
    status TEXT NOT NULL,
    phase TEXT NOT NULL,
    state TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX requests_phase ON requests (phase);

CREATE TABLE audit_events (
    seq INTEGER PRIMARY KEY,
    case_ref TEXT NOT NULL,
    kind TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    data TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);

CREATE INDEX audit_events_case ON audit_events (case_ref, seq);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL,
    touched_at TEXT NOT NULL
);

INSERT INTO audit_head (id, seq, hash, touched_at)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', '');

CREATE TABLE idempotency (
    key TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    reference TEXT NOT NULL,
    response TEXT NOT NULL,
    created_at TEXT NOT NULL
);
