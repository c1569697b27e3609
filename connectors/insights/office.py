"""The office's measures at /office, computed in SQL from the records (GROUP BY over indexed,
stored columns, so a year of traffic stays fast on SQLite; no dialect-specific functions, so the
same queries run on PostgreSQL).

Definitions (the page says them too):
- first-contact resolution: the share of conversations with neither a handover nor a thumbs down;
- waiting times: from the handover to the claim / to the first staff reply, nearest-rank
  median and 90th percentile;
- "needs a better description": (unanswered questions + handovers) / questions asked, for
  services asked about at least MIN_QUESTIONS times.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Optional, Sequence

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from ..models import Conversation, Handover, QuestionRecord
from .filters import Filters

MIN_QUESTIONS = 5
TOP_SERVICES = 10
NO_SERVICE = ""  # how "no service" is keyed in the per-service tables


def percentile(values: Sequence[float], share: float) -> Optional[float]:
    """Nearest-rank percentile: the smallest value with at least `share` of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


@dataclass
class ServiceNeed:
    service_id: str
    questions: int
    unanswered: int
    escalated: int

    @property
    def score(self) -> float:
        return (self.unanswered + self.escalated) / self.questions if self.questions else 0.0


@dataclass
class WeekRow:
    week: dt.date
    conversations: int
    resolved_by_bot: int
    handovers: int

    @property
    def fcr(self) -> Optional[float]:
        return self.resolved_by_bot / self.conversations if self.conversations else None


@dataclass
class OfficeReport:
    filters: Filters
    conversations: int = 0
    resolved_by_bot: int = 0
    questions: int = 0
    unanswered: int = 0
    handovers: int = 0
    outside_hours: int = 0
    by_channel: dict[str, int] = field(default_factory=dict)
    handovers_by_reason: dict[str, int] = field(default_factory=dict)
    handovers_by_service: dict[str, int] = field(default_factory=dict)
    claim_median: Optional[float] = None
    claim_p90: Optional[float] = None
    reply_median: Optional[float] = None
    reply_p90: Optional[float] = None
    claimed: int = 0
    replied: int = 0
    weeks: list[WeekRow] = field(default_factory=list)
    needs: list[ServiceNeed] = field(default_factory=list)

    @property
    def fcr(self) -> Optional[float]:
        return self.resolved_by_bot / self.conversations if self.conversations else None


def _where(created, channel, service, filters: Filters) -> list:
    """The period, channel and service conditions on one kind of record."""
    where = [created >= filters.start_at, created < filters.end_before]
    if filters.channel:
        where.append(channel == filters.channel)
    if filters.service_id:
        where.append(service == filters.service_id)
    return where


def handover_service():
    """The service a handover concerns: the one the worker tagged, else the bot's."""
    return func.coalesce(Handover.tagged_service_id, Handover.service_id)


def _conversation_filters(filters: Filters) -> list:
    return _where(Conversation.created_at, Conversation.channel, Conversation.service_id, filters)


def _handover_filters(filters: Filters) -> list:
    return _where(Handover.created_at, Handover.channel, handover_service(), filters)


def _question_filters(filters: Filters) -> list:
    return _where(QuestionRecord.created_at, QuestionRecord.channel, QuestionRecord.service_id, filters)


RESOLVED_BY_BOT = and_(Conversation.escalated.is_(False), Conversation.thumbs_down.is_(False))


def office_report(session: Session, filters: Filters) -> OfficeReport:
    report = OfficeReport(filters)
    bot_resolved = func.sum(case((RESOLVED_BY_BOT, 1), else_=0))

    # Conversations: per channel and per week, with first-contact resolution.
    rows = session.execute(
        select(Conversation.channel, Conversation.week, func.count(), bot_resolved)
        .where(*_conversation_filters(filters)).group_by(Conversation.channel, Conversation.week)
    ).all()
    weeks: dict[dt.date, WeekRow] = {}
    for channel, week, count, resolved in rows:
        report.conversations += count
        report.resolved_by_bot += int(resolved or 0)
        report.by_channel[channel] = report.by_channel.get(channel, 0) + count
        if week is not None:
            row = weeks.setdefault(week, WeekRow(week, 0, 0, 0))
            row.conversations += count
            row.resolved_by_bot += int(resolved or 0)

    # Handovers: per reason, per service, per week; outside opening hours.
    service = handover_service()
    rows = session.execute(
        select(Handover.reason, service, Handover.week, Handover.outside_hours, func.count())
        .where(*_handover_filters(filters))
        .group_by(Handover.reason, service, Handover.week, Handover.outside_hours)
    ).all()
    for reason, service_id, week, outside, count in rows:
        report.handovers += count
        report.handovers_by_reason[reason] = report.handovers_by_reason.get(reason, 0) + count
        key = service_id or NO_SERVICE
        report.handovers_by_service[key] = report.handovers_by_service.get(key, 0) + count
        if outside:
            report.outside_hours += count
        if week is not None:
            weeks.setdefault(week, WeekRow(week, 0, 0, 0)).handovers += count
    report.weeks = [weeks[w] for w in sorted(weeks)]

    # Waiting times.
    claims = session.scalars(select(Handover.claim_seconds).where(
        *_handover_filters(filters), Handover.claim_seconds.is_not(None))).all()
    replies = session.scalars(select(Handover.first_reply_seconds).where(
        *_handover_filters(filters), Handover.first_reply_seconds.is_not(None))).all()
    report.claimed, report.replied = len(claims), len(replies)
    report.claim_median, report.claim_p90 = percentile(claims, 0.5), percentile(claims, 0.9)
    report.reply_median, report.reply_p90 = percentile(replies, 0.5), percentile(replies, 0.9)

    # Questions per service, and which services need better descriptions.
    unanswered = func.sum(case((QuestionRecord.unanswered_reason.is_not(None), 1), else_=0))
    rows = session.execute(
        select(QuestionRecord.service_id, func.count(), unanswered)
        .where(*_question_filters(filters)).group_by(QuestionRecord.service_id)
    ).all()
    needs = []
    for service_id, count, open_count in rows:
        report.questions += count
        report.unanswered += int(open_count or 0)
        if service_id:
            needs.append(ServiceNeed(service_id, count, int(open_count or 0),
                                     report.handovers_by_service.get(service_id, 0)))
    needs = [n for n in needs if n.questions >= MIN_QUESTIONS]
    needs.sort(key=lambda n: (-n.score, -n.questions, n.service_id))
    report.needs = needs[:TOP_SERVICES]
    return report

