"""The service description (tjenestebeskrivelse) as typed, immutable objects.

Field names follow Statskonsult's template (section 3.2 of the guide), in English; see
docs/catalog-format.md. Plain dataclasses, not pydantic: this module runs both in the app's
environment (pydantic 2) and in Rasa's (pydantic 1).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

LANGUAGES = ("nb", "nn")

# The aspects a citizen can ask about, and the public field that answers each.
ASPECTS = (
    "description",
    "eligibility",
    "deadline",
    "how_to_apply",
    "attachments",
    "processing_time",
    "appeal",
    "price",
    "contact",
    "opening_hours",
)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Text:
    """A free-text field: bokmål is required, nynorsk optional."""

    nb: str
    nn: Optional[str] = None

    def get(self, lang: str = "nb") -> str:
        return self.nn if lang == "nn" and self.nn else self.nb

    def has(self, lang: str) -> bool:
        return lang == "nb" or (lang == "nn" and bool(self.nn))

    def all_text(self) -> str:
        return " ".join(t for t in (self.nb, self.nn) if t)


@dataclass(frozen=True)
class Link:
    title: Text
    url: str


@dataclass(frozen=True)
class Channel:
    """One way to apply: online form, e-mail, in person, phone or post."""

    type: str
    url: Optional[str] = None
    address: Optional[str] = None
    phone: Optional[str] = None
    text: Optional[Text] = None


@dataclass(frozen=True)
class HowToApply:
    text: Optional[Text] = None
    channels: tuple[Channel, ...] = ()


@dataclass(frozen=True)
class Duration:
    """An ISO 8601 duration (P3W, P12W, P1M, PT48H), kept with its parts for Babel."""

    iso: str
    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0
    hours: int = 0

    def approx_days(self) -> float:
        return self.years * 365 + self.months * 30.4 + self.weeks * 7 + self.days + self.hours / 24


@dataclass(frozen=True)
class ProcessingTime:
    duration: Optional[Duration] = None
    text: Optional[Text] = None


@dataclass(frozen=True)
class Amount:
    label: Text
    nok: Decimal
    per: Optional[str] = None


@dataclass(frozen=True)
class Price:
    text: Optional[Text] = None
    amounts: tuple[Amount, ...] = ()

    def is_free(self) -> bool:
        return bool(self.amounts) and all(a.nok == 0 for a in self.amounts)


@dataclass(frozen=True)
class OpeningSlot:
    days: tuple[str, ...]
    opens: dt.time
    closes: dt.time


@dataclass(frozen=True)
class OpeningHours:
    text: Optional[Text] = None
    hours: tuple[OpeningSlot, ...] = ()

    def is_open(self, at: dt.datetime) -> bool:
        day = WEEKDAYS[at.weekday()]
        return any(day in s.days and s.opens <= at.time() < s.closes for s in self.hours)

    def next_opening(self, after: dt.datetime) -> Optional[dt.datetime]:
        """The next time the office opens after `after` (within a fortnight), or None."""
        for offset in range(0, 15):
            day = after.date() + dt.timedelta(days=offset)
            starts = sorted(
                s.opens for s in self.hours if WEEKDAYS[day.weekday()] in s.days
            )
            for opens in starts:
                candidate = dt.datetime.combine(day, opens, tzinfo=after.tzinfo)
                if candidate > after:
                    return candidate
        return None


@dataclass(frozen=True)
class Contact:
    unit: str
    phone: Optional[str] = None
    email: Optional[str] = None
    web: Optional[str] = None
    postal_address: Optional[str] = None
    visiting_address: Optional[str] = None
    opening_hours: Optional[OpeningHours] = None


@dataclass(frozen=True)
class Owner:
    name: str
    unit: str
    email: str


@dataclass(frozen=True)
class Meta:
    municipality: str
    fictional: bool
    note: Optional[str] = None


@dataclass(frozen=True)
class ServiceDescription:
    # Public: shown to citizens and exported.
    id: str
    title: Text
    updated: dt.date
    description: Text
    contact: Contact
    target_group: Optional[Text] = None
    eligibility: Optional[Text] = None
    deadline: Optional[Text] = None
    expectation: Optional[Text] = None
    documents: tuple[Link, ...] = ()
    related: tuple[str, ...] = ()
    legal_basis: tuple[Link, ...] = ()
    guidance: Optional[Text] = None
    how_to_apply: Optional[HowToApply] = None
    attachments: Optional[Text] = None
    processing: Optional[Text] = None
    processing_time: Optional[ProcessingTime] = None
    appeal: Optional[Text] = None
    price: Optional[Price] = None
    notes: Optional[Text] = None
    # Internal: staff only, never shown to citizens, never exported.
    owner: Optional[Owner] = None
    published: Optional[dt.date] = None
    review_by: Optional[dt.date] = None
    tjenestetrapp: int = 1
    meta: Optional[Meta] = None
    internal_process: Optional[Text] = None
    internal_notes: Optional[Text] = None
    responsible_officers: tuple[str, ...] = ()
    office_responsibility: Optional[Text] = None
    created: Optional[dt.date] = None
    valid_from: Optional[dt.date] = None
    valid_to: Optional[dt.date] = None
    keywords: tuple[str, ...] = ()
    # How citizens describe their situation without naming the service ("mor har falt og ligger
    # alene om natta"): search vocabulary only, never shown.
    situations: tuple[str, ...] = ()
    life_events: tuple[str, ...] = ()
    kostra_id: Optional[str] = None
    # Where it was read from (not part of the format).
    source_path: Optional[str] = field(default=None, compare=False)

    @property
    def url(self) -> str:
        """The public page of the full description."""
        return self.contact.web or ""

    def has_nynorsk(self) -> bool:
        return bool(self.title.nn and self.description.nn)

    def is_active(self, on: dt.date) -> bool:
        """Published and valid on the given day: only active descriptions are served."""
        if self.published and self.published > on:
            return False
        if self.valid_from and self.valid_from > on:
            return False
        if self.valid_to and self.valid_to < on:
            return False
        return True

    def review_status(self, on: dt.date, warn_days: int = 30) -> str:
        """'stale' when review_by has passed, 'due' within warn_days, else 'fresh'."""
        if self.review_by is None or self.review_by < on:
            return "stale"
        if (self.review_by - on).days <= warn_days:
            return "due"
        return "fresh"


# Fields that never leave the staff side: not in answers, not in the CPSV-AP-NO export.
INTERNAL_FIELDS = (
    "internal_process",
    "internal_notes",
    "responsible_officers",
    "office_responsibility",
    "owner",
    "created",
    "published",
    "valid_from",
    "valid_to",
    "review_by",
    "keywords",
    "situations",
    "life_events",
    "kostra_id",
    "tjenestetrapp",
    "meta",
)
