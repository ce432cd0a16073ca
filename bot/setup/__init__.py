"""`run_bot.py setup` and `run_bot.py check`: set-up and health check for a board with no IT
person. The wizard (wizard.py) asks in the terminal, links the owner's Telegram account and the
admins' group by one-time codes (telegram_link.py), and writes .env (env_file.py) and the
organisation profile (profile_file.py); check.py says, one line per item, whether all is well.
"""
