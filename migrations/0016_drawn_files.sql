-- A picture or PDF the bot drew and sent is sent again by its Telegram file id while
-- what it shows is unchanged: one row per thing and language, replaced when the drawing's
-- digest (views/sheets.digest) changes, so the table grows with projects, not with days.
CREATE TABLE drawn_files (
    subject   TEXT NOT NULL,   -- 'timeline:42', 'invoice:7', 'stats'
    variant   TEXT NOT NULL,   -- the reader's language
    digest    TEXT NOT NULL,
    file_id   TEXT NOT NULL,
    at        TEXT NOT NULL,
    PRIMARY KEY (subject, variant)
) WITHOUT ROWID;

-- The timeline reads the moves of one project's stages.
CREATE INDEX deadline_changes_stage ON deadline_changes (stage_id, id);
