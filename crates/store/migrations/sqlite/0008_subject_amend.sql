-- A request's party amended (issue 11): its subject takes the new content in place, its open
-- alerts close, and decisions taken before the amendment (on the old name) stop counting:
-- only decisions with an id above `decisions_after` apply to the subject.
ALTER TABLE watch_subjects ADD COLUMN decisions_after BIGINT NOT NULL DEFAULT 0;
