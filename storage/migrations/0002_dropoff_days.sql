-- Drop-off days (indleveringsdage): when the association takes in items, staffed by volunteers.
-- version grows with every change of time or place, so announcements can say "changed".
CREATE TABLE dropoff_days (
    id                INTEGER PRIMARY KEY,
    starts_at         TEXT NOT NULL,               -- UTC instant
    ends_at           TEXT NOT NULL,               -- UTC instant, after starts_at
    place             TEXT NOT NULL,
    volunteers_needed INTEGER NOT NULL DEFAULT 0 CHECK (volunteers_needed >= 0),
    status            TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'cancelled')),
    plan_id           INTEGER,                     -- set when made by a repeating plan
    version           INTEGER NOT NULL DEFAULT 1,
    created_by        INTEGER,                     -- Telegram user id of the admin
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX dropoff_days_start ON dropoff_days (status, starts_at);
-- A repeating plan makes each day once, however often it runs.
CREATE UNIQUE INDEX dropoff_days_plan_start ON dropoff_days (plan_id, starts_at)
    WHERE plan_id IS NOT NULL;
