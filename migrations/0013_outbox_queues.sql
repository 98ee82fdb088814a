-- The outbox claim reads only the chats that have something due. One row per recipient
-- with pending rows: when its earliest row is due, and its oldest row (who waited longest
-- goes first). Triggers keep it in step with the outbox in the same transaction; the
-- claim reads it through an index and takes each chat's next row through the outbox's
-- recipient index, with no sorting of everything that is due.
CREATE TABLE outbox_queues (
    recipient_id  INTEGER PRIMARY KEY,
    due_at        TEXT NOT NULL,
    first_id      INTEGER NOT NULL
);
CREATE INDEX outbox_queues_due ON outbox_queues (due_at, first_id);
CREATE INDEX outbox_recipient_due ON outbox (recipient_id, not_before) WHERE status = 'pending';

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

INSERT INTO outbox_queues (recipient_id, due_at, first_id)
SELECT chats.recipient_id,
    (SELECT MIN(not_before) FROM outbox
     WHERE recipient_id = chats.recipient_id AND status = 'pending'),
    (SELECT MIN(id) FROM outbox
     WHERE recipient_id = chats.recipient_id AND status IN ('pending', 'sending'))
FROM (SELECT DISTINCT recipient_id FROM outbox WHERE status = 'pending') AS chats;
