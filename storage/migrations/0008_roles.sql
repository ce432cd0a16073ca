-- Roles given in the chat by an owner (owners themselves are ADMIN_IDS in the settings, never
-- stored here). 'admin' reviews offers and requests and posts announcements; 'coordinator'
-- manages drop-off days and shifts only. One role per person; removing the role deletes the row.
CREATE TABLE roles (
    user_id    INTEGER PRIMARY KEY,                  -- Telegram user id
    role       TEXT NOT NULL CHECK (role IN ('admin', 'coordinator')),
    granted_by INTEGER NOT NULL,                     -- Telegram user id of the owner
    granted_at TEXT NOT NULL
);
CREATE INDEX roles_role ON roles (role);
