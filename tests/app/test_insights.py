"""/office and /content: the figures they show match figures computed here, independently, from
the raw records; who may see what; "description updated"; descriptions due for review."""
from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import math
import random
import re
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from connectors.models import Conversation, Handover, QuestionCluster, QuestionRecord
from connectors.records import week_of
from connectors.staff import auth

from .test_auth import csrf_from, login

ZONE = ZoneInfo("Europe/Oslo")
SERVICES = ["sfo", "barnehageplass", "byggesoknad", "eiendomsskatt", "renovasjon", "parkering", "feiing"]
REASONS = ["request_human", "own_case", "complaint", "low_confidence", "tjenestetrapp", "out_of_scope"]
UNANSWERED = ["abstained", "fallback", "low_confidence", "thumbs_down", "repeated"]


def seed_traffic(app, n_conversations=600, seed=11):
    """Raw records over 130 days, as live traffic writes them (some outside any 90-day period)."""
    rng = random.Random(seed)
    now = dt.datetime.now(dt.timezone.utc)
    with app.state.db.sessions() as session:
        for n in range(n_conversations):
            created = now - dt.timedelta(days=rng.uniform(0, 130), minutes=rng.uniform(0, 600))
            channel = rng.choice(["web", "web", "sms"])
            service_id = rng.choice(SERVICES + [None])
            escalated = rng.random() < 0.25
            conversation = Conversation(channel=channel, citizen_handle=f"seed-{n}", state="resolved",
                                        service_id=service_id, created_at=created, updated_at=created,
                                        week=week_of(created), escalated=escalated,
                                        thumbs_down=rng.random() < 0.08)
            session.add(conversation)
            session.flush()
            for q in range(rng.randint(1, 3)):
                asked = created + dt.timedelta(seconds=30 * q)
                reason = rng.choice(UNANSWERED) if rng.random() < 0.3 else None
                session.add(QuestionRecord(
                    conversation_id=conversation.id, channel=channel, created_at=asked, week=week_of(asked),
                    service_id=rng.choice([service_id, rng.choice(SERVICES)]), aspect="price", kind="answer",
                    answered=reason is None, unanswered_reason=reason, text=f"spørsmål {n}-{q}"))
            if escalated:
                claim = rng.choice([None, rng.randint(5, 4000)])
                first_reply = None if claim is None else claim + rng.randint(0, 600)
                session.add(Handover(
                    conversation_id=conversation.id, channel=channel, reason=rng.choice(REASONS),
                    service_id=service_id, tagged_service_id=rng.choice([None, None, rng.choice(SERVICES)]),
                    outside_hours=rng.random() < 0.2, created_at=created, week=week_of(created),
                    claim_seconds=claim, first_reply_seconds=first_reply))
        session.commit()


def raw_rows(app):
    with app.state.db.sessions() as session:
        return (session.scalars(select(Conversation)).all(), session.scalars(select(Handover)).all(),
                session.scalars(select(QuestionRecord)).all())


def utc(moment):
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def nearest_rank(values, share):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[math.ceil(share * len(ordered)) - 1]


