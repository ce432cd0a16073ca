"""The board's exports as CSV files that Excel on a Danish Windows PC opens right.

- Encoding "utf-8-sig": the BOM at the start makes Excel read UTF-8 (æ, ø, å) instead of the
  Windows ANSI code page.
- Delimiter: the admin's language decides. Danish Excel splits on the list separator of the
  Danish locale, which is ';' (',' is the decimal comma there), so a ','-separated file would
  open as one column; English Excel expects ',' (and English numbers use '.').
- Times are local ("2026-11-05 14:30"), which Excel recognises as dates in any locale.
- Text people typed that starts with = + - @ gets a leading apostrophe, so Excel shows it
  instead of running it as a formula (CSV injection).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from bot.i18n import N_, Translator
from domain.clock import from_db
from domain.organisation import Organisation
from domain.phone import display_phone
from handlers.board.texts import OFFER_STATUSES, REQUEST_STATUSES, number

DELIMITERS = {"da": ";", "en": ","}
ENCODING = "utf-8-sig"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CONDITIONS = {"like_new": N_("like new"), "good": N_("good"), "worn": N_("worn but whole")}
HANDOVERS = {"dropoff": N_("drop-off day"), "pickup": N_("pickup")}
VOLUNTEER_STATUSES = {
    "pending": N_("waiting"),
    "approved": N_("approved"),
    "declined": N_("declined"),
}
NEED_STATUSES = {"open": N_("open"), "met": N_("met"), "cancelled": N_("cancelled")}
NEED_SOURCES = {
    "matching": N_("matching"),
    "efterlysning": N_("wanted post"),
    "dropoff": N_("drop-off day"),
}
REFERRALS = {
    "caseworker": N_("caseworker"),
    "association": N_("association"),
    "self": N_("themselves"),
    "other": N_("other"),
}

Table = tuple[list[str], list[list[str]]]
Cell = Callable[[dict[str, Any]], str]


def delimiter(language: str) -> str:
    """';' for Danish Excel, ',' for English Excel (see the module docstring)."""
    return DELIMITERS.get(language, ";")


def to_csv(header: Sequence[str], rows: Sequence[Sequence[str]], language: str = "da") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter(language), lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(ENCODING)


class Cells:
    """Turns stored values into cells in the admin's language."""

    def __init__(self, t: Translator, org: Organisation) -> None:
        self.t = t
        self.categories = {c.key: c.label(t.language) for c in org.categories}
        self.kinds = {h.key: h.label(t.language) for h in org.help_types}
        self.skills = {s.key: s.label(t.language) for s in org.volunteer_skills}

    def skill_list(self, value: str | None) -> str:
        """'Sortering, Kørsel' from the stored JSON list of skill keys."""
        keys = json.loads(value or "[]")
        return self.free(", ".join(self.skills.get(key, key) for key in keys))

    def moment(self, value: str | None) -> str:
        return "" if not value else self.t.local(from_db(value)).strftime("%Y-%m-%d %H:%M")

    def day(self, value: str | None) -> str:
        return "" if not value else self.t.local(from_db(value)).strftime("%Y-%m-%d")

    def clock(self, value: str | None) -> str:
        return "" if not value else self.t.local(from_db(value)).strftime("%H:%M")

    def yes_no(self, value: object) -> str:
        if value is None:
            return ""
        return self.t.gettext("yes") if value else self.t.gettext("no")

    def label(self, labels: dict[str, str], value: str | None) -> str:
        return "" if value is None else self.t.gettext(labels[value]) if value in labels else value

    def hours(self, value: float | None) -> str:
        return number(self.t, value or 0.0)

    @staticmethod
    def free(value: object) -> str:
        """Text a person typed, made safe against formulas."""
        text = "" if value is None else str(value)
        return "'" + text if text.startswith(_FORMULA_STARTS) else text

    @staticmethod
    def phone(value: str | None) -> str:
        # "22 33 44 55" as in the chats; the spaces keep Excel from making it a number.
        shown = display_phone(value)
        return shown if shown != value else Cells.free(shown)

    @staticmethod
    def plain(value: object) -> str:
        return "" if value is None else str(value)


def _table(t: Translator, columns: Sequence[tuple[str, Cell]], rows: list[dict[str, Any]]) -> Table:
    header = [t.gettext(label) for label, _ in columns]
    return header, [[cell(row) for _, cell in columns] for row in rows]


