"""/office (the office's measures, CSV export) and /content (content owners: unanswered questions
and descriptions due for review). Server-rendered like the inbox, behind the same sign-in."""
from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Optional
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from catalog_index.loader import Catalog, catalog_files, catalog_version, load_catalog

from ..deps import get_session
from ..models import User
from ..records import week_of
from ..staff import inbox
from ..staff.auth import current_user, verify_csrf
from ..staff.routes import SECURITY_HEADERS, forbidden_page, render
from . import charts
from .content import ClusterNotFound, content_report, mark_description_updated, owned_services, owners
from .filters import PERIODS, Filters, parse_filters
from .office import MIN_QUESTIONS, NO_SERVICE, OfficeReport, office_report

router = APIRouter(dependencies=[Depends(verify_csrf)])

OFFICE_ROLES = ("staff", "admin")
CONTENT_ROLES = ("content_owner", "admin")
UNANSWERED_LABELS = {
    "abstained": "utenfor det assistenten kan", "fallback": "ikke forstått", "low_confidence": "usikkert svar",
    "thumbs_down": "tommel ned", "repeated": "spurt på nytt",
}
CSV_TABLES = ("summary", "services", "reasons", "weeks", "channels")


class CatalogWatcher:
    """The catalog as it is on disk now: reloaded when a description file changes, so a content
    owner's "description updated" records the version they just published."""

    def __init__(self, catalog: Catalog, path):
        self.catalog, self.path = catalog, path
        self._stamp: Optional[tuple] = None

    def current(self) -> Catalog:
        # A stat per file is all a request costs; the files are hashed only when one changed.
        files = catalog_files(self.path)
        stats = ((f.name, f.stat()) for f in files if f.exists())
        stamp = tuple((name, st.st_mtime_ns, st.st_size) for name, st in stats)
        if stamp != self._stamp:
            if catalog_version(files) != self.catalog.version:
                self.catalog = load_catalog(self.path)
            self._stamp = stamp
        return self.catalog


def watcher(request: Request) -> CatalogWatcher:
    state = request.app.state
    if getattr(state, "catalog_watcher", None) is None:
        state.catalog_watcher = CatalogWatcher(state.catalog, state.config.catalog_path)
    return state.catalog_watcher


def _today(request: Request) -> dt.date:
    return dt.datetime.now(ZoneInfo(request.app.state.config.timezone)).date()


def _percent(share: Optional[float]) -> str:
    return "–" if share is None else f"{share * 100:.1f} %".replace(".", ",")


