-- Webhooks (issue 11): who is told of which events, and every delivery, stored in the
-- transaction of the change that caused it (before it is sent), so a restart loses none.
-- Times are milliseconds since the epoch from the store's clock.
CREATE TABLE webhooks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL,
    events TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    revoked_at TEXT
);

CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    hook_id INTEGER NOT NULL REFERENCES webhooks(id),
    event TEXT NOT NULL,
    body TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms BIGINT NOT NULL,
    lease_until_ms BIGINT,
    delivered_ms BIGINT,
    last_status INTEGER,
    last_error TEXT
);

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_ms);
