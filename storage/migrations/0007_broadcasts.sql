-- Broadcasts: admin announcements and the drop-off day notices the bot sends on its own.
-- Every message itself is an outbox row (dedup_key "announcement:<id>:<user_id>",
-- "dropoff:<day_id>:v<version>:notice:<user_id>" …), so nobody gets the same one twice; these
-- tables only remember what was decided and queued.

-- One admin announcement. status: scheduled → sending → sent, or scheduled → cancelled.
-- It is expanded into outbox rows in one transaction together with the move to 'sending', so
-- after a crash it is either fully queued or not queued at all (and then queued again).
CREATE TABLE announcements (
    id                  INTEGER PRIMARY KEY,
    text                TEXT NOT NULL,              -- HTML (Telegram formatting of the admin's text)
    photo_file_id       TEXT,                       -- Telegram's id of an optional photo
    audience            TEXT NOT NULL CHECK (audience IN
                        ('all', 'dropoff', 'christmas', 'news', 'volunteers', 'donors', 'recipients')),
    status              TEXT NOT NULL DEFAULT 'scheduled'
                        CHECK (status IN ('draft', 'scheduled', 'sending', 'sent', 'cancelled')),
    scheduled_for       TEXT NOT NULL,              -- UTC instant; "send now" is the moment pressed
    created_by          INTEGER NOT NULL,           -- admin's Telegram user id
    created_at          TEXT NOT NULL,
    -- The conversation's draft id: a doubled "send" stores one announcement.
    idempotency_key     TEXT UNIQUE,
    batch_id            INTEGER UNIQUE,             -- outbox.batch_id of its rows (set when queued)
    queued_at           TEXT,
    recipients          INTEGER,                    -- outbox rows queued
    skipped_unreachable INTEGER NOT NULL DEFAULT 0, -- in the audience but known to have blocked us
    -- Where the admin follows the progress: the chat it was written in; the message is an outbox
    -- row (dedup "announcement:<id>:progress"), edited as the rows are delivered.
    progress_chat_id    INTEGER NOT NULL,
    progress_language   TEXT NOT NULL DEFAULT 'da',
    reported_at         TEXT,                       -- the final report was shown
    cancelled_by        INTEGER,
    cancelled_at        TEXT,
    CHECK ((status IN ('sending', 'sent')) = (batch_id IS NOT NULL))
);
CREATE INDEX announcements_status ON announcements (status, scheduled_for);

-- Outbox batch ids are handed out here, so two kinds of broadcast never share one.
CREATE TABLE broadcast_batches (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,                       -- 'announcement', 'dropoff', 'digest'
    created_at TEXT NOT NULL
);

-- Drop-off day broadcasts already queued, per day, kind and version of the day. A moved day has
-- a new version, so its notice is due again (and says what changed, compared with the time and
-- place told then, kept here); a restart repeats nothing.
CREATE TABLE dropoff_broadcasts (
    day_id     INTEGER NOT NULL REFERENCES dropoff_days (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('notice', 'reminder', 'cancelled')),
    version    INTEGER NOT NULL,
    batch_id   INTEGER NOT NULL,
    queued_at  TEXT NOT NULL,
    recipients INTEGER NOT NULL,
    starts_at  TEXT NOT NULL,                       -- the day as told (UTC instants, the place)
    ends_at    TEXT NOT NULL,
    place      TEXT NOT NULL,
    PRIMARY KEY (day_id, kind, version)
) WITHOUT ROWID;

-- Weekly digests already queued, by the local date of the digest moment ('2026-11-30').
CREATE TABLE dropoff_digests (
    week_of    TEXT PRIMARY KEY,
    batch_id   INTEGER NOT NULL,
    queued_at  TEXT NOT NULL,
    recipients INTEGER NOT NULL
) WITHOUT ROWID;
