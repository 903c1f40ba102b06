-- Integrity of the record (issue 9).
--
-- Each audit event now records when it was written, from the store's own clock (`recorded_at`,
-- beside the procedure time `at`), and the last event of each command records the command as
-- the state machine applied it and the hash of the state it produced, so `audit verify` can
-- replay every request and a command never acts on a state that its events do not lead to.
ALTER TABLE audit_events ADD COLUMN recorded_at TEXT;
ALTER TABLE audit_events ADD COLUMN command TEXT;
ALTER TABLE audit_events ADD COLUMN state_hash TEXT;

-- `INSERT OR REPLACE` deletes the conflicting row without firing the delete trigger: refuse
-- any insert whose seq or hash is already there, before conflict resolution runs.
CREATE TRIGGER audit_events_no_replace BEFORE INSERT ON audit_events
WHEN EXISTS (SELECT 1 FROM audit_events WHERE seq = NEW.seq OR hash = NEW.hash)
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- The chain head only moves forward and is never removed or replaced.
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN
    SELECT RAISE(ABORT, 'the audit chain head is never removed');
END;

CREATE TRIGGER audit_head_no_replace BEFORE INSERT ON audit_head
WHEN EXISTS (SELECT 1 FROM audit_head)
BEGIN
    SELECT RAISE(ABORT, 'the audit chain head is never replaced');
END;

CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_head
WHEN NEW.seq < OLD.seq OR NEW.id <> OLD.id
BEGIN
    SELECT RAISE(ABORT, 'the audit chain head only moves forward');
END;

-- Requests are never deleted or replaced: they change only through commands.
CREATE TRIGGER requests_no_delete BEFORE DELETE ON requests
BEGIN
    SELECT RAISE(ABORT, 'requests are never deleted');
END;

CREATE TRIGGER requests_no_replace BEFORE INSERT ON requests
WHEN EXISTS (SELECT 1 FROM requests WHERE reference = NEW.reference)
BEGIN
    SELECT RAISE(ABORT, 'requests are never replaced');
END;
