"""What a content owner sees at /content: for the services they own, the unanswered questions in
clusters (count, masked examples, trend, aspects asked about), the clusters they closed with
"description updated" and what came after, and descriptions due for review.

Clusters are formed when a question is recorded (connectors.records.Clusterer); this module only
reads them, in a handful of GROUP BY queries over the indexed question records.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable, Optional

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session

from catalog_index.model import ServiceDescription

from ..models import QuestionCluster, QuestionRecord, User, utcnow
from .stale import ReviewItem, review_items

TREND_WEEKS = 8
EXAMPLES = 3
# Clusters shown per service: all of a content owner's few services in full; an overview of many
# services (the admin's) shows the largest few, with a link to each service's full list.
CLUSTERS_PER_SERVICE = 10
CLUSTERS_OVERVIEW = 3
OVERVIEW_ABOVE = 12  # services
CLUSTERS_ONE_SERVICE = 50
CLOSED_SHOWN_DAYS = 90
RECENT_DAYS = 90  # the "questions asked" figure per service


@dataclass
class ClusterView:
    id: int
    service_id: Optional[str]
    label: Optional[str]
    count: int = 0
    first_seen: Optional[dt.datetime] = None
    last_seen: Optional[dt.datetime] = None
    aspects: dict[str, int] = field(default_factory=dict)
    reasons: dict[str, int] = field(default_factory=dict)
    trend: list[tuple[dt.date, int]] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    closed_at: Optional[dt.datetime] = None
    closed_version: Optional[str] = None
    unanswered_since_closed: int = 0  # questions about the service left unanswered after the update


@dataclass
class ServiceView:
    service_id: str
    title: str
    questions: int = 0  # asked in the last RECENT_DAYS
    unanswered: int = 0  # of those
    clusters: list[ClusterView] = field(default_factory=list)
    more_clusters: int = 0
    closed: list[ClusterView] = field(default_factory=list)

    @property
    def open_questions(self) -> int:
        return sum(c.count for c in self.clusters)


@dataclass
class ContentReport:
    services: list[ServiceView]
    review: list[ReviewItem]

    @property
    def open_clusters(self) -> int:
        return sum(len(s.clusters) + s.more_clusters for s in self.services)

    @property
    def with_questions(self) -> list[ServiceView]:
        return [s for s in self.services if s.clusters or s.closed or s.questions]

    @property
    def quiet(self) -> list[ServiceView]:
        """Services nobody asked about in the last RECENT_DAYS and with nothing open."""
        return [s for s in self.services if not (s.clusters or s.closed or s.questions)]


def owned_services(services: Iterable[ServiceDescription], user: User,
                   owner_email: Optional[str] = None) -> list[ServiceDescription]:
    """A content owner's services (the owner e-mail in the description is theirs); an admin sees
    all, or one owner's when `owner_email` is given. (`/content?service=ID` narrows it further.)"""
    if user.role == "admin":
        email = (owner_email or "").strip().lower()
    else:
        email = (user.email or "").strip().lower()
        if not email:
            return []
    chosen = [s for s in services if not email or (s.owner and s.owner.email.lower() == email)]
    return sorted(chosen, key=lambda s: s.title.nb.lower())


def owners(services: Iterable[ServiceDescription]) -> list[tuple[str, str]]:
    found = {s.owner.email.lower(): s.owner.name for s in services if s.owner}
    return sorted(found.items(), key=lambda item: item[1])


def clusters_shown(services: int) -> int:
    if services == 1:
        return CLUSTERS_ONE_SERVICE
    return CLUSTERS_OVERVIEW if services > OVERVIEW_ABOVE else CLUSTERS_PER_SERVICE


def content_report(session: Session, services: list[ServiceDescription], today: dt.date,
                   week_today: dt.date) -> ContentReport:
    ids = [s.id for s in services]
    views = {s.id: ServiceView(s.id, s.title.nb) for s in services}
    if ids:
        _questions_asked(session, ids, views)
        _open_clusters(session, ids, views, week_today, clusters_shown(len(ids)))
        _closed_clusters(session, ids, views)
    # The services with most open questions first.
    ordered = sorted(views.values(), key=lambda v: (-v.open_questions, -v.unanswered, v.title.lower()))
    return ContentReport(ordered, review_items(services, today))


def _questions_asked(session: Session, ids: list[str], views: dict[str, ServiceView]) -> None:
    since = utcnow() - dt.timedelta(days=RECENT_DAYS)
    unanswered = func.sum(case((QuestionRecord.unanswered_reason.is_not(None), 1), else_=0))
    rows = session.execute(
        select(QuestionRecord.service_id, func.count(), unanswered)
        .where(QuestionRecord.service_id.in_(ids), QuestionRecord.created_at >= since)
        .group_by(QuestionRecord.service_id)).all()
    for service_id, count, open_count in rows:
        views[service_id].questions, views[service_id].unanswered = count, int(open_count or 0)