def expected(app, days=90, channel=None, service=None):
    """The office's measures, from the raw rows, in plain Python."""
    today = dt.datetime.now(ZONE).date()
    start = dt.datetime.combine(today - dt.timedelta(days=days - 1), dt.time(0), ZONE)
    end = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(0), ZONE)
    conversations, handovers, questions = raw_rows(app)

    def keep(row, service_of):
        return start <= utc(row.created_at) < end and (channel is None or row.channel == channel) and \
            (service is None or service_of(row) == service)

    convs = [c for c in conversations if keep(c, lambda c: c.service_id)]
    hands = [h for h in handovers if keep(h, lambda h: h.tagged_service_id or h.service_id)]
    quests = [q for q in questions if keep(q, lambda q: q.service_id)]
    resolved = sum(1 for c in convs if not c.escalated and not c.thumbs_down)
    weeks = {}
    for c in convs:
        local = utc(c.created_at).astimezone(ZONE).date()
        monday = local - dt.timedelta(days=local.weekday())
        row = weeks.setdefault(monday, [0, 0, 0])
        row[0] += 1
        row[1] += not c.escalated and not c.thumbs_down
    for h in hands:
        local = utc(h.created_at).astimezone(ZONE).date()
        weeks.setdefault(local - dt.timedelta(days=local.weekday()), [0, 0, 0])[2] += 1
    per_service = {}
    for q in quests:
        if q.service_id:
            row = per_service.setdefault(q.service_id, [0, 0, 0])
            row[0] += 1
            row[1] += q.unanswered_reason is not None
    for h in hands:
        sid = h.tagged_service_id or h.service_id
        if sid in per_service:
            per_service[sid][2] += 1
    needs = sorted(((sid, q, u, e, (u + e) / q) for sid, (q, u, e) in per_service.items() if q >= 5),
                   key=lambda r: (-r[4], -r[1], r[0]))[:10]
    reasons = {}
    for h in hands:
        reasons[h.reason] = reasons.get(h.reason, 0) + 1
    claims = [h.claim_seconds for h in hands if h.claim_seconds is not None]
    replies = [h.first_reply_seconds for h in hands if h.first_reply_seconds is not None]
    return {
        "summary": {"conversations": len(convs), "resolved_by_bot": resolved,
                    "first_contact_resolution": round(resolved / len(convs), 4) if convs else None,
                    "questions": len(quests), "unanswered": sum(q.unanswered_reason is not None for q in quests),
                    "handovers": len(hands), "handovers_outside_hours": sum(h.outside_hours for h in hands),
                    "claim_seconds_median": nearest_rank(claims, 0.5), "claim_seconds_p90": nearest_rank(claims, 0.9),
                    "first_reply_seconds_median": nearest_rank(replies, 0.5),
                    "first_reply_seconds_p90": nearest_rank(replies, 0.9)},
        # unrounded, as the page formats it (rounding the CSV's 4 decimals again can differ)
        "fcr_exact": resolved / len(convs) if convs else None,
        "weeks": {w: tuple(v) for w, v in weeks.items()},
        "needs": needs,
        "reasons": reasons,
        "channels": {ch: sum(c.channel == ch for c in convs) for ch in {c.channel for c in convs}},
    }


@pytest.fixture
def signed_in(app):
    def sign_in(username="leder", role="staff", email=None):
        with app.state.db.sessions() as session:
            auth.create_user(session, username, role, username.title(), email=email, password="hemmelig-passord")
        client = TestClient(app)
        login(client, username, "hemmelig-passord")
        return client

    return sign_in


def read_csv(client, table, **params):
    response = client.get("/office/export.csv", params={"table": table, **params})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.text)))


def number(text):
    return None if text == "" else float(text)


@pytest.mark.parametrize("filters", [{}, {"channel": "sms"}, {"service": "byggesoknad"}, {"period": "30"}])
def test_office_figures_match_an_independent_count_of_the_raw_records(app, signed_in, filters):
    seed_traffic(app)
    client = signed_in()
    days = int(filters.get("period", 90))
    want = expected(app, days, filters.get("channel"), filters.get("service"))
    assert want["summary"]["conversations"] > 20  # the data exercises the filters

    summary = {row[0]: row[1] for row in read_csv(client, "summary", **filters)[1:]}
    for key, value in want["summary"].items():
        assert number(summary[key]) == (None if value is None else pytest.approx(value)), key

    weeks = read_csv(client, "weeks", **filters)[1:]
    assert {dt.date.fromisoformat(w): (int(c), int(r), int(h)) for w, c, r, _, h in weeks} == want["weeks"]

    services = read_csv(client, "services", **filters)[1:]
    assert [(r[1], int(r[3]), int(r[4]), int(r[5])) for r in services] == [n[:4] for n in want["needs"]]

    reasons = read_csv(client, "reasons", **filters)[1:]
    assert {r[0]: int(r[2]) for r in reasons} == want["reasons"]
    channels = read_csv(client, "channels", **filters)[1:]
    assert {r[0]: int(r[1]) for r in channels} == want["channels"]

    page = client.get("/office", params=filters)
    assert page.status_code == 200
    fcr = want["fcr_exact"]
    shown = re.search(r'data-figure="fcr">([^<]+)<', page.text).group(1)
    assert shown == f"{fcr * 100:.1f} %".replace(".", ",")
    assert re.search(r'data-figure="handovers">(\d+)<', page.text).group(1) == str(want["summary"]["handovers"])
    assert re.findall(r'<tr data-service="([^"]+)"><td>\d+</td>', page.text) == [n[0] for n in want["needs"]]
    assert page.text.count("<svg class=\"chart\" role=\"img\"") >= 4


