-- Needs: what a family's request asks for, as structured items the matching can compare with
-- offers (domain/matching.py), and the reservations of offered items for a need.
--
-- A request records one need per child for a sized help type (the child's size and age), or
-- one need for the household otherwise (domain.matching.needs_for_request). The free text stays
-- on the request. size_rank is the size's place on the category's scale (domain.matching
-- .size_span), so "one child size either side" is a range on an index.
--
-- Privacy: size and child_age describe a specific child, so anonymising the request clears them
-- (and size_rank); category, quantity, status, source and dates stay for the statistics.
--
-- Status: open → met (source: matching, efterlysning or dropoff); open → cancelled.

CREATE TABLE needs (
    id           INTEGER PRIMARY KEY,
    request_id   INTEGER NOT NULL REFERENCES help_requests (id) ON DELETE CASCADE,
    category_key TEXT NOT NULL,   -- category key from the organisation profile
    size         TEXT,            -- PERSONAL (with the age): '122', 'XL', '38'; NULL: any/unknown
    size_rank    REAL,            -- the size on the category's scale; NULL when no size
    child_age    INTEGER CHECK (child_age BETWEEN 0 AND 17),  -- PERSONAL
    quantity     INTEGER NOT NULL DEFAULT 1 CHECK (quantity BETWEEN 1 AND 100),
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'met', 'cancelled')),
    source       TEXT CHECK (source IN ('matching', 'efterlysning', 'dropoff')),
    offer_id     INTEGER REFERENCES offers (id) ON DELETE SET NULL,  -- what met it, if an offer
    created_at   TEXT NOT NULL,
    met_at       TEXT,
    CHECK ((status = 'met') = (met_at IS NOT NULL)),
    CHECK ((status = 'met') = (source IS NOT NULL))
);
-- Finding the open needs an offer fits: one category, a range of sizes.
CREATE INDEX needs_open_match ON needs (category_key, size_rank) WHERE status = 'open';
CREATE INDEX needs_request ON needs (request_id, id);
CREATE INDEX needs_created ON needs (created_at);
CREATE INDEX needs_met ON needs (met_at) WHERE met_at IS NOT NULL;

-- An accepted offer's items set aside for a need (one reservation per need); the offer's items
-- still free are its quantity minus what is reserved.
CREATE TABLE reservations (
    id           INTEGER PRIMARY KEY,
    offer_id     INTEGER NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    need_id      INTEGER NOT NULL UNIQUE REFERENCES needs (id) ON DELETE CASCADE,
    request_id   INTEGER NOT NULL REFERENCES help_requests (id) ON DELETE CASCADE,
    quantity     INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 100),
    reserved_by  INTEGER NOT NULL,  -- admin's Telegram user id
    reserved_at  TEXT NOT NULL
);
CREATE INDEX reservations_offer ON reservations (offer_id);
CREATE INDEX reservations_request ON reservations (request_id);
