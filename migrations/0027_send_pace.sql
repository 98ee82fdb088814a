-- Telegram's limits shared by every replica that sends for the bot (PostgreSQL): lane 0 is
-- the bot's next free send slot, every other lane a chat's next allowed send, in seconds
-- since the epoch of the server's clock. On SQLite one process paces its sends alone and
-- never writes here; the table exists so both engines keep one schema.
CREATE TABLE send_pace (
    lane     INTEGER PRIMARY KEY,
    next_at  REAL NOT NULL
);
