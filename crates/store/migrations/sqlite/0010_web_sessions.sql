-- Sessions of the web interface (issue 12): a signed-in browser holds a random secret in a
-- cookie; the store keeps only its SHA-256, the account, the CSRF token of its forms and the
-- expiry (Unix seconds), so several servers over one PostgreSQL share the sessions and a
-- revoked account's sessions stop working at once (the account is joined on every read).
-- Sessions are authentication state, not a record of the procedure: they carry no audit
-- event, like the API's rate-limit counters; signing out deletes the row.
CREATE TABLE web_sessions (
    secret_hash TEXT PRIMARY KEY,
    account TEXT NOT NULL REFERENCES accounts (name),
    csrf TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);
