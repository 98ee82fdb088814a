-- The staff inbox: forum supergroups linked by a head, a topic per client company, and
-- the Telegram ids of every relayed message, so edits and reactions find their copies.

-- A linked forum group. `for_all`: the agency's group, for the companies whose AM has no
-- group of their own. `active` = 0 while the bot is out of it or lacks its rights; the
-- private-chat relay works meanwhile.
CREATE TABLE staff_groups (
    chat_id     INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    for_all     INTEGER NOT NULL DEFAULT 0,
    active      INTEGER NOT NULL DEFAULT 1,
    problem     TEXT,
    linked_by   INTEGER NOT NULL,
    linked_at   TEXT NOT NULL
);
CREATE INDEX staff_groups_for_all ON staff_groups (for_all, active) WHERE for_all = 1;

-- An AM (or a team of AMs) whose companies go to a group of their own.
CREATE TABLE staff_group_managers (
    manager_id  INTEGER PRIMARY KEY REFERENCES people (telegram_id) ON DELETE CASCADE,
    chat_id     INTEGER NOT NULL REFERENCES staff_groups (chat_id) ON DELETE CASCADE
);
CREATE INDEX staff_group_managers_chat ON staff_group_managers (chat_id);

-- One topic per company: the primary key is what keeps two contacts writing at once from
-- opening two. thread_id is NULL until Telegram created it (the group's outbox lane
-- creates it before the first message into it); `state` drives the title's marker;
-- `title_wanted_at` is set while a title edit waits, so a busy conversation costs one edit.
CREATE TABLE company_topics (
    company_id      INTEGER PRIMARY KEY REFERENCES companies (id) ON DELETE CASCADE,
    chat_id         INTEGER NOT NULL,
    thread_id       INTEGER,
    state           TEXT NOT NULL DEFAULT 'waiting'
                    CHECK (state IN ('waiting', 'answered', 'closed')),
    title           TEXT,
    title_wanted_at TEXT,
    card_message_id INTEGER,
    last_client_id  INTEGER,
    opened_at       TEXT,
    created_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX company_topics_thread ON company_topics (chat_id, thread_id)
    WHERE thread_id IS NOT NULL;

-- Where a message stands in Telegram: the client's own message in their chat, or the
-- staff member's in the topic; `html` keeps its formatting for the copy.
ALTER TABLE messages ADD COLUMN chat_id INTEGER;
ALTER TABLE messages ADD COLUMN telegram_message_id INTEGER;
ALTER TABLE messages ADD COLUMN html TEXT;
ALTER TABLE messages ADD COLUMN album TEXT;
CREATE INDEX messages_in_telegram ON messages (chat_id, telegram_message_id)
    WHERE telegram_message_id IS NOT NULL;

-- The bot's copies of a message: in the topic (of a client's), in the client's chat (of
-- a staff member's). Written when the copy is sent.
CREATE TABLE message_copies (
    chat_id              INTEGER NOT NULL,
    telegram_message_id  INTEGER NOT NULL,
    message_id           INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    PRIMARY KEY (chat_id, telegram_message_id)
);
CREATE INDEX message_copies_of ON message_copies (message_id);
