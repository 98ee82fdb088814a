-- Sign-off: the AM shows the client work on a stage, version by version, and the client
-- approves it or asks for changes in the chat.

-- A version of a stage's work. `version` is given when it is posted (NULL while the AM
-- still adds files); `round` counts the change requests on the stage before it, and
-- `beyond_included` marks a round past what the price included (a change the agency may
-- bill). `next_reminder_at` drives the reminders to a client who does not decide.
CREATE TABLE deliverables (
    id               INTEGER PRIMARY KEY,
    stage_id         INTEGER NOT NULL REFERENCES project_stages (id) ON DELETE CASCADE,
    project_id       INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    company_id       INTEGER NOT NULL REFERENCES companies (id),
    version          INTEGER,
    status           TEXT NOT NULL DEFAULT 'draft'
                     CHECK (status IN ('draft', 'waiting', 'approved', 'changes', 'superseded')),
    note             TEXT,
    link             TEXT,
    files            TEXT NOT NULL DEFAULT '[]',
    round            INTEGER NOT NULL DEFAULT 0,
    beyond_included  INTEGER NOT NULL DEFAULT 0,
    posted_by        INTEGER NOT NULL REFERENCES people (telegram_id),
    posted_at        TEXT,
    decided_by       INTEGER REFERENCES people (telegram_id),
    decided_at       TEXT,
    comment          TEXT,
    comment_files    TEXT,
    reminder_step    INTEGER NOT NULL DEFAULT 0,
    next_reminder_at TEXT,
    created_at       TEXT NOT NULL,
    UNIQUE (stage_id, version)
);
CREATE INDEX deliverables_stage ON deliverables (stage_id, status);
CREATE INDEX deliverables_project ON deliverables (project_id, status);
-- /stats: the approvals of the last weeks
CREATE INDEX deliverables_approved ON deliverables (decided_at) WHERE status = 'approved';
CREATE INDEX deliverables_next_reminder ON deliverables (next_reminder_at)
    WHERE next_reminder_at IS NOT NULL;

-- What happened to each version, written once and never changed: posted, approved,
-- changes requested, a question, a reminder.
CREATE TABLE deliverable_events (
    id              INTEGER PRIMARY KEY,
    deliverable_id  INTEGER NOT NULL REFERENCES deliverables (id),
    version         INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    actor_id        INTEGER,
    at              TEXT NOT NULL,
    comment         TEXT
);
CREATE INDEX deliverable_events_of ON deliverable_events (deliverable_id, id);

CREATE TRIGGER deliverable_events_kept BEFORE UPDATE ON deliverable_events
BEGIN
    SELECT RAISE(ABORT, 'deliverable events are never changed');
END;

CREATE TRIGGER deliverable_events_not_deleted BEFORE DELETE ON deliverable_events
BEGIN
    SELECT RAISE(ABORT, 'deliverable events are never deleted');
END;

-- Revision rounds the price includes (the proposal says; NULL: the agency's default).
ALTER TABLE projects ADD COLUMN revision_rounds INTEGER;

-- A posted version is looked at by the sign-off planner at its next tick; a decided or
-- superseded one is never reminded of again (as migration 0012's triggers do).
CREATE TRIGGER deliverables_waiting AFTER UPDATE OF status ON deliverables
WHEN NEW.status = 'waiting' AND OLD.status != 'waiting'
BEGIN
    UPDATE deliverables SET next_reminder_at = '1970-01-01 00:00:00' WHERE id = NEW.id;
END;

CREATE TRIGGER deliverables_settled AFTER UPDATE OF status ON deliverables
WHEN NEW.status != 'waiting' AND NEW.next_reminder_at IS NOT NULL
BEGIN
    UPDATE deliverables SET next_reminder_at = NULL WHERE id = NEW.id;
END;
