-- The agency's team: specialists (designers, copywriters, SEO…) with a skill label, and
-- the tasks an AM gives them on a stage.

-- `people.role` gains 'specialist'. SQLite cannot change a CHECK in place: the table is
-- rebuilt the way SQLite documents it (new table, copy, drop, rename; the runner applies
-- migrations with foreign keys off and checks them all before it commits, so dropping the
-- old table cannot null the companies' manager_id through ON DELETE SET NULL).
CREATE TABLE people_rebuilt (
    telegram_id     INTEGER PRIMARY KEY,
    full_name       TEXT NOT NULL DEFAULT '',
    username        TEXT,
    language        TEXT,
    timezone        TEXT,
    role            TEXT CHECK (role IN ('client', 'manager', 'head', 'specialist')),
    company_id      INTEGER REFERENCES companies (id) ON DELETE SET NULL,
    unreachable_at  TEXT,
    menu_signature  TEXT,
    created_at      TEXT NOT NULL,
    weekly_summary  INTEGER NOT NULL DEFAULT 1,
    work_start      TEXT NOT NULL DEFAULT '09:00',
    work_end        TEXT NOT NULL DEFAULT '18:00',
    away_until      TEXT,
    deputy_id       INTEGER REFERENCES people (telegram_id),
    next_digest_at  TEXT,
    next_weekly_at  TEXT,
    skill           TEXT,
    CHECK (role = 'client' OR company_id IS NULL),
    CHECK (role = 'specialist' OR skill IS NULL)
);
INSERT INTO people_rebuilt (
    telegram_id, full_name, username, language, timezone, role, company_id, unreachable_at,
    menu_signature, created_at, weekly_summary, work_start, work_end, away_until, deputy_id,
    next_digest_at, next_weekly_at
)
SELECT
    telegram_id, full_name, username, language, timezone, role, company_id, unreachable_at,
    menu_signature, created_at, weekly_summary, work_start, work_end, away_until, deputy_id,
    next_digest_at, next_weekly_at
FROM people;
DROP TABLE people;
ALTER TABLE people_rebuilt RENAME TO people;

CREATE INDEX people_role ON people (role);
CREATE INDEX people_company ON people (company_id);
CREATE INDEX people_menu_stale ON people (telegram_id) WHERE menu_signature IS NULL;
CREATE INDEX people_next_digest ON people (next_digest_at) WHERE next_digest_at IS NOT NULL;
CREATE INDEX people_next_weekly ON people (next_weekly_at) WHERE next_weekly_at IS NOT NULL;
CREATE INDEX people_unreachable ON people (unreachable_at) WHERE unreachable_at IS NOT NULL;

CREATE TRIGGER people_menu_stale AFTER UPDATE OF role, language ON people
WHEN OLD.role IS NOT NEW.role OR OLD.language IS NOT NEW.language
BEGIN
    UPDATE people SET menu_signature = NULL WHERE telegram_id = NEW.telegram_id;
END;

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

-- As before, and a specialist's own zone moves their tasks' mornings.
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
    UPDATE stage_tasks SET next_reminder_at = '1970-01-01 00:00:00'
    WHERE specialist_id = NEW.telegram_id AND status = 'open';
END;

-- A one-time link that makes whoever opens it a specialist with the skill it names.
CREATE TABLE staff_invites (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    skill       TEXT NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES people (telegram_id),
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_by     INTEGER REFERENCES people (telegram_id),
    used_at     TEXT
);

-- A specialist's task on a stage: what is asked (with the AM's files), by when, how far
-- along, and what was handed in. `open` → `handed_in` → `accepted` (sent to the client),
-- or back to `open` when the AM returns it; `cancelled` when the specialist leaves the
-- team or the AM takes the task back.
CREATE TABLE stage_tasks (
    id                INTEGER PRIMARY KEY,
    stage_id          INTEGER NOT NULL REFERENCES project_stages (id) ON DELETE CASCADE,
    project_id        INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    specialist_id     INTEGER NOT NULL REFERENCES people (telegram_id),
    assigned_by       INTEGER NOT NULL REFERENCES people (telegram_id),
    brief             TEXT NOT NULL,
    files             TEXT NOT NULL DEFAULT '[]',
    due_on            TEXT NOT NULL,
    due_set_at        TEXT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'open'
                      CHECK (status IN ('open', 'handed_in', 'accepted', 'cancelled')),
    progress          INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    progress_note     TEXT,
    result_note       TEXT,
    result_link       TEXT,
    result_files      TEXT NOT NULL DEFAULT '[]',
    handed_in_at      TEXT,
    late              INTEGER NOT NULL DEFAULT 0,
    returns           INTEGER NOT NULL DEFAULT 0,
    return_comment    TEXT,
    closed_at         TEXT,
    next_reminder_at  TEXT,
    created_at        TEXT NOT NULL
);
CREATE INDEX stage_tasks_specialist ON stage_tasks (specialist_id, status, due_on);
CREATE INDEX stage_tasks_stage ON stage_tasks (stage_id, status);
CREATE INDEX stage_tasks_project ON stage_tasks (project_id, status);
CREATE INDEX stage_tasks_next_reminder ON stage_tasks (next_reminder_at)
    WHERE next_reminder_at IS NOT NULL;
-- the AM's digest and /stats: the open tasks by due date
CREATE INDEX stage_tasks_open_due ON stage_tasks (due_on) WHERE status = 'open';

CREATE TRIGGER stage_tasks_new AFTER INSERT ON stage_tasks
BEGIN
    UPDATE stage_tasks SET next_reminder_at = '1970-01-01 00:00:00' WHERE id = NEW.id;
END;

CREATE TRIGGER stage_tasks_moved AFTER UPDATE OF status, due_on ON stage_tasks
WHEN OLD.status IS NOT NEW.status OR OLD.due_on IS NOT NEW.due_on
BEGIN
    UPDATE stage_tasks
    SET next_reminder_at = CASE WHEN NEW.status = 'open' THEN '1970-01-01 00:00:00' END
    WHERE id = NEW.id;
END;
