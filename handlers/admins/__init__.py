"""Who may do what: owners, admins and coordinators (/admins), and the audit log (/audit).

handlers.py is /admins, audit.py /audit, actions.py the role changes (each one transaction),
command_lists.py the person's command list after a change, texts.py what owners and the
person read.
"""

from handlers.admins import handlers
from handlers.journey import Journey

JOURNEY = Journey(name="admins", handlers=handlers.build)
