-- Scale-out (issue 15): jobs dispatched through NATS JetStream and their results. JetStream
-- delivers at least once, so a result is keyed by its deterministic id (the job, which names
-- the list versions it is screened against, and the chunk) and written with
-- ON CONFLICT DO NOTHING: a redelivered chunk changes nothing. Times are milliseconds since
-- the epoch from the store's clock.
CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    versions TEXT NOT NULL,
    params TEXT NOT NULL,
    created_ms BIGINT NOT NULL
);

CREATE TABLE job_results (
    job_id TEXT NOT NULL REFERENCES jobs(id),
    chunk BIGINT NOT NULL,
    versions TEXT NOT NULL,
    worker TEXT NOT NULL,
    rows BIGINT NOT NULL,
    hits BIGINT NOT NULL,
    result TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    PRIMARY KEY (job_id, chunk)
);

-- Each worker's last heartbeat and the list versions of the snapshot it screens with.
CREATE TABLE job_workers (
    name TEXT PRIMARY KEY,
    versions TEXT NOT NULL,
    seen_ms BIGINT NOT NULL
);
