"""Who may do what: owners, admins and coordinators (/admins), and the audit log (/audit)."""

from handlers.admins import handlers
from handlers.journey import Journey

JOURNEY = Journey(name="admins", handlers=lambda settings: handlers.HANDLERS)