def _duration(seconds: Optional[float]) -> str:
    if seconds is None:
        return "–"
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min"
    hours, minutes = divmod(seconds // 60, 60)
    return f"{hours} t {minutes} min" if hours < 48 else f"{hours // 24} døgn"


def _week_label(week: dt.date) -> str:
    return f"u{week.isocalendar()[1]}"


# -- /office -------------------------------------------------------------------------------

def _office_filters(request: Request) -> tuple[Filters, list[str]]:
    catalog = request.app.state.catalog
    return parse_filters(request.query_params, request.app.state.config.timezone, catalog.services, _today(request))


@router.get("/office", response_class=HTMLResponse)
def office_page(request: Request, user: User = Depends(current_user), session: Session = Depends(get_session)):
    if user.role not in OFFICE_ROLES:
        return forbidden_page(request, user)
    filters, problems = _office_filters(request)
    report = office_report(session, filters)
    catalog = request.app.state.catalog
    title = lambda service_id: inbox.service_title(catalog, service_id) if service_id else "Ingen tjeneste"  # noqa: E731
    reasons = sorted(report.handovers_by_reason.items(), key=lambda item: (-item[1], item[0]))
    services = sorted(report.handovers_by_service.items(), key=lambda item: (-item[1], item[0]))[:15]
    weeks = report.weeks
    context = {
        "title": "Servicetorgets tall", "report": report, "filters": filters, "problems": problems,
        "periods": PERIODS, "services": sorted(catalog, key=lambda s: s.title.nb.lower()),
        "percent": _percent, "duration": _duration, "title_of": title, "week_label": _week_label,
        "min_questions": MIN_QUESTIONS, "reasons": reasons, "handover_services": services,
        "csv_url": lambda table: "/office/export.csv?" + urlencode(filters.query(table=table)),
        "charts": {
            "weeks": charts.column_chart(
                [(_week_label(w.week), w.conversations) for w in weeks], "Samtaler per uke",
                f"{len(weeks)} uker. Søylene er samtaler, linjen er andelen løst ved første kontakt.",
                line=[w.fcr for w in weeks]),
            "reasons": charts.bar_chart([(inbox.reason_label(r), n) for r, n in reasons], "Overføringer per årsak",
                                        f"{report.handovers} overføringer fordelt på {len(reasons)} årsaker."),
            "services": charts.bar_chart([(title(s), n) for s, n in services], "Overføringer per tjeneste",
                                         f"De {len(services)} tjenestene med flest overføringer."),
            "channels": charts.bar_chart([(inbox.CHANNELS.get(c, c), n) for c, n in sorted(report.by_channel.items())],
                                         "Samtaler per kanal", f"{report.conversations} samtaler."),
            "needs": charts.bar_chart([(title(n.service_id), round(n.score * 100, 1)) for n in report.needs],
                                      "Tjenester som trenger bedre beskrivelser",
                                      "Andel spørsmål som ble stående ubesvart eller gikk til en ansatt, i prosent.",
                                      value_label=lambda v: _percent(v / 100)),
        },
    }
    return render(request, "office.html", context, user=user)


def _csv_rows(table: str, report: OfficeReport, title) -> list[list]:
    if table == "summary":
        return [["measure", "value"],
                ["period_start", report.filters.start.isoformat()], ["period_end", report.filters.end.isoformat()],
                ["channel", report.filters.channel or "all"], ["service", report.filters.service_id or "all"],
                ["conversations", report.conversations], ["resolved_by_bot", report.resolved_by_bot],
                ["first_contact_resolution", "" if report.fcr is None else round(report.fcr, 4)],
                ["questions", report.questions], ["unanswered", report.unanswered],
                ["handovers", report.handovers], ["handovers_outside_hours", report.outside_hours],
                ["claim_seconds_median", report.claim_median], ["claim_seconds_p90", report.claim_p90],
                ["first_reply_seconds_median", report.reply_median], ["first_reply_seconds_p90", report.reply_p90]]
    if table == "services":
        return [["rank", "service_id", "service", "questions", "unanswered", "escalated", "score"]] + [
            [n, need.service_id, title(need.service_id), need.questions, need.unanswered, need.escalated,
             round(need.score, 4)] for n, need in enumerate(report.needs, start=1)]
    if table == "reasons":
        return [["reason", "label", "handovers"]] + [
            [reason, inbox.reason_label(reason), count] for reason, count in sorted(report.handovers_by_reason.items())]
    if table == "weeks":
        return [["week_start", "conversations", "resolved_by_bot", "first_contact_resolution", "handovers"]] + [
            [w.week.isoformat(), w.conversations, w.resolved_by_bot, "" if w.fcr is None else round(w.fcr, 4),
             w.handovers] for w in report.weeks]
    return [["channel", "conversations"]] + [[c, n] for c, n in sorted(report.by_channel.items())]


def _cell(value) -> str:
    text = "" if value is None else str(value)
    # A spreadsheet must not run a cell as a formula.
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


@router.get("/office/export.csv")
def office_csv(request: Request, table: str = "summary", user: User = Depends(current_user),
               session: Session = Depends(get_session)):
    if user.role not in OFFICE_ROLES:
        return forbidden_page(request, user)
    if table not in CSV_TABLES:
        return Response(f"Ukjent tabell. Velg en av: {', '.join(CSV_TABLES)}.", status_code=400,
                        media_type="text/plain; charset=utf-8")
    filters, _ = _office_filters(request)
    report = office_report(session, filters)
    catalog = request.app.state.catalog
    title = lambda s: inbox.service_title(catalog, s) if s and s != NO_SERVICE else ""  # noqa: E731
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in _csv_rows(table, report, title):
        writer.writerow([_cell(v) for v in row])
    name = f"servicetorg-{table}-{filters.start.isoformat()}-{filters.end.isoformat()}.csv"
    return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'})


# -- /content ------------------------------------------------------------------------------

@router.get("/content", response_class=HTMLResponse)
def content_page(request: Request, owner: Optional[str] = None, service: Optional[str] = None,
                 user: User = Depends(current_user), session: Session = Depends(get_session)):
    if user.role not in CONTENT_ROLES:
        return forbidden_page(request, user)
    catalog = watcher(request).current()
    today = _today(request)
    services = owned_services(catalog, user, owner)
    if service:
        services = [s for s in services if s.id == service]
    report = content_report(session, services, today, week_of(dt.datetime.now(dt.timezone.utc),
                                                               request.app.state.config.timezone))
    context = {
        "title": "Innhold: ubesvarte spørsmål", "report": report, "owner": (owner or "").lower(),
        "service": service if services else None,
        "owners": owners(catalog) if user.role == "admin" else [], "catalog_version": catalog.version,
        "aspect_label": lambda a: inbox.ASPECTS.get(a, a), "unanswered_label": lambda r: UNANSWERED_LABELS.get(r, r),
        "sparkline": lambda trend: charts.sparkline(
            [n for _, n in trend], "Per uke, eldst først: " + ", ".join(f"{_week_label(w)}: {n}" for w, n in trend)),
        "week_label": _week_label, "today": today,
    }
    return render(request, "content.html", context, user=user)


@router.post("/content/clusters/{cluster_id}/updated")
def description_updated(request: Request, cluster_id: int, user: User = Depends(current_user),
                        session: Session = Depends(get_session)):
    if user.role not in CONTENT_ROLES:
        return forbidden_page(request, user)
    catalog = watcher(request).current()
    allowed = [s.id for s in owned_services(catalog, user)]
    try:
        cluster = mark_description_updated(session, cluster_id, user, catalog.version, allowed)
    except ClusterNotFound:
        return render(request, "staff_forbidden.html", {"title": "Fant ikke spørsmålsgruppen"}, status_code=404,
                      user=user)
    owner = request.query_params.get("owner")
    query = urlencode({"status": "description_updated", **({"owner": owner} if owner else {})})
    return RedirectResponse(f"/content?{query}#tjeneste-{cluster.service_id}", status_code=303)
