-- Updates taken from Telegram and confirmed to it before they were handled, kept here so a crash
-- loses none (bot/polling.py). Telegram hands out at most 100 updates past the first unfinished
-- one; on a busy day those 100 wait behind slow ones and a press waits past Telegram's patience.
-- So when many are unfinished, the poller writes them here, confirms them, and reads on; after a
-- crash the ones here not in processed_updates are handled again, before any new update.
-- data holds the raw update (a person's text): a row lives only until its update is done (the
-- next parking and each start delete the done ones).
CREATE TABLE parked_updates (
    update_id INTEGER PRIMARY KEY,
    data      TEXT NOT NULL,
    parked_at TEXT NOT NULL
);
