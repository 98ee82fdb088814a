-- Proposals (commercial offers): drafted by an AM, approved by a head, accepted by the client.
-- An accepted proposal becomes a project with the proposal's stages.

CREATE TABLE proposals (
    id                  INTEGER PRIMARY KEY,
    company_id          INTEGER NOT NULL REFERENCES companies (id),
    brief_id            INTEGER REFERENCES briefs (id),
    author_id           INTEGER NOT NULL REFERENCES people (telegram_id),
    -- draft -> pending -> (returned -> pending ...) -> sent -> accepted | declined; or rejected
    status              TEXT NOT NULL DEFAULT 'draft',
    version             INTEGER NOT NULL DEFAULT 1,
    answers             TEXT NOT NULL DEFAULT '{}',
    current_question    TEXT,
    editing             INTEGER NOT NULL DEFAULT 0,
    price_minor         INTEGER,
    currency            TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    submitted_at        TEXT,
    sent_at             TEXT,
    decided_at          TEXT,
    project_id          INTEGER
);
CREATE INDEX proposals_author_status ON proposals (author_id, status);
CREATE INDEX proposals_company ON proposals (company_id, status);

-- Every step of every version: submitted, approved, returned, rejected, sent, accepted, ...
CREATE TABLE proposal_events (
    id           INTEGER PRIMARY KEY,
    proposal_id  INTEGER NOT NULL REFERENCES proposals (id),
    version      INTEGER NOT NULL,
    at           TEXT NOT NULL,
    actor_id     INTEGER,
    action       TEXT NOT NULL,
    comment      TEXT
);
CREATE INDEX proposal_events_proposal ON proposal_events (proposal_id, id);

-- The discussion a client opens with "Discuss", and the AM's answers.
CREATE TABLE proposal_messages (
    id           INTEGER PRIMARY KEY,
    proposal_id  INTEGER NOT NULL REFERENCES proposals (id),
    sender_id    INTEGER NOT NULL,
    text         TEXT NOT NULL,
    at           TEXT NOT NULL
);

CREATE TABLE projects (
    id           INTEGER PRIMARY KEY,
    company_id   INTEGER NOT NULL REFERENCES companies (id),
    manager_id   INTEGER REFERENCES people (telegram_id),
    proposal_id  INTEGER UNIQUE REFERENCES proposals (id),
    title        TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'active',
    created_at   TEXT NOT NULL
);
CREATE INDEX projects_company ON projects (company_id, status);

CREATE TABLE project_stages (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    deadline    TEXT,
    status      TEXT NOT NULL DEFAULT 'planned',
    progress    INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    UNIQUE (project_id, position)
);

-- Settings a head changes in the bot; they override the environment's defaults.
CREATE TABLE app_settings (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_by  INTEGER,
    updated_at  TEXT NOT NULL
);
