-- Which process handles a person's updates now. With several replicas on one database,
-- any may take an update in; the one holding the chat's lease handles it, so one person's
-- updates are handled in order, by one replica at a time. A lease runs out when its
-- holder stops renewing it (killed): another replica then adopts the chat's open updates.
CREATE TABLE chat_leases (
    chat_key  BIGINT PRIMARY KEY,
    holder    TEXT NOT NULL,
    until     TEXT NOT NULL
);

-- A chat's open updates in order, for the holder that finishes its lane and for adoption.
CREATE INDEX inbox_chat_open ON inbox (chat_key, update_id) WHERE status IN ('new', 'committed');
