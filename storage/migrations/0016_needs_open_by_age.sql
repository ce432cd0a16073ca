-- Matching a new offer: the oldest open needs of its category first, so the lookup stops
-- after the first needs whose size fits (or is unknown) instead of sorting all of them.
CREATE INDEX needs_open_oldest ON needs (category_key, created_at, id) WHERE status = 'open';
