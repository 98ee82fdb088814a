-- Acts of completed work: the AM makes one from a finished stage or from the project's
-- finished stages; its PDF is filed in the company's documents (/documents).
CREATE TABLE acts (
    id            INTEGER PRIMARY KEY,
    number        TEXT NOT NULL UNIQUE,   -- <prefix><year>-<sequence>, as invoices
    company_id    INTEGER NOT NULL REFERENCES companies (id),
    project_id    INTEGER NOT NULL REFERENCES projects (id),
    stage_id      INTEGER REFERENCES project_stages (id),   -- none: the whole project
    works         TEXT NOT NULL,          -- JSON: [{"title", "finished"}], as signed
    amount_minor  INTEGER NOT NULL CHECK (amount_minor > 0),
    currency      TEXT NOT NULL,
    -- set when its PDF is filed; until then the AM's next try reuses the number
    document_id   INTEGER REFERENCES documents (id),
    created_by    INTEGER NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX acts_project ON acts (project_id, stage_id);

CREATE TABLE act_sequences (
    year  INTEGER PRIMARY KEY,
    last  INTEGER NOT NULL
);
