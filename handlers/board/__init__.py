"""The board's overview: /stats, /export, and the nightly backups.

periods.py is the period picker both commands share, handlers.py /stats and the conversation,
export.py and csv_tables.py the CSV files, actions.py what they write (the export's audit row),
backups.py the nightly job, texts.py what the board reads.
"""

from handlers.board import backups, handlers
from handlers.journey import Journey

JOURNEY = Journey(name="board", handlers=handlers.build, on_start=[backups.START])