def test_office_refuses_bad_filters_clearly_and_keeps_working(app, signed_in):
    client = signed_in()
    page = client.get("/office", params={"period": "custom", "from": "2026-05-01", "to": "2026-01-01",
                                          "channel": "fax", "service": "finnes-ikke"})
    assert page.status_code == 200
    assert "Perioden er ugyldig" in page.text and "Ukjent kanal" in page.text and "Ukjent tjeneste" in page.text
    assert client.get("/office/export.csv", params={"table": "passwords"}).status_code == 400


def test_who_may_see_the_office_and_content_pages(app, signed_in):
    anonymous = TestClient(app)
    assert anonymous.get("/office", headers={"accept": "text/html"}, follow_redirects=False).status_code == 303
    assert anonymous.get("/office/export.csv").status_code == 401
    owner = signed_in("eier", "content_owner", "ingrid.berg@fjordvik.kommune.no")
    assert owner.get("/office").status_code == 403
    assert owner.get("/office/export.csv").status_code == 403
    assert owner.get("/content").status_code == 200
    staff = signed_in("kari", "staff")
    assert staff.get("/content").status_code == 403
    assert staff.get("/office").status_code == 200


def unanswered(service, handle, text, service_id, aspect="price", rule_holder=None):
    rule_holder.rule = lambda _: [{"text": "Usikker.", "custom": {"servicetorg": {
        "kind": "answer", "intent": "ask_price", "service_id": service_id, "aspect": aspect,
        "confidence": 0.3, "language": "nb"}}}]
    return asyncio.run(service.receive("web", handle, text))


def test_content_owner_sees_clusters_for_own_services_only_with_counts_from_the_records(app, service, fake_rasa,
                                                                                          signed_in):
    # fastlege belongs to Ingrid Berg in the demo catalog; sfo does not.
    assert app.state.catalog.get("fastlege").owner.email == "ingrid.berg@fjordvik.kommune.no"
    assert app.state.catalog.get("sfo").owner.email != "ingrid.berg@fjordvik.kommune.no"
    for n in range(4):
        unanswered(service, f"a{n}", "kan jeg bytte fastlege på telefon?", "fastlege", "how_to_apply", fake_rasa)
    unanswered(service, "b1", "hvor lang er ventelisten hos fastlegen?", "fastlege", "processing_time", fake_rasa)
    unanswered(service, "c1", "kan jeg betale sfo med vipps?", "sfo", "price", fake_rasa)
    client = signed_in("eier", "content_owner", "ingrid.berg@fjordvik.kommune.no")
    page = client.get("/content").text

    with app.state.db.sessions() as session:
        counts = {}
        for record in session.scalars(select(QuestionRecord).where(QuestionRecord.service_id == "fastlege")):
            counts[record.cluster_id] = counts.get(record.cluster_id, 0) + 1
    shown = {int(cid): int(count) for cid, count in re.findall(
        r'data-cluster="(\d+)">\s*<h3><span class="count" data-count>(\d+)</span>', page)}
    assert shown == counts and sorted(counts.values()) == [1, 4]
    assert "kan jeg bytte fastlege på telefon?" in page and "betale sfo med vipps" not in page
    assert 'id="tjeneste-fastlege"' in page and 'id="tjeneste-sfo"' not in page
    assert "søknad (4)" in page  # the aspect asked about
    # The stale description of hers is listed for review.
    assert re.search(r'<tr data-service="fastlege" data-status="stale">', page)
    assert 'data-service="feiing"' not in page  # someone else's stale description


