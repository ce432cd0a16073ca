-- Offers of items from donors, their photos, the questions admins relay about them, the
-- categories the association does not take right now, and the admin-chat messages of each offer.
--
-- Privacy: when a donor erases their data the offer is anonymised: every column marked PERSONAL
-- becomes NULL, photos and question texts are deleted and anonymised_at is set. What stays
-- (category, size, quantity, condition, hand-over kind, status, dates) points to no one and keeps
-- the statistics honest. A CHECK enforces that an anonymised row holds no personal column. The
-- database runs with secure_delete=ON, so old values are overwritten in the file.
--
-- Status: pending → accepted → received; pending → declined; pending → withdrawn (by the donor).
-- Allowed changes live in domain/offers.py (TRANSITIONS).

CREATE TABLE offers (
    id                INTEGER PRIMARY KEY,
    -- What donors and admins quote ("G-1001", G for gave). Derived from id, never stored.
    reference         TEXT GENERATED ALWAYS AS ('G-' || (id + 1000)) VIRTUAL,
    donor_id          INTEGER,        -- PERSONAL: Telegram user id; no FK, /deletedata may drop users
    category_key      TEXT NOT NULL,  -- category key from the organisation profile
    description       TEXT,           -- PERSONAL: the donor's own words
    size              TEXT,           -- '110', '110/116', 'XL', '38.5', 'mixed'; NULL when none
    quantity          INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 100),
    condition         TEXT NOT NULL CHECK (condition IN ('like_new', 'good', 'worn')),
    handover          TEXT NOT NULL CHECK (handover IN ('dropoff', 'pickup')),
    -- The day the donor picked. SET NULL: a deleted day must not block the delete.
    dropoff_day_id    INTEGER REFERENCES dropoff_days (id) ON DELETE SET NULL,
    pickup_address    TEXT,           -- PERSONAL
    pickup_postcode   TEXT,           -- PERSONAL: with the address gone it still narrows a home
    phone             TEXT,           -- PERSONAL: E.164, optional
    status            TEXT NOT NULL DEFAULT 'pending' CHECK (status IN
                      ('pending', 'accepted', 'declined', 'received', 'withdrawn')),
    decided_by        INTEGER,        -- admin's Telegram user id (accept or decline)
    decided_at        TEXT,
    decline_preset    INTEGER,        -- index into the profile's decline_reasons; kept
    decline_text      TEXT,           -- PERSONAL: a reason an admin typed about this offer
    -- On accept: 'dropoff' on accepted_day_id, or 'pickup' = "we will contact you about pickup".
    accepted_handover TEXT CHECK (accepted_handover IN ('dropoff', 'pickup')),
    accepted_day_id   INTEGER REFERENCES dropoff_days (id) ON DELETE SET NULL,
    received_by       INTEGER,
    received_at       TEXT,
    -- The conversation's draft id: a doubled "send" or a redelivered update stores one offer.
    -- Cleared on anonymising because it links the row to the person's conversation data.
    idempotency_key   TEXT UNIQUE,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    anonymised_at     TEXT,
    CHECK (anonymised_at IS NOT NULL OR (donor_id IS NOT NULL AND description IS NOT NULL
           AND idempotency_key IS NOT NULL)),
    CHECK (anonymised_at IS NOT NULL OR handover = 'dropoff'
           OR (pickup_address IS NOT NULL AND pickup_postcode IS NOT NULL)),
    CHECK ((status = 'accepted' OR status = 'received') = (accepted_handover IS NOT NULL)),
    CHECK (anonymised_at IS NULL OR (donor_id IS NULL AND description IS NULL
           AND pickup_address IS NULL AND pickup_postcode IS NULL AND phone IS NULL
           AND decline_text IS NULL AND idempotency_key IS NULL))
);
CREATE INDEX offers_status ON offers (status, created_at, id);
CREATE INDEX offers_donor ON offers (donor_id, created_at) WHERE donor_id IS NOT NULL;
CREATE INDEX offers_dropoff_day ON offers (dropoff_day_id) WHERE dropoff_day_id IS NOT NULL;
CREATE INDEX offers_accepted_day ON offers (accepted_day_id) WHERE accepted_day_id IS NOT NULL;

-- Up to five photos per offer, in the order the donor sent them. PERSONAL as a whole (a photo
-- can show a home), so erasure deletes the rows.
CREATE TABLE offer_photos (
    offer_id       INTEGER NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL CHECK (position BETWEEN 1 AND 5),
    file_id        TEXT NOT NULL,    -- Telegram's id to send it again
    file_unique_id TEXT NOT NULL,    -- the same picture sent twice has the same one
    PRIMARY KEY (offer_id, position),
    UNIQUE (offer_id, file_unique_id)
) WITHOUT ROWID;

-- A question an admin relays to the donor, and the donor's answer, by reference number.
-- Anonymising keeps the row (how often we had to ask is a statistic) without the texts.
CREATE TABLE offer_questions (
    id            INTEGER PRIMARY KEY,
    offer_id      INTEGER NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    asked_by      INTEGER NOT NULL,  -- admin's Telegram user id
    question      TEXT,              -- PERSONAL: about this donor's things
    asked_at      TEXT NOT NULL,
    answer        TEXT,              -- PERSONAL: their own words
    answered_at   TEXT,
    anonymised_at TEXT,
    CHECK (anonymised_at IS NOT NULL OR question IS NOT NULL),
    CHECK (anonymised_at IS NULL OR (question IS NULL AND answer IS NULL)),
    CHECK ((answer IS NULL) OR (answered_at IS NOT NULL))
);
CREATE INDEX offer_questions_offer ON offer_questions (offer_id, id);

-- Categories not taken right now ("vi tager ikke imod sofaer før januar"), set by admins.
-- until is a local date, the last day included; NULL means until an admin clears it.
CREATE TABLE not_now_categories (
    category_key TEXT PRIMARY KEY,
    reason_da    TEXT NOT NULL,
    reason_en    TEXT NOT NULL,
    until        TEXT CHECK (until IS NULL OR until GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    set_by       INTEGER NOT NULL,
    set_at       TEXT NOT NULL
) WITHOUT ROWID;

-- The admin-chat messages showing an offer, so they can be edited after a decision (and a reply
-- to one of them can be matched to its offer).
CREATE TABLE offer_admin_messages (
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    offer_id   INTEGER NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    PRIMARY KEY (chat_id, message_id)
) WITHOUT ROWID;
CREATE INDEX offer_admin_messages_offer ON offer_admin_messages (offer_id);
