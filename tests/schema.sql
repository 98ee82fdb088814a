-- index access_requests_one_pending
CREATE UNIQUE INDEX access_requests_one_pending
    ON access_requests (requester_id) WHERE status = 'pending';

-- index acts_project
CREATE INDEX acts_project ON acts (project_id, stage_id);

-- index audit_log_action
CREATE INDEX audit_log_action ON audit_log (action, at);

-- index brief_questions_brief
CREATE INDEX brief_questions_brief ON brief_questions (brief_id);

-- index briefs_company_status
CREATE INDEX briefs_company_status ON briefs (company_id, status);

-- index briefs_draft_age
CREATE INDEX briefs_draft_age ON briefs (status, updated_at);

-- index briefs_nudge_due
CREATE INDEX briefs_nudge_due ON briefs (updated_at)
    WHERE status = 'draft' AND nudged_at IS NULL;

-- index briefs_one_draft_per_client
CREATE UNIQUE INDEX briefs_one_draft_per_client ON briefs (client_id) WHERE status = 'draft';

-- index companies_manager
CREATE INDEX companies_manager ON companies (manager_id);

-- index company_topics_thread
CREATE UNIQUE INDEX company_topics_thread ON company_topics (chat_id, thread_id)
    WHERE thread_id IS NOT NULL;

-- index deadline_changes_stage
CREATE INDEX deadline_changes_stage ON deadline_changes (stage_id, id);

-- index deliverable_events_of
CREATE INDEX deliverable_events_of ON deliverable_events (deliverable_id, id);

-- index deliverables_approved
CREATE INDEX deliverables_approved ON deliverables (decided_at) WHERE status = 'approved';

-- index deliverables_next_reminder
CREATE INDEX deliverables_next_reminder ON deliverables (next_reminder_at)
    WHERE next_reminder_at IS NOT NULL;

-- index deliverables_project
CREATE INDEX deliverables_project ON deliverables (project_id, status);

-- index deliverables_stage
CREATE INDEX deliverables_stage ON deliverables (stage_id, status);

-- index documents_company
CREATE INDEX documents_company ON documents (company_id, id);

-- index inbox_chat_open
CREATE INDEX inbox_chat_open ON inbox (chat_key, update_id) WHERE status IN ('new', 'committed');

-- index inbox_finished
CREATE INDEX inbox_finished ON inbox (finished_at) WHERE finished_at IS NOT NULL;

-- index inbox_open
CREATE INDEX inbox_open ON inbox (update_id) WHERE status IN ('new', 'committed');

-- index invoice_payments_at
CREATE INDEX invoice_payments_at ON invoice_payments (at);

-- index invoice_payments_invoice
CREATE INDEX invoice_payments_invoice ON invoice_payments (invoice_id, at);

-- index invoices_company_issued
CREATE INDEX invoices_company_issued ON invoices (company_id, issued_at)
    WHERE issued_at IS NOT NULL;

-- index invoices_company_status
CREATE INDEX invoices_company_status ON invoices (company_id, status);

-- index invoices_issued
CREATE INDEX invoices_issued ON invoices (issued_at) WHERE issued_at IS NOT NULL;

-- index invoices_next_reminder
CREATE INDEX invoices_next_reminder ON invoices (next_reminder_at)
    WHERE next_reminder_at IS NOT NULL;

-- index invoices_status_due
CREATE INDEX invoices_status_due ON invoices (status, due_date);

-- index message_copies_of
CREATE INDEX message_copies_of ON message_copies (message_id);

-- index messages_company
CREATE INDEX messages_company ON messages (company_id, id);

-- index messages_in_telegram
CREATE INDEX messages_in_telegram ON messages (chat_id, telegram_message_id)
    WHERE telegram_message_id IS NOT NULL;

-- index messages_open
CREATE INDEX messages_open ON messages (company_id, client_id, id)
    WHERE direction = 'in' AND answered_at IS NULL;

-- index messages_sla_due
CREATE INDEX messages_sla_due ON messages (sla_due_at) WHERE sla_due_at IS NOT NULL;

-- index outbox_due
CREATE INDEX outbox_due ON outbox (status, not_before);

-- index outbox_queues_due
CREATE INDEX outbox_queues_due ON outbox_queues (due_at, first_id);