def test_description_updated_closes_the_cluster_and_later_questions_start_a_new_one(app, service, fake_rasa,
                                                                                     signed_in):
    for n in range(3):
        unanswered(service, f"a{n}", "kan jeg bytte fastlege på telefon?", "fastlege", "how_to_apply", fake_rasa)
    client = signed_in("eier", "content_owner", "ingrid.berg@fjordvik.kommune.no")
    page = client.get("/content").text
    cluster_id = int(re.search(r'data-cluster="(\d+)"', page).group(1))
    done = client.post(f"/content/clusters/{cluster_id}/updated", data={"csrf_token": csrf_from(page)},
                       follow_redirects=False)
    assert done.status_code == 303
    with app.state.db.sessions() as session:
        cluster = session.get(QuestionCluster, cluster_id)
        assert cluster.closed_at is not None and cluster.closed_catalog_version == app.state.catalog.version
    unanswered(service, "later", "kan jeg bytte fastlege på telefonen?", "fastlege", "how_to_apply", fake_rasa)
    with app.state.db.sessions() as session:
        latest = session.scalars(select(QuestionRecord).order_by(QuestionRecord.id.desc())).first()
    assert latest.cluster_id != cluster_id
    page = client.get("/content").text
    assert f'data-closed-cluster="{cluster_id}"' in page and "Siden da: 1 nye ubesvarte" in page
    # Another owner's cluster cannot be closed by her.
    unanswered(service, "c1", "kan jeg betale sfo med vipps?", "sfo", "price", fake_rasa)
    with app.state.db.sessions() as session:
        sfo_cluster = session.scalar(select(QuestionCluster.id).where(QuestionCluster.service_id == "sfo"))
    refused = client.post(f"/content/clusters/{sfo_cluster}/updated", data={"csrf_token": csrf_from(page)})
    assert refused.status_code == 404


def test_content_examples_are_masked_but_lookalike_numbers_stay(app, service, fake_rasa, signed_in):
    valid_fnr = "01010150074"  # valid mod-11 check digits
    lookalike = "01010150075"  # the same with a wrong check digit: not a fødselsnummer
    unanswered(service, "a1", f"fastlege for {valid_fnr}?", "fastlege", "description", fake_rasa)
    unanswered(service, "a2", f"fastlege for {lookalike}?", "fastlege", "description", fake_rasa)
    client = signed_in("eier", "content_owner", "ingrid.berg@fjordvik.kommune.no")
    page = client.get("/content").text
    assert valid_fnr not in page and lookalike in page


def test_the_admin_sees_every_owner_and_can_pick_one(app, service, fake_rasa, signed_in):
    unanswered(service, "a1", "kan jeg bytte fastlege på telefon?", "fastlege", "how_to_apply", fake_rasa)
    unanswered(service, "c1", "kan jeg betale sfo med vipps?", "sfo", "price", fake_rasa)
    admin = signed_in("sjef", "admin")
    everything = admin.get("/content").text
    assert 'id="tjeneste-fastlege"' in everything and 'id="tjeneste-sfo"' in everything
    hers = admin.get("/content", params={"owner": "ingrid.berg@fjordvik.kommune.no"}).text
    assert 'id="tjeneste-fastlege"' in hers and 'id="tjeneste-sfo"' not in hers


def test_the_stale_hook_reports_descriptions_due_for_review(app, caplog):
    from connectors.insights.stale import LogNotifier, review_items

    items = review_items(app.state.catalog, dt.date(2026, 11, 23))
    assert {i.service_id for i in items} >= {"fastlege", "feiing", "utleie-lokaler"}
    assert all(i.status == "stale" for i in items if i.service_id == "fastlege")
    soon = review_items(app.state.catalog, dt.date(2026, 2, 15))  # fastlege's review_by is 2026-03-01
    assert [i.status for i in soon if i.service_id == "fastlege"] == ["due"]
    with caplog.at_level("WARNING", logger="servicetorg.stale"):
        LogNotifier().notify(items)
    assert "fastlege" in caplog.text and "past its review date" in caplog.text


def test_the_catalog_watcher_reloads_only_when_a_description_changes(tmp_path):
    import shutil

    from catalog_index import load_catalog
    from connectors.insights.routes import CatalogWatcher
    from servicetorg import settings

    folder = tmp_path / "catalog"
    shutil.copytree(settings.catalog_path(), folder)
    watcher = CatalogWatcher(load_catalog(folder), folder)
    first = watcher.current()
    assert watcher.current() is first  # nothing changed: the same catalog, not reloaded
    path = folder / "sfo.yml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# endret\n", encoding="utf-8")
    second = watcher.current()
    assert second is not first and second.version != first.version and "sfo" in second
