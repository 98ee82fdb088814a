-- Planners read only what is due. Each remindable row keeps the moment it must next be
-- looked at, in a column with a partial index: a tick selects `<= now` and touches nothing
-- else, so its cost follows what is due, not what exists.
--
-- A change that can move a reminder marks the row '1970-01-01 00:00:00' ("look again at
-- the next tick") in the same transaction, by the triggers below, whatever code path made
-- the change. The planner then computes the true next moment from its rules and settings
-- (offsets, holidays, morning time, time zones), which live with the planner, not here.
-- A row that can no longer remind (paid, done, answered) gets NULL at once.

ALTER TABLE invoices ADD COLUMN next_reminder_at TEXT;
CREATE INDEX invoices_next_reminder ON invoices (next_reminder_at)
    WHERE next_reminder_at IS NOT NULL;

ALTER TABLE project_stages ADD COLUMN next_reminder_at TEXT;
CREATE INDEX project_stages_next_reminder ON project_stages (next_reminder_at)
    WHERE next_reminder_at IS NOT NULL;

-- The SLA moment of a client's first unanswered message.
ALTER TABLE messages ADD COLUMN sla_due_at TEXT;
CREATE INDEX messages_sla_due ON messages (sla_due_at) WHERE sla_due_at IS NOT NULL;

ALTER TABLE proposals ADD COLUMN next_reminder_at TEXT;
CREATE INDEX proposals_next_reminder ON proposals (next_reminder_at)
    WHERE next_reminder_at IS NOT NULL;

-- Per person: the AM's (or head's) next morning digest, the client's next weekly summary.
ALTER TABLE people ADD COLUMN next_digest_at TEXT;
CREATE INDEX people_next_digest ON people (next_digest_at) WHERE next_digest_at IS NOT NULL;
ALTER TABLE people ADD COLUMN next_weekly_at TEXT;
CREATE INDEX people_next_weekly ON people (next_weekly_at) WHERE next_weekly_at IS NOT NULL;

-- Brief nudges: a draft is due two days after its last change; only the un-nudged drafts
-- are in this index, so old abandoned drafts cost nothing.
CREATE INDEX briefs_nudge_due ON briefs (updated_at)
    WHERE status = 'draft' AND nudged_at IS NULL;

-- The queries the planners, digests and the interactive path run, by an index each.
CREATE INDEX projects_manager ON projects (manager_id, status);
CREATE INDEX messages_open ON messages (company_id, client_id, id)
    WHERE direction = 'in' AND answered_at IS NULL;
DROP INDEX messages_unanswered;

-- What each planner's schedule was computed with; another configuration at start means
-- every open row is looked at again.
CREATE TABLE planner_state (
    planner    TEXT PRIMARY KEY,
    signature  TEXT NOT NULL
);

-- invoices ------------------------------------------------------------------------------
CREATE TRIGGER invoices_next_reminder
AFTER UPDATE OF status, due_date, issued_at, snoozed_until, reminders_on ON invoices
BEGIN
    UPDATE invoices
    SET next_reminder_at = CASE WHEN NEW.status = 'issued' THEN '1970-01-01 00:00:00' END
    WHERE id = NEW.id;
END;

CREATE TRIGGER companies_next_reminders
AFTER UPDATE OF manager_id, invoice_reminders ON companies
BEGIN
    UPDATE invoices SET next_reminder_at = '1970-01-01 00:00:00'
    WHERE company_id = NEW.id AND status = 'issued';
    UPDATE messages SET sla_due_at = '1970-01-01 00:00:00'
    WHERE company_id = NEW.id AND sla_due_at IS NOT NULL;
END;

-- stages --------------------------------------------------------------------------------
CREATE TRIGGER project_stages_new
AFTER INSERT ON project_stages
BEGIN
    UPDATE project_stages SET next_reminder_at = '1970-01-01 00:00:00' WHERE id = NEW.id;
END;

CREATE TRIGGER project_stages_next_reminder
AFTER UPDATE OF status, deadline, deadline_set_at, waiting_since ON project_stages
BEGIN
    UPDATE project_stages
    SET next_reminder_at = CASE WHEN NEW.status != 'done' THEN '1970-01-01 00:00:00' END
    WHERE id = NEW.id;
END;

CREATE TRIGGER projects_next_reminders
AFTER UPDATE OF status, manager_id ON projects
BEGIN
    UPDATE project_stages
    SET next_reminder_at = CASE WHEN NEW.status = 'active' THEN '1970-01-01 00:00:00' END
    WHERE project_id = NEW.id AND status != 'done';
END;