-- index outbox_recipient_due
CREATE INDEX outbox_recipient_due ON outbox (recipient_id, not_before) WHERE status = 'pending';

-- index outbox_recipient_pending
CREATE INDEX outbox_recipient_pending ON outbox (recipient_id, id) WHERE status IN ('pending', 'sending');

-- index outbox_series
CREATE INDEX outbox_series ON outbox (series, step) WHERE series IS NOT NULL;

-- index outbox_subject
CREATE INDEX outbox_subject ON outbox (subject, kind);

-- index people_company
CREATE INDEX people_company ON people (company_id);

-- index people_menu_stale
CREATE INDEX people_menu_stale ON people (telegram_id) WHERE menu_signature IS NULL;

-- index people_next_digest
CREATE INDEX people_next_digest ON people (next_digest_at) WHERE next_digest_at IS NOT NULL;

-- index people_next_weekly
CREATE INDEX people_next_weekly ON people (next_weekly_at) WHERE next_weekly_at IS NOT NULL;

-- index people_role
CREATE INDEX people_role ON people (role);

-- index people_unreachable
CREATE INDEX people_unreachable ON people (unreachable_at) WHERE unreachable_at IS NOT NULL;

-- index project_stages_next_reminder
CREATE INDEX project_stages_next_reminder ON project_stages (next_reminder_at)
    WHERE next_reminder_at IS NOT NULL;

-- index project_stages_open_deadline
CREATE INDEX project_stages_open_deadline ON project_stages (deadline)
    WHERE status != 'done' AND deadline IS NOT NULL;

-- index project_updates_project
CREATE INDEX project_updates_project ON project_updates (project_id, id);

-- index projects_company
CREATE INDEX projects_company ON projects (company_id, status);

-- index projects_manager
CREATE INDEX projects_manager ON projects (manager_id, status);

-- index projects_manager_open_order
CREATE INDEX projects_manager_open_order ON projects (manager_id, sort_deadline, id)
    WHERE sort_deadline IS NOT NULL;

-- index projects_open_order
CREATE INDEX projects_open_order ON projects (sort_deadline, id)
    WHERE sort_deadline IS NOT NULL;

-- index projects_status
CREATE INDEX projects_status ON projects (status);

-- index proposal_events_proposal
CREATE INDEX proposal_events_proposal ON proposal_events (proposal_id, id);

-- index proposals_author_status
CREATE INDEX proposals_author_status ON proposals (author_id, status);

-- index proposals_company
CREATE INDEX proposals_company ON proposals (company_id, status);

-- index proposals_next_reminder
CREATE INDEX proposals_next_reminder ON proposals (next_reminder_at)
    WHERE next_reminder_at IS NOT NULL;

-- index proposals_status
CREATE INDEX proposals_status ON proposals (status);

-- index ratings_once
CREATE UNIQUE INDEX ratings_once ON ratings (project_id, COALESCE(stage_id, 0), client_id);

-- index staff_group_managers_chat
CREATE INDEX staff_group_managers_chat ON staff_group_managers (chat_id);

-- index staff_groups_for_all
CREATE INDEX staff_groups_for_all ON staff_groups (for_all, active) WHERE for_all = 1;

-- index stage_tasks_next_reminder
CREATE INDEX stage_tasks_next_reminder ON stage_tasks (next_reminder_at)
    WHERE next_reminder_at IS NOT NULL;

-- index stage_tasks_open_due
CREATE INDEX stage_tasks_open_due ON stage_tasks (due_on) WHERE status = 'open';

-- index stage_tasks_project
CREATE INDEX stage_tasks_project ON stage_tasks (project_id, status);

-- index stage_tasks_specialist
CREATE INDEX stage_tasks_specialist ON stage_tasks (specialist_id, status, due_on);

-- index stage_tasks_stage
CREATE INDEX stage_tasks_stage ON stage_tasks (stage_id, status);

-- table access_requests
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

-- table act_sequences
CREATE TABLE act_sequences (
    year  INTEGER PRIMARY KEY,
    last  INTEGER NOT NULL
);

-- table acts
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
, vat_rate INTEGER, vat_mode TEXT NOT NULL DEFAULT 'none'
    CHECK (vat_mode IN ('none', 'included', 'on_top')), vat_minor INTEGER NOT NULL DEFAULT 0, basis TEXT, basis_invoice_id INTEGER REFERENCES invoices (id));

