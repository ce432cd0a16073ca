-- Where the board was shown a person's details outside the outbox, so /deletedata can find it.
--
-- Where a roster (/roster, who is on a day with names and phone numbers) was shown, so that
-- /deletedata can redraw it without the person who asked to be forgotten (Telegram keeps what
-- the bot sent). language: the reader's, to redraw it in. A roster turned to another day
-- (‹ ›) moves its row to that day.
CREATE TABLE roster_messages (
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    day_id     INTEGER NOT NULL REFERENCES dropoff_days (id) ON DELETE CASCADE,
    language   TEXT NOT NULL,
    page       INTEGER,               -- /roster without a date: which coming day (0: the next)
    shown_at   TEXT NOT NULL,
    PRIMARY KEY (chat_id, message_id)
);
CREATE INDEX roster_messages_day ON roster_messages (day_id);

-- Messages the bot sent straight to a board member's chat (not through the outbox) that show
-- one person's details: a »Write to us« conversation's history, »Write your answer to Sara«,
-- the /inbox list. /deletedata edits each to »[deleted]«, then forgets the row.
CREATE TABLE board_copies (
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,      -- whose details it shows
    shown_at   TEXT NOT NULL,
    PRIMARY KEY (chat_id, message_id, user_id)
);
CREATE INDEX board_copies_user ON board_copies (user_id);
