-- Updates are saved here before Telegram is told they arrived (the getUpdates offset moves),
-- so a kill, a locked or a full database never loses what a user sent.
-- status: new (not handled yet), committed (the handler's first write is in: never run it
-- again, only show the person where they are), done, failed (the person was told).
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
CREATE INDEX inbox_open ON inbox (update_id) WHERE status IN ('new', 'committed');
CREATE INDEX inbox_finished ON inbox (finished_at) WHERE finished_at IS NOT NULL;

-- When a row was claimed, so one stuck in `sending` is found by age while the bot runs.
ALTER TABLE outbox ADD COLUMN claimed_at TEXT;
-- A reminder series (e.g. one invoice's payment reminders to one client) and the step's
-- place in it: a later step planned means an earlier one is never sent after it.
ALTER TABLE outbox ADD COLUMN series TEXT;
ALTER TABLE outbox ADD COLUMN step INTEGER;
CREATE INDEX outbox_series ON outbox (series, step) WHERE series IS NOT NULL;
-- Who a relayed row comes from (a client writing to their AM): one client's burst must not
-- keep the AM from hearing other clients.
ALTER TABLE outbox ADD COLUMN source INTEGER;
-- A chat's rows go out in id order: the lanes look up the head row per recipient.
CREATE INDEX outbox_recipient_pending ON outbox (recipient_id, id) WHERE status IN ('pending', 'sending');