-- table app_settings
CREATE TABLE app_settings (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_by  INTEGER,
    updated_at  TEXT NOT NULL
);

-- table audit_log
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor_id  INTEGER,
    action    TEXT NOT NULL,
    subject   TEXT,
    details   TEXT NOT NULL DEFAULT '{}'
);

-- table brief_questions
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

-- table brief_templates_disabled
CREATE TABLE brief_templates_disabled (
    template_id  TEXT PRIMARY KEY,
    disabled_by  INTEGER NOT NULL,
    disabled_at  TEXT NOT NULL
);

-- table briefs
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
, template_snapshot TEXT);

-- table calendar_feeds
CREATE TABLE calendar_feeds (
    person_id   INTEGER PRIMARY KEY REFERENCES people (telegram_id) ON DELETE CASCADE,
    token       TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
);

-- table canned_replies
CREATE TABLE canned_replies (
    id          INTEGER PRIMARY KEY,
    manager_id  INTEGER NOT NULL REFERENCES people (telegram_id),
    text        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- table chat_leases
CREATE TABLE chat_leases (
    chat_key  INTEGER PRIMARY KEY,
    holder    TEXT NOT NULL,
    until     TEXT NOT NULL
);

-- table companies
CREATE TABLE companies (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL UNIQUE,
    manager_id  INTEGER REFERENCES people (telegram_id) ON DELETE SET NULL,
    created_by  INTEGER,
    created_at  TEXT NOT NULL
, invoice_reminders INTEGER NOT NULL DEFAULT 1, requisites TEXT, contract TEXT);

-- table company_notes
CREATE TABLE company_notes (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies (id),
    author_id   INTEGER NOT NULL,
    text        TEXT NOT NULL,
    at          TEXT NOT NULL
);

-- table company_topics
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

-- table deadline_changes
CREATE TABLE deadline_changes (
    id          INTEGER PRIMARY KEY,
    stage_id    INTEGER NOT NULL REFERENCES project_stages (id) ON DELETE CASCADE,
    old_date    TEXT,
    new_date    TEXT NOT NULL,
    reason      TEXT NOT NULL,
    changed_by  INTEGER NOT NULL,
    at          TEXT NOT NULL
);

-- table deliverable_events
CREATE TABLE deliverable_events (
    id              INTEGER PRIMARY KEY,
    deliverable_id  INTEGER NOT NULL REFERENCES deliverables (id),
    version         INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    actor_id        INTEGER,
    at              TEXT NOT NULL,
    comment         TEXT
);

-- table deliverables
CREATE TABLE deliverables (
    id               INTEGER PRIMARY KEY,
    stage_id         INTEGER NOT NULL REFERENCES project_stages (id) ON DELETE CASCADE,
    project_id       INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    company_id       INTEGER NOT NULL REFERENCES companies (id),
    version          INTEGER,
    status           TEXT NOT NULL DEFAULT 'draft'
                     CHECK (status IN ('draft', 'waiting', 'approved', 'changes', 'superseded')),
    note             TEXT,
    link             TEXT,
    files            TEXT NOT NULL DEFAULT '[]',
    round            INTEGER NOT NULL DEFAULT 0,
    beyond_included  INTEGER NOT NULL DEFAULT 0,
    posted_by        INTEGER NOT NULL REFERENCES people (telegram_id),
    posted_at        TEXT,
    decided_by       INTEGER REFERENCES people (telegram_id),
    decided_at       TEXT,
    comment          TEXT,
    comment_files    TEXT,
    reminder_step    INTEGER NOT NULL DEFAULT 0,
    next_reminder_at TEXT,
    created_at       TEXT NOT NULL,
    UNIQUE (stage_id, version)
);

-- table documents
CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    company_id   INTEGER NOT NULL REFERENCES companies (id),
    project_id   INTEGER REFERENCES projects (id),
    title        TEXT NOT NULL,
    file         TEXT NOT NULL,
    uploaded_by  INTEGER NOT NULL,
    at           TEXT NOT NULL
);

-- table drawn_files
CREATE TABLE drawn_files (
    subject   TEXT NOT NULL,   -- 'timeline:42', 'invoice:7', 'stats'
    variant   TEXT NOT NULL,   -- the reader's language
    digest    TEXT NOT NULL,
    file_id   TEXT NOT NULL,
    at        TEXT NOT NULL,
    PRIMARY KEY (subject, variant)
) WITHOUT ROWID;