def offers_table(cells: Cells, rows: list[dict[str, Any]], personal: bool) -> Table:
    c = cells
    columns: list[tuple[str, Cell]] = [
        (N_("Reference"), lambda r: c.plain(r["reference"])),
        (N_("Offered"), lambda r: c.moment(r["created_at"])),
        (N_("Category"), lambda r: c.label(c.categories, r["category_key"])),
        (N_("Size"), lambda r: c.free(r["size"])),
        (N_("Quantity"), lambda r: c.plain(r["quantity"])),
        (N_("Condition"), lambda r: c.label(CONDITIONS, r["condition"])),
        (N_("Hand-over"), lambda r: c.label(HANDOVERS, r["handover"])),
        (N_("Status"), lambda r: c.label(OFFER_STATUSES, r["status"])),
        (N_("Decided"), lambda r: c.moment(r["decided_at"])),
        (N_("Received"), lambda r: c.moment(r["received_at"])),
        (N_("Anonymised"), lambda r: c.yes_no(r["anonymised_at"] is not None)),
    ]
    if personal:
        columns += [
            (N_("Donor (Telegram id)"), lambda r: c.plain(r["donor_id"])),
            (N_("Description"), lambda r: c.free(r["description"])),
            (N_("Pickup address"), lambda r: c.free(r["pickup_address"])),
            (N_("Postcode"), lambda r: c.free(r["pickup_postcode"])),
            (N_("Phone"), lambda r: c.phone(r["phone"])),
            (N_("Reason given"), lambda r: c.free(r["decline_text"])),
        ]
    return _table(c.t, columns, rows)


def requests_table(cells: Cells, rows: list[dict[str, Any]], personal: bool) -> Table:
    c = cells
    columns: list[tuple[str, Cell]] = [
        (N_("Reference"), lambda r: c.plain(r["reference"])),
        (N_("Asked"), lambda r: c.moment(r["created_at"])),
        (N_("Kind"), lambda r: c.label(c.kinds, r["kind"])),
        (N_("Adults"), lambda r: c.plain(r["adults"])),
        (N_("Children"), lambda r: c.plain(r["children_count"])),
        (N_("Referred by"), lambda r: c.label(REFERRALS, r["referred_by"])),
        (N_("Status"), lambda r: c.label(REQUEST_STATUSES, r["status"])),
        (N_("Season"), lambda r: c.plain(r["season"])),
        (N_("Handed over"), lambda r: c.moment(r["handed_over_at"])),
        (N_("Closed"), lambda r: c.moment(r["closed_at"])),
        (N_("Feedback (1-5)"), lambda r: c.plain(r["feedback_score"])),
        (N_("Anonymised"), lambda r: c.yes_no(r["anonymised_at"] is not None)),
    ]
    if personal:
        columns += [
            (N_("Telegram id"), lambda r: c.plain(r["user_id"])),
            (N_("Postcode"), lambda r: c.free(r["postcode"])),
            (N_("Phone"), lambda r: c.phone(r["phone"])),
            (N_("Children's ages (sizes)"), lambda r: _children(r["children"])),
            (N_("Needs"), lambda r: c.free(r["needs"])),
            (N_("Referral note"), lambda r: c.free(r["referral_text"])),
            (N_("Collection"), lambda r: c.free(r["collect_text"])),
            (N_("Reason given"), lambda r: c.free(r["decline_text"])),
            (N_("Feedback comment"), lambda r: c.free(r["feedback_comment"])),
        ]
    return _table(c.t, columns, rows)


def needs_table(cells: Cells, rows: list[dict[str, Any]], personal: bool) -> Table:
    """One row per need. Size and child age only with personal data: with the request's
    reference they point at one child of one family (see storage.exports)."""
    c = cells
    columns: list[tuple[str, Cell]] = [
        (N_("Request"), lambda r: c.plain(r["reference"])),
        (N_("Category"), lambda r: c.label(c.categories, r["category_key"])),
        (N_("Quantity"), lambda r: c.plain(r["quantity"])),
        (N_("Status"), lambda r: c.label(NEED_STATUSES, r["status"])),
        (N_("Met by"), lambda r: c.label(NEED_SOURCES, r["source"])),
        (N_("Recorded"), lambda r: c.moment(r["created_at"])),
        (N_("Met"), lambda r: c.moment(r["met_at"])),
    ]
    if personal:
        columns[2:2] = [
            (N_("Size"), lambda r: c.free(r["size"])),
            (N_("Child's age"), lambda r: c.plain(r["child_age"])),
        ]
    return _table(c.t, columns, rows)


