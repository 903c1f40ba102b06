-- Accounts of the service (issue 10): who may call the API and in which role.
-- The token is shown once at creation and stored only as its SHA-256. Accounts are never
-- deleted: a revoked account keeps its row (and its name in the audit log).
CREATE TABLE accounts (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    state TEXT,
    submitter TEXT,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
