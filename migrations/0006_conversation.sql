-- The client <-> manager conversation: every relayed message, the AM's hours and absence,
-- canned replies and internal notes.

CREATE TABLE messages (
    id           INTEGER PRIMARY KEY,
    company_id   INTEGER NOT NULL REFERENCES companies (id),
    client_id    INTEGER NOT NULL REFERENCES people (telegram_id),
    -- 'in': from the client; 'out': from the agency to the client
    direction    TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    author_id    INTEGER NOT NULL,
    text         TEXT,
    file         TEXT,
    project_id   INTEGER REFERENCES projects (id) ON DELETE SET NULL,
    stage_id     INTEGER REFERENCES project_stages (id) ON DELETE SET NULL,
    at           TEXT NOT NULL,
    answered_at  TEXT
);
CREATE INDEX messages_company ON messages (company_id, id);
CREATE INDEX messages_unanswered ON messages (direction, answered_at);

-- Working hours in the AM's own time zone, and who answers while they are away.
ALTER TABLE people ADD COLUMN work_start TEXT NOT NULL DEFAULT '09:00';
ALTER TABLE people ADD COLUMN work_end TEXT NOT NULL DEFAULT '18:00';
ALTER TABLE people ADD COLUMN away_until TEXT;
ALTER TABLE people ADD COLUMN deputy_id INTEGER REFERENCES people (telegram_id);

CREATE TABLE canned_replies (
    id          INTEGER PRIMARY KEY,
    manager_id  INTEGER NOT NULL REFERENCES people (telegram_id),
    text        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE company_notes (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies (id),
    author_id   INTEGER NOT NULL,
    text        TEXT NOT NULL,
    at          TEXT NOT NULL
);
