-- Write to us: one thread per person with the board, and its messages both ways.
-- status: 'open' until the board closes it; a closed thread is deleted after RETENTION_DAYS.
-- role: what the person is to us when they wrote first (family, donor, volunteer, other):
-- coordinators see only volunteers' threads, admins all.
CREATE TABLE threads (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL,
    name            TEXT NOT NULL,        -- the first name Telegram gave, for the board's list
    role            TEXT NOT NULL CHECK (role IN ('family', 'donor', 'volunteer', 'other')),
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    created_at      TEXT NOT NULL,
    waiting_since   TEXT,                 -- the person's oldest message not yet answered
    closed_at       TEXT,
    closed_by       INTEGER
);
-- One open thread per person.
CREATE UNIQUE INDEX threads_open_per_user ON threads (user_id) WHERE status = 'open';
CREATE INDEX threads_status ON threads (status, waiting_since);

CREATE TABLE thread_messages (
    id          INTEGER PRIMARY KEY,
    thread_id   INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    from_board  INTEGER NOT NULL DEFAULT 0,   -- 1: the board's answer; 0: the person's message
    author_id   INTEGER NOT NULL,             -- who wrote it (the person, or the board member)
    kind        TEXT NOT NULL CHECK (kind IN ('text', 'photo', 'document')),
    body        TEXT,                         -- the text, or the caption
    file_id     TEXT,                         -- Telegram's file id for a photo or document
    file_name   TEXT,
    source_key  TEXT NOT NULL UNIQUE,         -- "<chat>:<message id>": a redelivery adds nothing
    created_at  TEXT NOT NULL
);
CREATE INDEX thread_messages_thread ON thread_messages (thread_id, id);
