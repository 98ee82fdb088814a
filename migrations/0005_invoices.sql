-- Invoices: issued by the AM, paid (in parts) by the client, chased by reminders until paid.

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
);
CREATE INDEX invoices_company_status ON invoices (company_id, status);
CREATE INDEX invoices_status_due ON invoices (status, due_date);

CREATE TABLE invoice_payments (
    id            INTEGER PRIMARY KEY,
    invoice_id    INTEGER NOT NULL REFERENCES invoices (id),
    amount_minor  INTEGER NOT NULL CHECK (amount_minor > 0),
    recorded_by   INTEGER NOT NULL,
    at            TEXT NOT NULL
);

CREATE TABLE invoice_sequences (
    year  INTEGER PRIMARY KEY,
    last  INTEGER NOT NULL
);

-- The AM can stop payment reminders for a whole client.
ALTER TABLE companies ADD COLUMN invoice_reminders INTEGER NOT NULL DEFAULT 1;

-- Contracts, acts and other papers the client can open with /documents.
CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    company_id   INTEGER NOT NULL REFERENCES companies (id),
    project_id   INTEGER REFERENCES projects (id),
    title        TEXT NOT NULL,
    file         TEXT NOT NULL,
    uploaded_by  INTEGER NOT NULL,
    at           TEXT NOT NULL
);
CREATE INDEX documents_company ON documents (company_id, id);
