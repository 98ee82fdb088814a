-- Briefs: drafts filled question by question, submitted to the company's AM.

-- Outbox rows may carry a file: a generated document or a Telegram file id (JSON).
ALTER TABLE outbox ADD COLUMN attachment TEXT;

CREATE TABLE briefs (
    id                INTEGER PRIMARY KEY,
    company_id        INTEGER NOT NULL REFERENCES companies (id),
    client_id         INTEGER NOT NULL REFERENCES people (telegram_id),
    template_id       TEXT NOT NULL,
    template_version  INTEGER NOT NULL,
    -- draft -> submitted -> in_work; later features add their own statuses.
    status            TEXT NOT NULL DEFAULT 'draft',
    answers           TEXT NOT NULL DEFAULT '{}',
    -- The question on screen; NULL while the summary is shown.
    current_question  TEXT,
    -- 1 while an answer is being changed from the summary.
    editing           INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    submitted_at      TEXT,
    taken_by          INTEGER REFERENCES people (telegram_id),
    taken_at          TEXT,
    nudged_at         TEXT
);
CREATE UNIQUE INDEX briefs_one_draft_per_client ON briefs (client_id) WHERE status = 'draft';
CREATE INDEX briefs_company_status ON briefs (company_id, status);
CREATE INDEX briefs_draft_age ON briefs (status, updated_at);

CREATE TABLE brief_templates_disabled (
    template_id  TEXT PRIMARY KEY,
    disabled_by  INTEGER NOT NULL,
    disabled_at  TEXT NOT NULL
);

-- The AM's questions about a brief and the client's answers, linked to the brief.
CREATE TABLE brief_questions (
    id           INTEGER PRIMARY KEY,
    brief_id     INTEGER NOT NULL REFERENCES briefs (id),
    asked_by     INTEGER NOT NULL REFERENCES people (telegram_id),
    question     TEXT NOT NULL,
    asked_at     TEXT NOT NULL,
    answer       TEXT,
    answered_by  INTEGER REFERENCES people (telegram_id),
    answered_at  TEXT
);
CREATE INDEX brief_questions_brief ON brief_questions (brief_id);
