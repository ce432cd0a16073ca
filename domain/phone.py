"""Phone numbers, one rule for every journey: typed or shared, Danish or international."""

from __future__ import annotations

import re

import phonenumbers

_PHONE_CHARACTERS = re.compile(r"\+?[\d\s().\-/]{3,25}", re.ASCII)


def normalise_phone(text: str, *, shared_contact: bool = False, region: str = "DK") -> str | None:
    """The number as E.164 ('+4512345678'), or None when it is not a phone number.

    - Telegram's shared contact gives the international number without '+', and it is the
      person's real number even where the library does not know the range yet.
    - Danish numbers count when they have the 8 digits of the numbering plan: the library's
      stricter ranges refuse numbers such as 12 34 56 78 that people do use.
    - Digits of any script are read (some people type Arabic-Indic digits).
    """
    raw = "".join(str(int(char)) if char.isdecimal() else char for char in text.strip())
    if shared_contact and raw[:1].isdigit():
        raw = "+" + raw
    if not _PHONE_CHARACTERS.fullmatch(raw):
        return None
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if number.country_code == 45:
        valid = len(str(number.national_number)) == 8 and not number.italian_leading_zero
    elif shared_contact:
        valid = phonenumbers.is_possible_number(number)
    else:
        valid = phonenumbers.is_valid_number(number)
    if not valid:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(number: str | None) -> str:
    """How a stored number reads everywhere (cards, rosters, summaries, CSV files).

    A Danish number in its national form ('22 33 44 55'), a foreign one in the international
    form ('+46 70 123 45 67'); text that is not a number comes back unchanged, None as ''.
    Danish numbers outside the library's known ranges (12 34 56 78) are paired the same way.
    """
    if not number:
        return ""
    if not _PHONE_CHARACTERS.fullmatch(number.strip()):
        return number
    try:
        parsed = phonenumbers.parse(number, "DK")
    except phonenumbers.NumberParseException:
        return number
    digits = str(parsed.national_number)
    if parsed.country_code == 45 and len(digits) == 8:
        return " ".join(digits[i : i + 2] for i in range(0, 8, 2))
    if not phonenumbers.is_possible_number(parsed):
        return number
    form = phonenumbers.PhoneNumberFormat
    return phonenumbers.format_number(
        parsed, form.NATIONAL if parsed.country_code == 45 else form.INTERNATIONAL
    )
