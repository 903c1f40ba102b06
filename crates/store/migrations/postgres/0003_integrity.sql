-- Integrity of the record (issue 9).
--
-- Each audit event now records when it was written, from the database's own clock
-- (`recorded_at`, beside the procedure time `at`), and the last event of each command records
-- the command as the state machine applied it and the hash of the state it produced, so
-- `audit verify` can replay every request and a command never acts on a state that its events
-- do not lead to.
ALTER TABLE audit_events ADD COLUMN recorded_at TEXT;
ALTER TABLE audit_events ADD COLUMN command TEXT;
ALTER TABLE audit_events ADD COLUMN state_hash TEXT;

CREATE FUNCTION embargo_refuse() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0];
END;
$$ LANGUAGE plpgsql;

-- Row triggers do not see TRUNCATE.
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
FOR EACH STATEMENT EXECUTE FUNCTION embargo_refuse('the audit log is append-only');

CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
FOR EACH STATEMENT EXECUTE FUNCTION embargo_refuse('the audit chain head is never removed');

CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
FOR EACH ROW EXECUTE FUNCTION embargo_refuse('the audit chain head is never removed');

CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_head
FOR EACH ROW WHEN (NEW.seq < OLD.seq OR NEW.id <> OLD.id)
EXECUTE FUNCTION embargo_refuse('the audit chain head only moves forward');

CREATE TRIGGER requests_no_truncate BEFORE TRUNCATE ON requests
FOR EACH STATEMENT EXECUTE FUNCTION embargo_refuse('requests are never deleted');

CREATE TRIGGER requests_no_delete BEFORE DELETE ON requests
FOR EACH ROW EXECUTE FUNCTION embargo_refuse('requests are never deleted');
