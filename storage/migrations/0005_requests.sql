-- Help requests from recipients, and the questions admins relay about them.
--
-- Privacy: a request is personal (and often sensitive) while it is being handled. When the person
-- erases their data, or RETENTION_DAYS after the request closed, the row is anonymised: every
-- column marked PERSONAL below becomes NULL and anonymised_at is set. What stays (kind, status,
-- dates, number of adults and children, referral code, season, feedback score) cannot point back
-- to a family and keeps the yearly statistics honest. A CHECK enforces that an anonymised row
-- holds no personal column. The database runs with secure_delete=ON, so the old values are
-- overwritten in the file, not left in free space.
--
-- Status: pending → needs_info ⇄ pending → approved → handed_over; declined or withdrawn close it
-- too. Allowed changes live in domain/requests.py (TRANSITIONS).

CREATE TABLE help_requests (
    id               INTEGER PRIMARY KEY,
    -- What people and admins quote ("H-1001"). Derived from id, so it never needs storing.
    reference        TEXT GENERATED ALWAYS AS ('H-' || (id + 1000)) VIRTUAL,
    user_id          INTEGER,        -- PERSONAL: Telegram user id; no FK, /deletedata may drop users
    kind             TEXT NOT NULL,  -- help type key from the organisation profile
    adults           INTEGER NOT NULL CHECK (adults BETWEEN 1 AND 10),
    children_count   INTEGER NOT NULL CHECK (children_count BETWEEN 0 AND 12),
    -- PERSONAL: JSON [{"age": 7, "size": "122"}, ...]; ages and sizes describe specific children.
    children         TEXT,
    needs            TEXT,           -- PERSONAL: their own words, may reveal health or finances
    -- PERSONAL: with the household make-up and the date, a postcode of a small village can single
    -- out a family, so it does not survive anonymisation.
    postcode         TEXT,
    -- Kept: "a caseworker sent me" names no one once the row is unlinked.
    referred_by      TEXT CHECK (referred_by IN ('caseworker', 'association', 'self', 'other')),
    referral_text    TEXT,           -- PERSONAL: may name a caseworker or an association contact
    phone            TEXT,           -- PERSONAL: E.164
    consent_at       TEXT NOT NULL,  -- when they agreed to the privacy note
    status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN
                     ('pending', 'needs_info', 'approved', 'declined', 'handed_over', 'withdrawn')),
    collect_text     TEXT,           -- PERSONAL: typed time and place, may hold a home address
    dropoff_day_id   INTEGER REFERENCES dropoff_days (id) ON DELETE SET NULL,
    decline_preset   INTEGER,        -- index into the profile's decline_reasons; kept
    decline_text     TEXT,           -- PERSONAL: a reason an admin typed about this family
    handed_over_at   TEXT,
    feedback_asked_at TEXT,          -- set once: the question is asked once
    feedback_score   INTEGER CHECK (feedback_score BETWEEN 1 AND 5),  -- kept
    feedback_comment TEXT,           -- PERSONAL: their own words
    feedback_at      TEXT,
    season           TEXT,           -- e.g. '2026' for a seasonal kind; NULL for the others
    -- The conversation's draft id: a doubled "send" stores one request. Cleared on anonymising
    -- because it links the row to the conversation data kept for the person.
    idempotency_key  TEXT UNIQUE,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    closed_at        TEXT,
    anonymised_at    TEXT,
    CHECK ((status IN ('declined', 'handed_over', 'withdrawn')) = (closed_at IS NOT NULL)),
    CHECK (anonymised_at IS NOT NULL OR user_id IS NOT NULL),
    CHECK (anonymised_at IS NULL OR (user_id IS NULL AND children IS NULL AND needs IS NULL
           AND postcode IS NULL AND referral_text IS NULL AND phone IS NULL
           AND collect_text IS NULL AND decline_text IS NULL AND feedback_comment IS NULL
           AND idempotency_key IS NULL))
);
CREATE UNIQUE INDEX help_requests_reference ON help_requests (reference);
CREATE INDEX help_requests_user ON help_requests (user_id, kind, status) WHERE user_id IS NOT NULL;
CREATE INDEX help_requests_phone ON help_requests (phone) WHERE phone IS NOT NULL;
CREATE INDEX help_requests_season ON help_requests (kind, season) WHERE season IS NOT NULL;
CREATE INDEX help_requests_status ON help_requests (status, created_at, id);
CREATE INDEX help_requests_retention ON help_requests (closed_at) WHERE anonymised_at IS NULL;

-- A question an admin relays to the person, and their answer, both by reference number.
-- Anonymising keeps the row (how often we had to ask is a statistic) without the texts.
CREATE TABLE help_request_questions (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES help_requests (id),
    question    TEXT,                -- PERSONAL: about this family's situation
    answer      TEXT,                -- PERSONAL: their own words
    asked_at    TEXT NOT NULL,
    answered_at TEXT,
    anonymised_at TEXT,
    CHECK (anonymised_at IS NOT NULL OR question IS NOT NULL),
    CHECK (anonymised_at IS NULL OR (question IS NULL AND answer IS NULL))
);
CREATE INDEX help_request_questions_request ON help_request_questions (request_id, id);