-- table fsm_state
CREATE TABLE fsm_state (
    storage_key  TEXT PRIMARY KEY,
    state        TEXT,
    data         TEXT NOT NULL DEFAULT '{}',
    updated_at   TEXT NOT NULL
);

-- table inbox
CREATE TABLE inbox (
    update_id    INTEGER PRIMARY KEY,
    chat_key     INTEGER NOT NULL,
    payload      TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'new'
                 CHECK (status IN ('new', 'committed', 'done', 'failed')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    received_at  TEXT NOT NULL,
    finished_at  TEXT,
    last_error   TEXT
);

-- table invites
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

-- table invoice_payments
CREATE TABLE invoice_payments (
    id            INTEGER PRIMARY KEY,
    invoice_id    INTEGER NOT NULL REFERENCES invoices (id),
    amount_minor  INTEGER NOT NULL CHECK (amount_minor > 0),
    recorded_by   INTEGER NOT NULL,
    at            TEXT NOT NULL
);

-- table invoice_sequences
CREATE TABLE invoice_sequences (
    year  INTEGER PRIMARY KEY,
    last  INTEGER NOT NULL
);

-- table invoices
CREATE TABLE invoices (
    id                INTEGER PRIMARY KEY,
    -- Assigned when issued: <prefix><year>-<sequence>, e.g. 2026-0001.
    number            TEXT UNIQUE,
    company_id        INTEGER NOT NULL REFERENCES companies (id),
    project_id        INTEGER REFERENCES projects (id),
    author_id         INTEGER NOT NULL REFERENCES people (telegram_id),
    -- draft -> issued -> (reported_paid -> issued ...) -> paid; or cancelled
    status            TEXT NOT NULL DEFAULT 'draft',
    answers           TEXT NOT NULL DEFAULT '{}',
    current_question  TEXT,
    editing           INTEGER NOT NULL DEFAULT 0,
    amount_minor      INTEGER,
    currency          TEXT,
    paid_minor        INTEGER NOT NULL DEFAULT 0,
    purpose           TEXT,
    due_date          TEXT,
    reminders_on      INTEGER NOT NULL DEFAULT 1,
    snoozed_until     TEXT,
    issued_at         TEXT,
    reported_paid_at  TEXT,
    paid_at           TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
, next_reminder_at TEXT, lines_minor INTEGER, vat_rate INTEGER, vat_mode TEXT NOT NULL DEFAULT 'none'
    CHECK (vat_mode IN ('none', 'included', 'on_top')), vat_minor INTEGER NOT NULL DEFAULT 0);

-- table message_copies
CREATE TABLE message_copies (
    chat_id              INTEGER NOT NULL,
    telegram_message_id  INTEGER NOT NULL,
    message_id           INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    PRIMARY KEY (chat_id, telegram_message_id)
);

-- table messages
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
, topic TEXT, sla_due_at TEXT, chat_id INTEGER, telegram_message_id INTEGER, html TEXT, album TEXT);

-- table outbox
CREATE TABLE outbox (
    id                   INTEGER PRIMARY KEY,
    dedup_key            TEXT NOT NULL UNIQUE,
    recipient_id         INTEGER NOT NULL,
    kind                 TEXT NOT NULL,
    args                 TEXT NOT NULL DEFAULT '{}',
    urgent               INTEGER NOT NULL DEFAULT 0,
    status               TEXT NOT NULL DEFAULT 'pending'
                         CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'dropped')),
    attempts             INTEGER NOT NULL DEFAULT 0,
    not_before           TEXT NOT NULL,
    created_at           TEXT NOT NULL,
    sent_at              TEXT,
    telegram_message_id  INTEGER,
    last_error           TEXT
, claimed_at TEXT, series TEXT, step INTEGER, source INTEGER, subject TEXT);

-- table outbox_queues
CREATE TABLE outbox_queues (
    recipient_id  INTEGER PRIMARY KEY,
    due_at        TEXT NOT NULL,
    first_id      INTEGER NOT NULL
);

