-- Platform tables: people who use the bot, updates already handled, PTB persistence, the outbox.
-- Times are ISO 8601 UTC text ("2026-11-22T10:00:00.000000Z"), which sorts like the instants.

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,          -- Telegram user id
    language        TEXT NOT NULL DEFAULT 'da',   -- 'da' or 'en'
    language_chosen INTEGER NOT NULL DEFAULT 0,   -- 1 once the person picked it with /language
    created_at      TEXT NOT NULL,
    last_seen_at    TEXT NOT NULL,
    unreachable_at  TEXT                          -- set when Telegram says 403 (blocked / deleted)
);

-- Telegram delivers an update again after a crash; each id is handled once.
CREATE TABLE processed_updates (
    update_id   INTEGER PRIMARY KEY,
    received_at TEXT NOT NULL
);
CREATE INDEX processed_updates_received ON processed_updates (received_at);

-- python-telegram-bot's persistence: user_data, chat_data, bot_data, callback_data and the
-- conversation states, as JSON. kind is 'user', 'chat', 'bot', 'callback' or 'conv:<name>'.
CREATE TABLE ptb_persistence (
    kind TEXT NOT NULL,
    key  TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;

-- Every message the bot sends on its own initiative. One sender delivers the rows.
-- status: pending → sending → sent | blocked | failed; 'uncertain' for a row that was being sent
-- when the process died (we cannot know whether Telegram got it, so it is never sent again).
CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY,
    chat_id      INTEGER NOT NULL,
    method       TEXT NOT NULL,                  -- sendMessage, sendPhoto, sendMediaGroup, sendDocument
    payload      TEXT NOT NULL,                  -- JSON of the method's arguments
    dedup_key    TEXT UNIQUE,                    -- the same notice to the same chat is queued once
    batch_id     INTEGER,                        -- a broadcast's rows share one
    priority     INTEGER NOT NULL DEFAULT 0,     -- higher first: personal notices before broadcasts
    status       TEXT NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending','sending','sent','blocked','failed','uncertain')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    not_before   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    sent_at      TEXT,
    message_id   INTEGER,
    last_error   TEXT
);
CREATE INDEX outbox_due ON outbox (status, priority DESC, not_before, id);
CREATE INDEX outbox_batch ON outbox (batch_id, status);
