-- Telegram's limits shared by every replica that sends for the bot: lane 0 is the bot's
-- next free send slot, every other lane a chat's next allowed send, in seconds since the
-- epoch of the server's clock (one clock for all replicas). Unlogged: a crash loses the
-- lanes, which only means the first sends after it start a fresh schedule.
CREATE UNLOGGED TABLE send_pace (
    lane     BIGINT PRIMARY KEY,
    next_at  DOUBLE PRECISION NOT NULL
);

-- One send's turn, in one round trip. While the chat's last send (by any replica) is too
-- recent: minus the seconds to wait before asking again, and nothing is taken. Otherwise
-- the bot's next slot is taken, the chat's next send is set from it, and the seconds until
-- that slot (>= 0) are returned. Rows are locked chat first, bot second, always.
CREATE FUNCTION send_turn(chat BIGINT, chat_interval DOUBLE PRECISION,
                          slot_interval DOUBLE PRECISION)
RETURNS DOUBLE PRECISION LANGUAGE plpgsql AS $$
DECLARE
    now_at   DOUBLE PRECISION := extract(epoch FROM clock_timestamp());
    chat_at  DOUBLE PRECISION;
    slot     DOUBLE PRECISION;
BEGIN
    IF chat IS NOT NULL THEN
        INSERT INTO send_pace (lane, next_at) VALUES (chat, 0) ON CONFLICT (lane) DO NOTHING;
        SELECT next_at INTO chat_at FROM send_pace WHERE lane = chat FOR UPDATE;
        IF chat_at > now_at THEN
            RETURN now_at - chat_at;
        END IF;
    END IF;
    INSERT INTO send_pace AS pace (lane, next_at) VALUES (0, now_at + slot_interval)
        ON CONFLICT (lane) DO UPDATE SET next_at = GREATEST(pace.next_at, now_at) + slot_interval
        RETURNING next_at - slot_interval INTO slot;
    IF chat IS NOT NULL THEN
        UPDATE send_pace SET next_at = slot + chat_interval WHERE lane = chat;
    END IF;
    RETURN slot - now_at;
END $$;