-- table people
CREATE TABLE "people" (
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

-- table planner_state
CREATE TABLE planner_state (
    planner    TEXT PRIMARY KEY,
    signature  TEXT NOT NULL
, last_tick_at TEXT);

-- table project_stages
CREATE TABLE project_stages (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    deadline    TEXT,
    status      TEXT NOT NULL DEFAULT 'planned',
    progress    INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100), started_at TEXT, finished_at TEXT, waiting_for TEXT, waiting_until TEXT, waiting_since TEXT, deadline_set_at TEXT, next_reminder_at TEXT,
    UNIQUE (project_id, position)
);

-- table project_updates
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

-- table projects
CREATE TABLE projects (
    id           INTEGER PRIMARY KEY,
    company_id   INTEGER NOT NULL REFERENCES companies (id),
    manager_id   INTEGER REFERENCES people (telegram_id),
    proposal_id  INTEGER UNIQUE REFERENCES proposals (id),
    title        TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'active',
    created_at   TEXT NOT NULL
, updated_at TEXT, closed_at TEXT, sort_deadline TEXT, revision_rounds INTEGER);

-- table proposal_events
CREATE TABLE proposal_events (
    id           INTEGER PRIMARY KEY,
    proposal_id  INTEGER NOT NULL REFERENCES proposals (id),
    version      INTEGER NOT NULL,
    at           TEXT NOT NULL,
    actor_id     INTEGER,
    action       TEXT NOT NULL,
    comment      TEXT
);

-- table proposal_messages
CREATE TABLE proposal_messages (
    id           INTEGER PRIMARY KEY,
    proposal_id  INTEGER NOT NULL REFERENCES proposals (id),
    sender_id    INTEGER NOT NULL,
    text         TEXT NOT NULL,
    at           TEXT NOT NULL
);

-- table proposals
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
, next_reminder_at TEXT);

-- table ratings
CREATE TABLE ratings (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    stage_id    INTEGER REFERENCES project_stages (id) ON DELETE CASCADE,
    client_id   INTEGER NOT NULL,
    score       INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment     TEXT,
    at          TEXT NOT NULL
);

-- table schema_migrations
CREATE TABLE schema_migrations ( name TEXT PRIMARY KEY, applied_at TEXT NOT NULL);

-- table send_pace
CREATE TABLE send_pace (
    lane     INTEGER PRIMARY KEY,
    next_at  REAL NOT NULL
);

-- table staff_group_managers
CREATE TABLE staff_group_managers (
    manager_id  INTEGER PRIMARY KEY REFERENCES people (telegram_id) ON DELETE CASCADE,
    chat_id     INTEGER NOT NULL REFERENCES staff_groups (chat_id) ON DELETE CASCADE
);

-- table staff_groups
CREATE TABLE staff_groups (
    chat_id     INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    for_all     INTEGER NOT NULL DEFAULT 0,
    active      INTEGER NOT NULL DEFAULT 1,
    problem     TEXT,
    linked_by   INTEGER NOT NULL,
    linked_at   TEXT NOT NULL
);

-- table staff_invites
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

-- table stage_tasks
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

-- trigger companies_next_reminders
CREATE TRIGGER companies_next_reminders
AFTER UPDATE OF manager_id, invoice_reminders ON companies
BEGIN
    UPDATE invoices SET next_reminder_at = '1970-01-01 00:00:00'
    WHERE company_id = NEW.id AND status = 'issued';
    UPDATE messages SET sla_due_at = '1970-01-01 00:00:00'
    WHERE company_id = NEW.id AND sla_due_at IS NOT NULL;
END;

-- trigger deliverable_events_kept
CREATE TRIGGER deliverable_events_kept BEFORE UPDATE ON deliverable_events
BEGIN
    SELECT RAISE(ABORT, 'deliverable events are never changed');
END;

-- trigger deliverable_events_not_deleted
CREATE TRIGGER deliverable_events_not_deleted BEFORE DELETE ON deliverable_events
BEGIN
    SELECT RAISE(ABORT, 'deliverable events are never deleted');
END;

-- trigger deliverables_settled
CREATE TRIGGER deliverables_settled AFTER UPDATE OF status ON deliverables
WHEN NEW.status != 'waiting' AND NEW.next_reminder_at IS NOT NULL
BEGIN
    UPDATE deliverables SET next_reminder_at = NULL WHERE id = NEW.id;
END;

