"""Descriptions due for review: `review_by` passed (stale) or within WARN_DAYS (due).

The notification hook reports them to whoever should act. In development it writes to the log;
set SERVICETORG_STALE_WEBHOOK to a URL to have them POSTed as JSON instead (to a chat channel,
a ticket system, ...). `servicetorg catalog stale` and the app's start run it.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass
from typing import Iterable, Optional, Protocol

from catalog_index.model import ServiceDescription

WARN_DAYS = 30
log = logging.getLogger("servicetorg.stale")


@dataclass(frozen=True)
class ReviewItem:
    service_id: str
    title: str
    status: str  # stale | due
    review_by: Optional[dt.date]
    updated: dt.date
    owner_name: Optional[str]
    owner_email: Optional[str]
    days_left: Optional[int]  # negative when overdue


def review_items(services: Iterable[ServiceDescription], today: dt.date, warn_days: int = WARN_DAYS) -> list[ReviewItem]:
    items = []
    for service in services:
        status = service.review_status(today, warn_days)
        if status == "fresh":
            continue
        items.append(ReviewItem(service.id, service.title.nb, status, service.review_by, service.updated,
                                service.owner.name if service.owner else None,
                                service.owner.email if service.owner else None,
                                None if service.review_by is None else (service.review_by - today).days))
    # Most overdue first; a missing review_by counts as the most overdue of all.
    items.sort(key=lambda item: (item.review_by or dt.date.min, item.service_id))
    return items


class Notifier(Protocol):
    def notify(self, items: list[ReviewItem]) -> None: ...


class LogNotifier:
    """Development: one log line per description due for review."""

    def notify(self, items: list[ReviewItem]) -> None:
        for item in items:
            log.warning("description %s (%s) %s: review by %s, owner %s", item.service_id, item.title,
                        "is past its review date" if item.status == "stale" else "is due for review",
                        item.review_by or "not set", item.owner_email or "none")


class WebhookNotifier:
    """Production: the list as JSON to a URL (a chat channel's incoming webhook, a ticket system)."""

    def __init__(self, url: str, timeout: float = 10.0):
        self.url, self.timeout = url, timeout

    def notify(self, items: list[ReviewItem]) -> None:
        import httpx

        body = {"descriptions_due_for_review": [
            {"service_id": i.service_id, "title": i.title, "status": i.status,
             "review_by": i.review_by.isoformat() if i.review_by else None, "owner_email": i.owner_email}
            for i in items]}
        try:
            httpx.post(self.url, json=body, timeout=self.timeout).raise_for_status()
        except httpx.HTTPError as err:  # never fatal: the page still lists them
            log.error("stale-description webhook failed: %s", err)


def notifier_from_env() -> Notifier:
    url = os.environ.get("SERVICETORG_STALE_WEBHOOK")
    return WebhookNotifier(url) if url else LogNotifier()