def _open_clusters(session: Session, ids: list[str], views: dict[str, ServiceView], week_today: dt.date,
                   limit: int) -> None:
    open_cluster = (QuestionCluster.service_id.in_(ids), QuestionCluster.closed_at.is_(None))
    rows = session.execute(
        select(QuestionCluster.id, QuestionCluster.service_id, QuestionCluster.label, func.count(),
               func.min(QuestionRecord.created_at), func.max(QuestionRecord.created_at))
        .join(QuestionRecord, QuestionRecord.cluster_id == QuestionCluster.id)
        .where(*open_cluster)
        .group_by(QuestionCluster.id, QuestionCluster.service_id, QuestionCluster.label)
    ).all()
    by_service: dict[str, list[ClusterView]] = {}
    for cluster_id, service_id, label, count, first, last in rows:
        by_service.setdefault(service_id, []).append(ClusterView(cluster_id, service_id, label, count, first, last))
    shown: dict[int, ClusterView] = {}
    for service_id, clusters in by_service.items():
        clusters.sort(key=lambda c: (-c.count, -(c.last_seen.timestamp() if c.last_seen else 0), c.id))
        views[service_id].clusters = clusters[:limit]
        views[service_id].more_clusters = max(0, len(clusters) - limit)
        shown.update({c.id: c for c in views[service_id].clusters})
    if shown:
        _details(session, shown, week_today)


def _details(session: Session, shown: dict[int, ClusterView], week_today: dt.date) -> None:
    """Aspects, reasons, weekly trend and the newest masked examples of the clusters shown."""
    cluster_ids = list(shown)
    for cluster_id, aspect, reason, count in session.execute(
            select(QuestionRecord.cluster_id, QuestionRecord.aspect, QuestionRecord.unanswered_reason, func.count())
            .where(QuestionRecord.cluster_id.in_(cluster_ids))
            .group_by(QuestionRecord.cluster_id, QuestionRecord.aspect, QuestionRecord.unanswered_reason)).all():
        view = shown[cluster_id]
        key = aspect or "description"
        view.aspects[key] = view.aspects.get(key, 0) + count
        if reason:
            view.reasons[reason] = view.reasons.get(reason, 0) + count
    first_week = week_today - dt.timedelta(weeks=TREND_WEEKS - 1)
    weekly: dict[int, dict[dt.date, int]] = {}
    for cluster_id, week, count in session.execute(
            select(QuestionRecord.cluster_id, QuestionRecord.week, func.count())
            .where(QuestionRecord.cluster_id.in_(cluster_ids), QuestionRecord.week >= first_week)
            .group_by(QuestionRecord.cluster_id, QuestionRecord.week)).all():
        weekly.setdefault(cluster_id, {})[week] = count
    weeks = [first_week + dt.timedelta(weeks=n) for n in range(TREND_WEEKS)]
    for cluster_id, view in shown.items():
        counts = weekly.get(cluster_id, {})
        view.trend = [(week, counts.get(week, 0)) for week in weeks]
    newest = (select(QuestionRecord.cluster_id, QuestionRecord.text,
                     func.row_number().over(partition_by=QuestionRecord.cluster_id,
                                            order_by=QuestionRecord.id.desc()).label("n"))
              .where(QuestionRecord.cluster_id.in_(cluster_ids), QuestionRecord.text.is_not(None))
              .subquery())
    for cluster_id, text in session.execute(
            select(newest.c.cluster_id, newest.c.text).where(newest.c.n <= EXAMPLES)
            .order_by(newest.c.cluster_id, newest.c.n)).all():
        shown[cluster_id].examples.append(text)


def _closed_clusters(session: Session, ids: list[str], views: dict[str, ServiceView]) -> None:
    since = utcnow() - dt.timedelta(days=CLOSED_SHOWN_DAYS)
    rows = session.execute(
        select(QuestionCluster.id, QuestionCluster.service_id, QuestionCluster.label, QuestionCluster.closed_at,
               QuestionCluster.closed_catalog_version, func.count(QuestionRecord.id))
        .outerjoin(QuestionRecord, QuestionRecord.cluster_id == QuestionCluster.id)
        .where(QuestionCluster.service_id.in_(ids), QuestionCluster.closed_at >= since)
        .group_by(QuestionCluster.id, QuestionCluster.service_id, QuestionCluster.label,
                  QuestionCluster.closed_at, QuestionCluster.closed_catalog_version)
        .order_by(QuestionCluster.closed_at.desc())
    ).all()
    for cluster_id, service_id, label, closed_at, version, count in rows:
        after = session.scalar(select(func.count()).select_from(QuestionRecord).where(
            QuestionRecord.service_id == service_id, QuestionRecord.unanswered_reason.is_not(None),
            QuestionRecord.created_at > closed_at))
        views[service_id].closed.append(ClusterView(cluster_id, service_id, label, count, closed_at=closed_at,
                                                    closed_version=version, unanswered_since_closed=after or 0))


class ClusterNotFound(Exception):
    pass


def mark_description_updated(session: Session, cluster_id: int, user: User, catalog_version: str,
                             allowed_services: Iterable[str]) -> QuestionCluster:
    """Close a cluster: the description was updated (in catalog version `catalog_version`).
    Questions after this start new clusters, so the owner sees whether the change helped."""
    cluster = session.get(QuestionCluster, cluster_id)
    if cluster is None or cluster.service_id not in set(allowed_services):
        raise ClusterNotFound(cluster_id)
    if cluster.closed_at is None:
        session.execute(update(QuestionCluster).where(QuestionCluster.id == cluster_id,
                                                      QuestionCluster.closed_at.is_(None))
                        .values(closed_at=utcnow(), closed_by=user.id, closed_catalog_version=catalog_version))
        session.commit()
        session.refresh(cluster)
    return cluster
