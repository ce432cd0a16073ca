-- Efterlysninger (wanted posts): the board asks donors for one thing a family needs, through
-- the outbox (one broadcast batch) to the subscribers of the topic 'wanted'. Nothing about the
-- family is stored here but the request it is for (request_id), which donors never see.
-- status: open → closed (the need is met). An offer made with the post's "🙋 Det har jeg"
-- button carries offers.wanted_id.
CREATE TABLE wanted_posts (
    id                  INTEGER PRIMARY KEY,
    -- What admins and the cards quote ("E-12"). Derived from id, never stored.
    reference           TEXT GENERATED ALWAYS AS ('E-' || id) VIRTUAL,
    category_key        TEXT NOT NULL,           -- category key from the organisation profile
    size                TEXT,                    -- as the donate journey checks sizes; NULL: none
    text                TEXT NOT NULL,           -- the admin's short text (plain, escaped on show)
    photo_file_id       TEXT,
    -- The request it is for (SET NULL: an erased request must not block the delete).
    request_id          INTEGER REFERENCES help_requests (id) ON DELETE SET NULL,
    status              TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    created_by          INTEGER NOT NULL,        -- admin's Telegram user id
    created_at          TEXT NOT NULL,
    idempotency_key     TEXT UNIQUE,             -- the draft's id: a doubled "send" stores one
    batch_id            INTEGER UNIQUE,          -- outbox.batch_id of its deliveries
    recipients          INTEGER NOT NULL DEFAULT 0,
    skipped_unreachable INTEGER NOT NULL DEFAULT 0,
    admin_chat_id       INTEGER NOT NULL,        -- where the admin's copy (with "close") went
    admin_language      TEXT NOT NULL DEFAULT 'da',
    closed_by           INTEGER,
    closed_at           TEXT,
    -- On close with a request: the source a met need gets ('efterlysning'), for the board's
    -- statistics; the needs table (another migration) can be filled from it.
    need_met_source     TEXT,
    CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX wanted_posts_open ON wanted_posts (status, id);

-- The efterlysning an offer answers ("🙋 Det har jeg"); NULL for every other offer.
ALTER TABLE offers ADD COLUMN wanted_id INTEGER REFERENCES wanted_posts (id) ON DELETE SET NULL;
CREATE INDEX offers_wanted ON offers (wanted_id) WHERE wanted_id IS NOT NULL;

-- The new topic 'wanted' (efterlysninger): the CHECK of subscriptions is rebuilt to allow it.
CREATE TABLE subscriptions_new (
    user_id       INTEGER NOT NULL,
    topic         TEXT NOT NULL CHECK (topic IN ('dropoff', 'christmas', 'news', 'wanted')),
    subscribed_at TEXT NOT NULL,
    PRIMARY KEY (user_id, topic)
) WITHOUT ROWID;
INSERT INTO subscriptions_new (user_id, topic, subscribed_at)
    SELECT user_id, topic, subscribed_at FROM subscriptions;
DROP TABLE subscriptions;
ALTER TABLE subscriptions_new RENAME TO subscriptions;
CREATE INDEX subscriptions_topic ON subscriptions (topic);