-- trigger deliverables_waiting
CREATE TRIGGER deliverables_waiting AFTER UPDATE OF status ON deliverables
WHEN NEW.status = 'waiting' AND OLD.status != 'waiting'
BEGIN
    UPDATE deliverables SET next_reminder_at = '1970-01-01 00:00:00' WHERE id = NEW.id;
END;

-- trigger invoices_next_reminder
CREATE TRIGGER invoices_next_reminder
AFTER UPDATE OF status, due_date, issued_at, snoozed_until, reminders_on ON invoices
BEGIN
    UPDATE invoices
    SET next_reminder_at = CASE WHEN NEW.status = 'issued' THEN '1970-01-01 00:00:00' END
    WHERE id = NEW.id;
END;

-- trigger messages_sla_answered
CREATE TRIGGER messages_sla_answered
AFTER UPDATE OF answered_at ON messages
WHEN NEW.answered_at IS NOT NULL AND NEW.sla_due_at IS NOT NULL
BEGIN
    UPDATE messages SET sla_due_at = NULL WHERE id = NEW.id;
END;

-- trigger messages_sla_new
CREATE TRIGGER messages_sla_new
AFTER INSERT ON messages
WHEN NEW.direction = 'in' AND NEW.answered_at IS NULL AND NOT EXISTS (
    SELECT 1 FROM messages
    WHERE company_id = NEW.company_id AND client_id = NEW.client_id AND direction = 'in'
    AND answered_at IS NULL AND id < NEW.id
)
BEGIN
    UPDATE messages SET sla_due_at = '1970-01-01 00:00:00' WHERE id = NEW.id;
END;

-- trigger outbox_queue_added
CREATE TRIGGER outbox_queue_added
AFTER INSERT ON outbox
WHEN NEW.status = 'pending'
BEGIN
    INSERT INTO outbox_queues (recipient_id, due_at, first_id)
    VALUES (NEW.recipient_id, NEW.not_before, NEW.id)
    ON CONFLICT (recipient_id) DO UPDATE SET
        due_at = MIN(due_at, excluded.due_at),
        first_id = MIN(first_id, excluded.first_id);
END;

-- trigger outbox_queue_deleted
CREATE TRIGGER outbox_queue_deleted
AFTER DELETE ON outbox
WHEN OLD.status = 'pending'
BEGIN
    DELETE FROM outbox_queues WHERE recipient_id = OLD.recipient_id;
    INSERT INTO outbox_queues (recipient_id, due_at, first_id)
    SELECT OLD.recipient_id,
        (SELECT MIN(not_before) FROM outbox
         WHERE recipient_id = OLD.recipient_id AND status = 'pending'),
        (SELECT MIN(id) FROM outbox
         WHERE recipient_id = OLD.recipient_id AND status IN ('pending', 'sending'))
    WHERE EXISTS (
        SELECT 1 FROM outbox WHERE recipient_id = OLD.recipient_id AND status = 'pending'
    );
END;

-- trigger outbox_queue_moved
CREATE TRIGGER outbox_queue_moved
AFTER UPDATE OF status, not_before, recipient_id ON outbox
WHEN OLD.status = 'pending' OR NEW.status = 'pending'
BEGIN
    DELETE FROM outbox_queues WHERE recipient_id IN (OLD.recipient_id, NEW.recipient_id);
    INSERT INTO outbox_queues (recipient_id, due_at, first_id)
    SELECT chats.recipient_id,
        (SELECT MIN(not_before) FROM outbox
         WHERE recipient_id = chats.recipient_id AND status = 'pending'),
        (SELECT MIN(id) FROM outbox
         WHERE recipient_id = chats.recipient_id AND status IN ('pending', 'sending'))
    FROM (SELECT OLD.recipient_id AS recipient_id UNION SELECT NEW.recipient_id) AS chats
    WHERE EXISTS (
        SELECT 1 FROM outbox WHERE recipient_id = chats.recipient_id AND status = 'pending'
    );
END;

-- trigger people_menu_stale
CREATE TRIGGER people_menu_stale AFTER UPDATE OF role, language ON people
WHEN OLD.role IS NOT NEW.role OR OLD.language IS NOT NEW.language
BEGIN
    UPDATE people SET menu_signature = NULL WHERE telegram_id = NEW.telegram_id;
END;

-- trigger people_new_schedule
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

-- trigger people_reminders_moved
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

-- trigger people_schedule
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

