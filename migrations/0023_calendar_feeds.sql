-- A private calendar feed per person (/calendar): the secret in its URL. Reset, the old
-- URL reads as unknown.
CREATE TABLE calendar_feeds (
    person_id   INTEGER PRIMARY KEY REFERENCES people (telegram_id) ON DELETE CASCADE,
    token       TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
);

-- A head's feed: the open stages due around now, through an index on their deadlines.
CREATE INDEX project_stages_open_deadline ON project_stages (deadline)
    WHERE status != 'done' AND deadline IS NOT NULL;
