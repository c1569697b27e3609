"""The filters a report page takes: a period (local dates, inclusive), a channel, a service."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional
from zoneinfo import ZoneInfo

PERIODS = {"7": "Siste 7 dager", "30": "Siste 30 dager", "90": "Siste 90 dager", "365": "Siste 12 måneder"}
DEFAULT_PERIOD = "90"
CHANNELS = ("web", "sms")


@dataclass(frozen=True)
class Filters:
    start: dt.date  # first local day included
    end: dt.date  # last local day included
    channel: Optional[str] = None
    service_id: Optional[str] = None
    period: str = DEFAULT_PERIOD  # a PERIODS key, or "custom"
    zone: str = "Europe/Oslo"

    @property
    def start_at(self) -> dt.datetime:
        """The period's first moment, in UTC (stored times are UTC)."""
        return _local_midnight(self.start, self.zone)

    @property
    def end_before(self) -> dt.datetime:
        return _local_midnight(self.end + dt.timedelta(days=1), self.zone)

    def query(self, **override: str) -> dict[str, str]:
        """The filters as query parameters (for links: CSV export, the form's values)."""
        params = {"period": self.period}
        if self.period == "custom":
            params.update({"from": self.start.isoformat(), "to": self.end.isoformat()})
        if self.channel:
            params["channel"] = self.channel
        if self.service_id:
            params["service"] = self.service_id
        params.update(override)
        return params


def _local_midnight(day: dt.date, zone: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), ZoneInfo(zone)).astimezone(dt.timezone.utc)


def _date(value: Optional[str]) -> Optional[dt.date]:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def parse_filters(params, zone: str, known_services, today: Optional[dt.date] = None) -> tuple[Filters, list[str]]:
    """Filters from query parameters, and what was wrong with them (in Norwegian). Bad values
    fall back to the defaults instead of failing the page."""
    today = today or dt.datetime.now(ZoneInfo(zone)).date()
    problems: list[str] = []
    period = params.get("period") or DEFAULT_PERIOD
    start = end = None
    if period == "custom" or params.get("from") or params.get("to"):
        start, end = _date(params.get("from")), _date(params.get("to"))
        if start is None or end is None or start > end:
            problems.append("Perioden er ugyldig: oppgi fra- og til-dato (ÅÅÅÅ-MM-DD), med fra-dato først.")
            start = end = None
            period = DEFAULT_PERIOD
        else:
            period = "custom"
    if start is None:
        if period not in PERIODS:
            problems.append("Ukjent periode; viser de siste 90 dagene.")
            period = DEFAULT_PERIOD
        end = today
        start = today - dt.timedelta(days=int(period) - 1)
    channel = params.get("channel") or None
    if channel and channel not in CHANNELS:
        problems.append("Ukjent kanal; viser alle kanaler.")
        channel = None
    service_id = params.get("service") or None
    if service_id and service_id not in known_services:
        problems.append("Ukjent tjeneste; viser alle tjenester.")
        service_id = None
    return Filters(start, end, channel, service_id, period, zone), problems
