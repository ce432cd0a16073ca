-- Who did what: every admin action (accept, decline, approve, export with personal data,
-- announcement …). Owners read it with /audit. No personal details in `details`: ids and codes.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor_id  INTEGER NOT NULL,          -- Telegram user id of the admin
    action    TEXT NOT NULL,             -- e.g. 'offer.accept', 'request.decline', 'export.personal'
    subject   TEXT,                      -- e.g. 'G-1042', 'H-1001', 'day:12'
    details   TEXT                       -- short, non-personal (JSON or text)
);
CREATE INDEX audit_log_at ON audit_log (at);

-- Who wants to hear about what. A row exists only after the person said yes.
CREATE TABLE subscriptions (
    user_id       INTEGER NOT NULL,
    topic         TEXT NOT NULL CHECK (topic IN ('dropoff', 'christmas', 'news')),
    subscribed_at TEXT NOT NULL,
    PRIMARY KEY (user_id, topic)
) WITHOUT ROWID;
CREATE INDEX subscriptions_topic ON subscriptions (topic);
