-- Where a roster (/roster, who is on a day with names and phone numbers) was shown, so that
-- /deletedata can redraw it without the person who asked to be forgotten (Telegram keeps what
-- the bot sent). language: the reader's, to redraw it in. A roster turned to another day
-- (‹ ›) moves its row to that day.
CREATE TABLE roster_messages (
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    day_id     INTEGER NOT NULL REFERENCES dropoff_days (id) ON DELETE CASCADE,
    language   TEXT NOT NULL,
    shown_at   TEXT NOT NULL,
    PRIMARY KEY (chat_id, message_id)
);
CREATE INDEX roster_messages_day ON roster_messages (day_id);
