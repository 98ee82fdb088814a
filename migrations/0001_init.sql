-- People, client companies, invites, access requests, audit log, outbox, FSM state.
-- Times are UTC text 'YYYY-MM-DD HH:MM:SS' (the format of SQLite's datetime()).

CREATE TABLE people (
    telegram_id     INTEGER PRIMARY KEY,
    full_name       TEXT NOT NULL DEFAULT '',
    username        TEXT,
    language        TEXT,
    timezone        TEXT,
    role            TEXT CHECK (role IN ('client', 'manager', 'head')),
    company_id      INTEGER REFERENCES companies (id) ON DELETE SET NULL,
    unreachable_at  TEXT,
    menu_signature  TEXT,
    created_at      TEXT NOT NULL,
    CHECK (role = 'client' OR company_id IS NULL)
);
CREATE INDEX people_role ON people (role);
CREATE INDEX people_company ON people (company_id);

CREATE TABLE companies (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL UNIQUE,
    manager_id  INTEGER REFERENCES people (telegram_id) ON DELETE SET NULL,
    created_by  INTEGER,
    created_at  TEXT NOT NULL
);
CREATE INDEX companies_manager ON companies (manager_id);

CREATE TABLE invites (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    company_id  INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    created_by  INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_by     INTEGER,
    used_at     TEXT
);

CREATE TABLE access_requests (
    id            INTEGER PRIMARY KEY,
    requester_id  INTEGER NOT NULL REFERENCES people (telegram_id),
    status        TEXT NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'accepted', 'declined')),
    company_id    INTEGER REFERENCES companies (id) ON DELETE SET NULL,
    decided_by    INTEGER,
    decided_at    TEXT,
    created_at    TEXT NOT NULL
);
-- One open request per person: pressing "request access" twice is harmless.
CREATE UNIQUE INDEX access_requests_one_pending
    ON access_requests (requester_id) WHERE status = 'pending';

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor_id  INTEGER,
    action    TEXT NOT NULL,
    subject   TEXT,
    details   TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_action ON audit_log (action, at);

CREATE TABLE outbox (
    id                   INTEGER PRIMARY KEY,
    dedup_key            TEXT NOT NULL UNIQUE,
    recipient_id         INTEGER NOT NULL,
    kind                 TEXT NOT NULL,
    text_key             TEXT NOT NULL,
    args                 TEXT NOT NULL DEFAULT '{}',
    buttons              TEXT,
    urgent               INTEGER NOT NULL DEFAULT 0,
    status               TEXT NOT NULL DEFAULT 'pending'
                         CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'dropped')),
    attempts             INTEGER NOT NULL DEFAULT 0,
    not_before           TEXT NOT NULL,
    created_at           TEXT NOT NULL,
    sent_at              TEXT,
    telegram_message_id  INTEGER,
    last_error           TEXT
);
CREATE INDEX outbox_due ON outbox (status, not_before);

CREATE TABLE fsm_state (
    storage_key  TEXT PRIMARY KEY,
    state        TEXT,
    data         TEXT NOT NULL DEFAULT '{}',
    updated_at   TEXT NOT NULL
);
