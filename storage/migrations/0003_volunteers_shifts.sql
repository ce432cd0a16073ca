-- Volunteers and their shifts. A shift is one drop-off day (dropoff_days.id) with
-- volunteers_needed places; people beyond that wait on its waitlist in sign-up order.

-- Repeating plans ("2. og 4. lørdag, 10-13, 4 frivillige") that create drop-off days ahead.
CREATE TABLE dropoff_plans (
    id                INTEGER PRIMARY KEY,
    weekday           INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),  -- Monday = 0
    weeks             TEXT NOT NULL,               -- weeks of the month: "2,4"; -1 = the last
    start_time        TEXT NOT NULL,               -- local wall time "HH:MM"
    end_time          TEXT NOT NULL,               -- local wall time "HH:MM", after start_time
    volunteers_needed INTEGER NOT NULL CHECK (volunteers_needed >= 0),
    place             TEXT NOT NULL,
    weeks_ahead       INTEGER NOT NULL DEFAULT 8 CHECK (weeks_ahead BETWEEN 1 AND 52),
    active            INTEGER NOT NULL DEFAULT 1,
    created_by        INTEGER,                     -- Telegram user id of the admin
    created_at        TEXT NOT NULL,
    stopped_at        TEXT,
    CHECK (end_time > start_time)
);

-- The instant a plan first gave a day. An admin may move that day later; the plan must still
-- recognise the slot as made, or it would create the original day a second time.
ALTER TABLE dropoff_days ADD COLUMN plan_slot TEXT;
CREATE UNIQUE INDEX dropoff_days_plan_slot ON dropoff_days (plan_id, plan_slot)
    WHERE plan_id IS NOT NULL;

-- Personal data kept to the minimum: name, phone, what they like to do, when they consented.
-- Erasure deletes the row (secure_delete overwrites it) and, through the cascades, the sign-ups.
CREATE TABLE volunteers (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL UNIQUE,           -- Telegram user id; -id once erased
    name        TEXT NOT NULL,
    phone       TEXT NOT NULL,
    skills      TEXT NOT NULL DEFAULT '[]',        -- JSON list of short keys or words
    consent_at  TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'approved', 'declined', 'erased')),
    decided_by  INTEGER,                           -- Telegram user id of the admin
    decided_at  TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX volunteers_status ON volunteers (status);

-- A volunteer on a day: 'confirmed' holds a place, 'waitlisted' waits in signed_up_at order.
-- Leaving deletes the row. attended stays NULL until an admin marks came (1) / did not come (0).
-- AUTOINCREMENT: an id is never given again after its row is deleted, so a new sign-up never
-- inherits the reminders or outbox keys of an old one.
CREATE TABLE shift_signups (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    day_id       INTEGER NOT NULL REFERENCES dropoff_days (id) ON DELETE CASCADE,
    volunteer_id INTEGER NOT NULL REFERENCES volunteers (id) ON DELETE CASCADE,
    status       TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted')),
    signed_up_at TEXT NOT NULL,
    promoted_at  TEXT,                             -- when it moved up from the waitlist
    attended     INTEGER CHECK (attended IN (0, 1)),
    marked_by    INTEGER,
    marked_at    TEXT,
    UNIQUE (day_id, volunteer_id)
);
CREATE INDEX shift_signups_day ON shift_signups (day_id, status, signed_up_at, id);
CREATE INDEX shift_signups_volunteer ON shift_signups (volunteer_id);

-- Reminders already sent (or deliberately skipped), per start time: when an admin moves the
-- day, the reminders for the new time are due again; a restart never sends one twice.
CREATE TABLE shift_reminders_sent (
    signup_id      INTEGER NOT NULL REFERENCES shift_signups (id) ON DELETE CASCADE,
    offset_minutes INTEGER NOT NULL,
    for_starts_at  TEXT NOT NULL,
    sent_at        TEXT NOT NULL,
    PRIMARY KEY (signup_id, offset_minutes, for_starts_at)
) WITHOUT ROWID;

-- One-off notices about a day, e.g. 'short_staffed' 48 hours before, once per start time.
CREATE TABLE dropoff_day_alerts (
    day_id        INTEGER NOT NULL REFERENCES dropoff_days (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    for_starts_at TEXT NOT NULL,
    sent_at       TEXT NOT NULL,
    PRIMARY KEY (day_id, kind, for_starts_at)
) WITHOUT ROWID;

-- Donors booked on a day live with their offers (migration 0004: offers.dropoff_day_id
-- REFERENCES dropoff_days (id)); a changed or cancelled day is announced to them from there.
