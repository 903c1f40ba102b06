-- Exemption requests and the hash-chained audit log (issue 5). See the SQLite migration for
-- the design; the tables are the same.
CREATE TABLE requests (
    reference TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    ground TEXT NOT NULL,
    regime TEXT,
    destination TEXT,
    status TEXT NOT NULL,
    phase TEXT NOT NULL,
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX requests_phase ON requests (phase);

CREATE TABLE audit_events (
    seq BIGINT PRIMARY KEY,
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

CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

CREATE TABLE audit_head (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
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
