"""A child's age as people say it, for the family's summary, the board's cards and the matches."""

from __future__ import annotations

from bot.i18n import Translator


def age_text(t: Translator, age: int) -> str:
    _ = t.gettext
    if age == 0:
        return _("under 1 year")
    return t.ngettext("{age} year", "{age} years", age).format(age=age)