-- messages ------------------------------------------------------------------------------
CREATE TRIGGER messages_sla_new
AFTER INSERT ON messages
WHEN NEW.direction = 'in' AND NEW.answered_at IS NULL AND NOT EXISTS (
    SELECT 1 FROM messages
    WHERE company_id = NEW.company_id AND client_id = NEW.client_id AND direction = 'in'
    AND answered_at IS NULL AND id < NEW.id
)
BEGIN
    UPDATE messages SET sla_due_at = '1970-01-01 00:00:00' WHERE id = NEW.id;
END;

CREATE TRIGGER messages_sla_answered
AFTER UPDATE OF answered_at ON messages
WHEN NEW.answered_at IS NOT NULL AND NEW.sla_due_at IS NOT NULL
BEGIN
    UPDATE messages SET sla_due_at = NULL WHERE id = NEW.id;
END;

-- proposals -----------------------------------------------------------------------------
CREATE TRIGGER proposals_next_reminder
AFTER UPDATE OF status, version, submitted_at, sent_at ON proposals
BEGIN
    UPDATE proposals
    SET next_reminder_at = CASE
        WHEN NEW.status IN ('pending', 'sent') THEN '1970-01-01 00:00:00' END
    WHERE id = NEW.id;
END;

-- people --------------------------------------------------------------------------------
-- Whose schedule a person's own settings move: their digest and weekly summary; a client's
-- company invoices (sent in the client's zone); the stages an AM manages (their mornings)
-- and the SLA of the companies they answer for (their working hours, their deputy).
CREATE TRIGGER people_new_schedule
AFTER INSERT ON people
BEGIN
    UPDATE people SET
        next_digest_at = CASE WHEN NEW.role IN ('manager', 'head')
            THEN '1970-01-01 00:00:00' END,
        next_weekly_at = CASE WHEN NEW.role = 'client' AND NEW.weekly_summary
            THEN '1970-01-01 00:00:00' END
    WHERE telegram_id = NEW.telegram_id;
END;

CREATE TRIGGER people_schedule
AFTER UPDATE OF role, timezone, weekly_summary, company_id ON people
WHEN OLD.role IS NOT NEW.role OR OLD.timezone IS NOT NEW.timezone
    OR OLD.weekly_summary IS NOT NEW.weekly_summary OR OLD.company_id IS NOT NEW.company_id
BEGIN
    UPDATE people SET
        next_digest_at = CASE WHEN NEW.role IN ('manager', 'head')
            THEN '1970-01-01 00:00:00' END,
        next_weekly_at = CASE WHEN NEW.role = 'client' AND NEW.weekly_summary
            THEN '1970-01-01 00:00:00' END
    WHERE telegram_id = NEW.telegram_id;
END;

CREATE TRIGGER people_reminders_moved
AFTER UPDATE OF timezone, work_start, work_end, away_until, deputy_id ON people
WHEN OLD.timezone IS NOT NEW.timezone OR OLD.work_start IS NOT NEW.work_start
    OR OLD.work_end IS NOT NEW.work_end OR OLD.away_until IS NOT NEW.away_until
    OR OLD.deputy_id IS NOT NEW.deputy_id
BEGIN
    UPDATE invoices SET next_reminder_at = '1970-01-01 00:00:00'
    WHERE NEW.role = 'client' AND company_id = NEW.company_id AND status = 'issued';
    UPDATE project_stages SET next_reminder_at = '1970-01-01 00:00:00'
    WHERE next_reminder_at IS NOT NULL AND project_id IN (
        SELECT id FROM projects WHERE manager_id = NEW.telegram_id AND status = 'active'
    );
    UPDATE messages SET sla_due_at = '1970-01-01 00:00:00'
    WHERE sla_due_at IS NOT NULL AND company_id IN (
        SELECT id FROM companies WHERE manager_id = NEW.telegram_id
    );
END;

-- What exists now is looked at by the first tick, which computes each row's moment.
UPDATE invoices SET next_reminder_at = '1970-01-01 00:00:00' WHERE status = 'issued';
UPDATE project_stages SET next_reminder_at = '1970-01-01 00:00:00'
WHERE status != 'done' AND project_id IN (SELECT id FROM projects WHERE status = 'active');
UPDATE messages SET sla_due_at = '1970-01-01 00:00:00'
WHERE id IN (
    SELECT MIN(id) FROM messages WHERE direction = 'in' AND answered_at IS NULL
    GROUP BY company_id, client_id
);
UPDATE proposals SET next_reminder_at = '1970-01-01 00:00:00'
WHERE status IN ('pending', 'sent');
UPDATE people SET
    next_digest_at = CASE WHEN role IN ('manager', 'head') THEN '1970-01-01 00:00:00' END,
    next_weekly_at = CASE WHEN role = 'client' AND weekly_summary
        THEN '1970-01-01 00:00:00' END;