-- trigger project_stages_new
CREATE TRIGGER project_stages_new
AFTER INSERT ON project_stages
BEGIN
    UPDATE project_stages SET next_reminder_at = '1970-01-01 00:00:00' WHERE id = NEW.id;
END;

-- trigger project_stages_next_reminder
CREATE TRIGGER project_stages_next_reminder
AFTER UPDATE OF status, deadline, deadline_set_at, waiting_since ON project_stages
BEGIN
    UPDATE project_stages
    SET next_reminder_at = CASE WHEN NEW.status != 'done' THEN '1970-01-01 00:00:00' END
    WHERE id = NEW.id;
END;

-- trigger projects_next_reminders
CREATE TRIGGER projects_next_reminders
AFTER UPDATE OF status, manager_id ON projects
BEGIN
    UPDATE project_stages
    SET next_reminder_at = CASE WHEN NEW.status = 'active' THEN '1970-01-01 00:00:00' END
    WHERE project_id = NEW.id AND status != 'done';
END;

-- trigger projects_order_new
CREATE TRIGGER projects_order_new
AFTER INSERT ON projects
BEGIN
    UPDATE projects SET sort_deadline = (
        SELECT v.sort_deadline FROM project_sort_deadline v WHERE v.project_id = NEW.id
    ) WHERE id = NEW.id;
END;

-- trigger projects_order_status
CREATE TRIGGER projects_order_status
AFTER UPDATE OF status ON projects
WHEN OLD.status IS NOT NEW.status
BEGIN
    UPDATE projects SET sort_deadline = (
        SELECT v.sort_deadline FROM project_sort_deadline v WHERE v.project_id = NEW.id
    ) WHERE id = NEW.id;
END;

-- trigger proposals_next_reminder
CREATE TRIGGER proposals_next_reminder
AFTER UPDATE OF status, version, submitted_at, sent_at ON proposals
BEGIN
    UPDATE proposals
    SET next_reminder_at = CASE
        WHEN NEW.status IN ('pending', 'sent') THEN '1970-01-01 00:00:00' END
    WHERE id = NEW.id;
END;

-- trigger stage_tasks_moved
CREATE TRIGGER stage_tasks_moved AFTER UPDATE OF status, due_on ON stage_tasks
WHEN OLD.status IS NOT NEW.status OR OLD.due_on IS NOT NEW.due_on
BEGIN
    UPDATE stage_tasks
    SET next_reminder_at = CASE WHEN NEW.status = 'open' THEN '1970-01-01 00:00:00' END
    WHERE id = NEW.id;
END;

-- trigger stage_tasks_new
CREATE TRIGGER stage_tasks_new AFTER INSERT ON stage_tasks
BEGIN
    UPDATE stage_tasks SET next_reminder_at = '1970-01-01 00:00:00' WHERE id = NEW.id;
END;

-- trigger stages_order_changed
CREATE TRIGGER stages_order_changed
AFTER UPDATE OF deadline, status ON project_stages
WHEN OLD.deadline IS NOT NEW.deadline OR OLD.status IS NOT NEW.status
BEGIN
    UPDATE projects SET sort_deadline = (
        SELECT v.sort_deadline FROM project_sort_deadline v WHERE v.project_id = NEW.project_id
    ) WHERE id = NEW.project_id;
END;

-- trigger stages_order_gone
CREATE TRIGGER stages_order_gone
AFTER DELETE ON project_stages
BEGIN
    UPDATE projects SET sort_deadline = (
        SELECT v.sort_deadline FROM project_sort_deadline v WHERE v.project_id = OLD.project_id
    ) WHERE id = OLD.project_id;
END;

-- trigger stages_order_new
CREATE TRIGGER stages_order_new
AFTER INSERT ON project_stages
BEGIN
    UPDATE projects SET sort_deadline = (
        SELECT v.sort_deadline FROM project_sort_deadline v WHERE v.project_id = NEW.project_id
    ) WHERE id = NEW.project_id;
END;

-- view project_sort_deadline
CREATE VIEW project_sort_deadline AS
SELECT p.id AS project_id,
       CASE WHEN p.status IN ('active', 'paused') THEN COALESCE((
           SELECT MIN(s.deadline) FROM project_stages s
           WHERE s.project_id = p.id AND s.status != 'done' AND s.deadline IS NOT NULL
       ), '9999-12-31') END AS sort_deadline
FROM projects p;

