"""The organisation profile: who we are, where we help, what we take and what we help with."""

from __future__ import annotations

import tomllib
from datetime import date, time
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from domain.inbox import AnswerHours, parse_days

Language = Literal["da", "en", "uk", "ar"]


class Multilingual(BaseModel):
    """A text the organisation writes itself: Danish and English always, Ukrainian and Arabic
    when it has them. A missing one falls back to English, then Danish."""

    model_config = ConfigDict(frozen=True)
    da: str = Field(min_length=1)
    en: str = Field(min_length=1)
    uk: str | None = None
    ar: str | None = None

    def in_(self, language: str) -> str:
        if language == "da":
            return self.da
        own: str | None = getattr(self, language, None) if language in ("uk", "ar") else None
        return own or self.en or self.da

    def label(self, language: str) -> str:
        return self.in_(language)


class LocalText(Multilingual):
    """A sentence the organisation writes (an opening note, where else to ask, a reason)."""


class Category(Multilingual):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]{0,30}$")
    sizes: Literal["clothes", "shoes", "none"] = "none"
    large: bool = False
    # How far apart an offer's size and a need's may be and still match (domain.matching), in
    # steps of the category's scale: 1 = one child size (6 cm) or one shoe size either side.
    size_tolerance: float = Field(default=1.0, ge=0, le=10)


class HelpType(Multilingual):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]{0,30}$")
    opens: str | None = Field(default=None, pattern=r"^\d\d-\d\d$")
    closes: str | None = Field(default=None, pattern=r"^\d\d-\d\d$")

    @property
    def seasonal(self) -> bool:
        return self.opens is not None and self.closes is not None

    def is_open(self, today: date) -> bool:
        """Inside the season (MM-DD window, which may wrap the new year); always for others."""
        if self.opens is None or self.closes is None:
            return True
        day = today.strftime("%m-%d")
        if self.opens <= self.closes:
            return self.opens <= day <= self.closes
        return day >= self.opens or day <= self.closes


class VolunteerSkill(Multilingual):
    """Something a volunteer likes to do (sortering, kørsel …), offered as a toggle button."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]{0,30}$")


class ServiceArea(BaseModel):
    model_config = ConfigDict(frozen=True)
    postcodes: frozenset[str]
    elsewhere: LocalText

    @field_validator("postcodes")
    @classmethod
    def _four_digits(cls, value: frozenset[str]) -> frozenset[str]:
        bad = [code for code in value if not (len(code) == 4 and code.isdigit())]
        if bad:
            raise ValueError(f"postcodes must be four digits: {sorted(bad)}")
        return value

    def covers(self, postcode: str) -> bool:
        return postcode.strip() in self.postcodes


class AnswerHoursProfile(BaseModel):
    """When the board reads messages sent with »Write to us«, and what people are told outside."""

    model_config = ConfigDict(frozen=True)
    days: str = "mon-fri"
    opens: time = time(9, 0)
    closes: time = time(17, 0)
    closed_note: LocalText

    @field_validator("days")
    @classmethod
    def _weekdays(cls, value: str) -> str:
        parse_days(value)
        return value

    def hours(self) -> AnswerHours:
        return AnswerHours(parse_days(self.days), self.opens, self.closes)


class Organisation(BaseModel):
    model_config = ConfigDict(frozen=True)
    name: str = Field(min_length=1)
    address: str
    phone: str = ""
    email: str = ""
    website: str = ""
    opening_note: LocalText
    service_area: ServiceArea
    answer_time: LocalText
    categories: tuple[Category, ...] = Field(min_length=1)
    help_types: tuple[HelpType, ...] = Field(min_length=1)
    decline_reasons: tuple[LocalText, ...] = ()
    # Reasons for saying no to a family's request (decline_reasons are for donors' offers).
    # Empty: admins type their own reason.
    request_decline_reasons: tuple[LocalText, ...] = ()
    volunteer_skills: tuple[VolunteerSkill, ...] = ()
    answer_hours: AnswerHoursProfile | None = None

    def category(self, key: str) -> Category | None:
        return next((item for item in self.categories if item.key == key), None)

    def help_type(self, key: str) -> HelpType | None:
        return next((item for item in self.help_types if item.key == key), None)

    def volunteer_skill(self, key: str) -> VolunteerSkill | None:
        return next((item for item in self.volunteer_skills if item.key == key), None)


class ProfileError(Exception):
    """The profile file is missing or wrong; the message is one line for a person."""


def load_organisation(path: Path) -> Organisation:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileError(f"organisation profile {path} not found") from None
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(f"organisation profile {path} is not valid TOML: {error}") from None
    try:
        return Organisation.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ProfileError(f"organisation profile {path}: {where}: {first['msg']}") from None
