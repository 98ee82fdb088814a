-- Projects in progress: stages with status and progress, updates, deadline changes, ratings.

ALTER TABLE projects ADD COLUMN updated_at TEXT;
ALTER TABLE projects ADD COLUMN closed_at TEXT;

ALTER TABLE project_stages ADD COLUMN started_at TEXT;
ALTER TABLE project_stages ADD COLUMN finished_at TEXT;
-- While a stage waits for the client: what is needed, by when, since when.
ALTER TABLE project_stages ADD COLUMN waiting_for TEXT;
ALTER TABLE project_stages ADD COLUMN waiting_until TEXT;
ALTER TABLE project_stages ADD COLUMN waiting_since TEXT;

-- What the client is told: an AM's update, a stage started or finished, a deadline moved,
-- the client's answer to a waiting stage.
CREATE TABLE project_updates (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    stage_id    INTEGER REFERENCES project_stages (id) ON DELETE SET NULL,
    author_id   INTEGER,
    kind        TEXT NOT NULL,
    text        TEXT,
    file        TEXT,
    at          TEXT NOT NULL
);
CREATE INDEX project_updates_project ON project_updates (project_id, id);

CREATE TABLE deadline_changes (
    id          INTEGER PRIMARY KEY,
    stage_id    INTEGER NOT NULL REFERENCES project_stages (id) ON DELETE CASCADE,
    old_date    TEXT,
    new_date    TEXT NOT NULL,
    reason      TEXT NOT NULL,
    changed_by  INTEGER NOT NULL,
    at          TEXT NOT NULL
);

CREATE TABLE ratings (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    stage_id    INTEGER REFERENCES project_stages (id) ON DELETE CASCADE,
    client_id   INTEGER NOT NULL,
    score       INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment     TEXT,
    at          TEXT NOT NULL
);
-- One rating per client for a stage, and one for the whole project (stage_id NULL).
CREATE UNIQUE INDEX ratings_once ON ratings (project_id, COALESCE(stage_id, 0), client_id);

-- A client can turn the weekly summary off with one button.
ALTER TABLE people ADD COLUMN weekly_summary INTEGER NOT NULL DEFAULT 1;