def volunteers_table(cells: Cells, rows: list[dict[str, Any]], personal: bool) -> Table:
    c = cells
    columns: list[tuple[str, Cell]] = [
        (N_("Volunteer number"), lambda r: c.plain(r["id"])),
        (N_("Status"), lambda r: c.label(VOLUNTEER_STATUSES, r["status"])),
        (N_("Registered"), lambda r: c.moment(r["created_at"])),
        (N_("Shifts in the period"), lambda r: c.plain(r["shifts"])),
        (N_("Shifts attended"), lambda r: c.plain(r["attended"])),
        (N_("Hours"), lambda r: c.hours(r["hours"])),
    ]
    if personal:
        columns += [
            (N_("Telegram id"), lambda r: c.plain(r["user_id"])),
            (N_("Name"), lambda r: c.free(r["name"])),
            (N_("Phone"), lambda r: c.phone(r["phone"])),
            (N_("Likes to do"), lambda r: c.skill_list(r["skills"])),
        ]
    return _table(c.t, columns, rows)


def shifts_table(cells: Cells, rows: list[dict[str, Any]], personal: bool) -> Table:
    c = cells
    columns: list[tuple[str, Cell]] = [
        (N_("Day number"), lambda r: c.plain(r["day_id"])),
        (N_("Date"), lambda r: c.day(r["starts_at"])),
        (N_("From"), lambda r: c.clock(r["starts_at"])),
        (N_("To"), lambda r: c.clock(r["ends_at"])),
        (N_("Place"), lambda r: c.free(r["place"])),
        (N_("Cancelled"), lambda r: c.yes_no(r["day_status"] == "cancelled")),
        (N_("Volunteers needed"), lambda r: c.plain(r["volunteers_needed"])),
        (N_("Volunteer number"), lambda r: c.plain(r["volunteer_id"])),
        (N_("On the waitlist"), lambda r: _waitlisted(c, r)),
        (N_("Came"), lambda r: c.yes_no(r["attended"])),
    ]
    if personal:
        columns.insert(8, (N_("Name"), lambda r: c.free(r["name"])))
    return _table(c.t, columns, rows)


def _waitlisted(cells: Cells, row: dict[str, Any]) -> str:
    status = row["signup_status"]
    return "" if status is None else cells.yes_no(status == "waitlisted")


def _children(value: str | None) -> str:
    """'4 (104), 9' from the stored JSON list of ages and sizes."""
    if not value:
        return ""
    parts = []
    for child in json.loads(value):
        size = child.get("size")
        parts.append(f"{child.get('age')} ({size})" if size else str(child.get("age")))
    return Cells.free(", ".join(parts))


def file_name(t: Translator, what: str, first: date, last: date) -> str:
    return f"{t.gettext(what)}_{first:%Y-%m-%d}_{last:%Y-%m-%d}.csv"


# File names (ASCII in every language, so every mail program and Windows keeps them).
FILE_NAMES = {
    "offers": N_("offers"),
    "requests": N_("help-requests"),
    "needs": N_("needs"),
    "volunteers": N_("volunteers"),
    "shifts": N_("shifts"),
}


TABLE_BUILDERS: dict[str, Callable[[Cells, list[dict[str, Any]], bool], Table]] = {
    "offers": offers_table,
    "requests": requests_table,
    "needs": needs_table,
    "volunteers": volunteers_table,
    "shifts": shifts_table,
}


def csv_files(
    cells: Cells, found: dict[str, list[dict[str, Any]]], personal: bool, language: str
) -> list[tuple[str, bytes, int]]:
    """(table, CSV file, rows) for each table found, in its order. Plain data in and out, so
    it runs in a worker thread (bot.off_loop): a year of offers is no one's wait."""
    files = []
    for what, rows in found.items():
        header, table = TABLE_BUILDERS[what](cells, rows, personal)
        files.append((what, to_csv(header, table, language), len(table)))
    return files
