"""`servicetorg demo-traffic`: the rows are consistent with each other and with what live traffic
writes, the same seed gives the same rows, and a second run refuses unless --replace."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from catalog_index import load_catalog
from connectors.config import AppConfig
from connectors.db import Database
from connectors.models import (
    BOT_SENDER, OPEN, PENDING, RESOLVED, AuditLog, Base, Conversation, Handover, Message, QuestionCluster,
    QuestionRecord, User,
)
from connectors.office import OFFICE_ID, OfficeHours
from connectors.privacy import mask_text
from connectors.records import UNANSWERED_REASONS, Clusterer, naming_terms_from, week_of
from servicetorg.cli import main

END = "2026-03-04T15:00:00+00:00"  # a Wednesday afternoon: some chats still open, in the barnehage peak
ARGS = ["demo-traffic", "--conversations", "300", "--seed", "7", "--end", END]
REASONS = {"request_human", "own_case", "complaint", "low_confidence", "tjenestetrapp", "out_of_scope",
           "personal_data", "bot_unavailable"}
TABLES = (Conversation, Message, Handover, QuestionRecord, QuestionCluster, AuditLog)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(AppConfig().catalog_path)


@pytest.fixture(scope="module")
def office(catalog):
    return OfficeHours(catalog.get(OFFICE_ID), AppConfig().timezone)


def _url(tmp_path, name="demo.db") -> str:
    return f"sqlite:///{tmp_path / name}"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    url = _url(tmp_path_factory.mktemp("demo"))
    assert main([*ARGS, "--database", url]) == 0
    engine = create_engine(url)
    yield engine
    engine.dispose()


def _utc(moment):
    return None if moment is None else (moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc))


def _dump(engine) -> dict:
    with Session(engine) as session:
        return {model.__tablename__: [tuple(row) for row in session.execute(
            select(*model.__table__.columns).order_by(*model.__table__.primary_key.columns))]
            for model in TABLES}


def test_counts_and_states(demo_db):
    with Session(demo_db) as session:
        conversations = session.scalars(select(Conversation)).all()
        assert len(conversations) == 300
        assert all(c.citizen_handle.startswith("demo:") for c in conversations)
        channels = {c.channel for c in conversations}
        assert channels == {"web", "sms"}
        assert {c.language for c in conversations} <= {"nb", "nn", "en"}
        states = {c.state for c in conversations}
        assert RESOLVED in states
        assert sum(c.state == RESOLVED for c in conversations) > 250
        for c in conversations:
            assert (c.resolved_at is not None) == (c.state == RESOLVED)
        staff = session.scalars(select(User).where(User.username.like("demo-%"))).all()
        assert staff and all(u.role == "staff" and u.password_hash == "!" for u in staff)


def test_escalations_match_handovers(demo_db, office):
    with Session(demo_db) as session:
        conversations = {c.id: c for c in session.scalars(select(Conversation))}
        handovers = session.scalars(select(Handover)).all()
        with_handover = {h.conversation_id for h in handovers}
        assert handovers
        assert with_handover == {c.id for c in conversations.values() if c.escalated}
        for h in handovers:
            conversation = conversations[h.conversation_id]
            created = _utc(h.created_at)
            assert h.reason in REASONS
            assert h.channel == conversation.channel
            assert h.week == week_of(created)
            assert h.outside_hours == (not office.is_open(created))
            if h.claimed_at is not None:
                assert h.claim_seconds == round((_utc(h.claimed_at) - created).total_seconds())
                assert h.claimed_by is not None
                assert office.is_open(_utc(h.claimed_at))  # staff claim while the office is open
            else:
                assert h.claim_seconds is None and conversation.state == PENDING
            if h.first_reply_at is not None:
                assert h.first_reply_seconds == round((_utc(h.first_reply_at) - created).total_seconds())
                assert h.first_reply_at >= h.claimed_at
            if h.resolved_at is not None:
                assert h.resolution_code
            elif h.claimed_at is not None:
                assert conversation.state == OPEN and conversation.assignee_id == h.claimed_by
        assert {h.reason for h in handovers} >= {"request_human", "own_case"}
        assert any(h.outside_hours for h in handovers) and any(not h.outside_hours for h in handovers)


def test_thumbs_down_and_messages(demo_db):
    with Session(demo_db) as session:
        down = set(session.scalars(select(Message.conversation_id).where(Message.feedback < 0)))
        flagged = set(session.scalars(select(Conversation.id).where(Conversation.thumbs_down.is_(True))))
        assert down == flagged and flagged
        assert set(session.scalars(select(Message.sender).where(Message.feedback.is_not(None)))) == {BOT_SENDER}
        # What citizens and staff wrote is stored masked (the bot's replies quote the descriptions).
        for text in session.scalars(select(Message.text).where(Message.sender.in_(("citizen", "staff")))):
            assert mask_text(text) == text
        for text in session.scalars(select(Message.text)):
            assert not re.search(r"\d{6}\s?\d{5}", text)  # never anything like a fødselsnummer
        bots = session.scalars(select(Message).where(Message.sender == BOT_SENDER, Message.kind == "answer")).all()
        assert bots and all(m.intent and m.aspect and m.service_id and m.confidence is not None for m in bots)
        first_sms = session.scalar(select(Message).where(Message.channel == "sms").limit(1))
        assert first_sms.external_id


def test_question_records_are_consistent(demo_db, catalog):
    with Session(demo_db) as session:
        conversations = {c.id: c for c in session.scalars(select(Conversation))}
        messages = {m.id: m for m in session.scalars(select(Message))}
        clusters = {c.id: c for c in session.scalars(select(QuestionCluster))}
        records = session.scalars(select(QuestionRecord)).all()
        assert records
        for r in records:
            conversation = conversations[r.conversation_id]
            assert r.channel == conversation.channel
            assert r.week == week_of(_utc(r.created_at))
            if r.reply_message_id is not None:
                reply = messages[r.reply_message_id]
                assert reply.conversation_id == r.conversation_id and reply.sender == BOT_SENDER
                if reply.feedback == -1 and r.unanswered_reason != "repeated":
                    assert not r.answered
            if r.escalated:
                assert not r.answered and r.unanswered_reason is None
                assert conversation.escalated
            if r.answered:
                assert r.unanswered_reason is None and r.cluster_id is None
            elif not r.escalated:
                assert r.unanswered_reason in UNANSWERED_REASONS
                assert r.cluster_id in clusters and clusters[r.cluster_id].service_id == r.service_id
            if r.service_id:
                assert r.service_id in catalog
        assert {r.unanswered_reason for r in records} >= {"abstained", "fallback", "low_confidence", "thumbs_down"}
        for conversation in conversations.values():
            assert conversation.week == week_of(_utc(conversation.created_at))
        # every cluster has a member: no empty clusters left behind
        used = {r.cluster_id for r in records if r.cluster_id is not None}
        assert used == set(clusters)


def test_cluster_book_matches_the_clusterer(demo_db, catalog):
    """The in-memory clusterer puts the same questions together as records.Clusterer does."""
    from connectors.demo_traffic import ClusterBook

    with Session(demo_db) as session:
        records = session.execute(select(QuestionRecord.id, QuestionRecord.text, QuestionRecord.service_id,
                                         QuestionRecord.created_at)
                                  .where(QuestionRecord.cluster_id.is_not(None)).order_by(QuestionRecord.id)).all()
    naming = naming_terms_from(catalog)
    book = ClusterBook(naming, 1)
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    clusterer = Clusterer(naming)
    ours, theirs = {}, {}
    with Session(engine) as session:
        for n, row in enumerate(records):
            when = _utc(row.created_at)
            item = {"text": row.text, "service_id": row.service_id, "created_at": when, "cluster_id": None}
            book.assign(item)
            ours[row.id] = item["cluster_id"]
            record = QuestionRecord(channel="web", text=row.text, service_id=row.service_id, created_at=when)
            session.add(record)
            clusterer.assign(session, record)
            theirs[row.id] = record.cluster_id
    engine.dispose()

    def partition(assignment):
        groups = {}
        for record_id, cluster_id in assignment.items():
            groups.setdefault(cluster_id, set()).add(record_id)
        return sorted(sorted(g) for g in groups.values())

    assert partition(ours) == partition(theirs)


def test_same_seed_same_rows(demo_db, tmp_path):
    url = _url(tmp_path, "again.db")
    assert main([*ARGS, "--database", url]) == 0
    engine = create_engine(url)
    try:
        assert _dump(engine) == _dump(demo_db)
    finally:
        engine.dispose()
    other = _url(tmp_path, "other.db")
    assert main(["demo-traffic", "--conversations", "300", "--seed", "8", "--end", END, "--database", other]) == 0
    engine = create_engine(other)
    try:
        assert _dump(engine)["messages"] != _dump(demo_db)["messages"]
    finally:
        engine.dispose()


def test_refuses_without_replace_and_replaces(tmp_path, capsys):
    url = _url(tmp_path)
    small = ["demo-traffic", "--conversations", "120", "--seed", "3", "--end", END, "--database", url]
    assert main(small) == 0
    db = Database(url)
    # A live conversation with an unanswered question: --replace leaves it and its cluster alone.
    with db.sessions() as session:
        live = Conversation(channel="web", citizen_handle="widget-session-1", state="bot")
        session.add(live)
        session.flush()
        cluster = QuestionCluster(service_id="sfo", label="kan jeg betale sfo med vipps?", key="betal vipps")
        session.add(cluster)
        session.flush()
        session.add(QuestionRecord(conversation_id=live.id, channel="web", service_id="sfo", answered=False,
                                   unanswered_reason="low_confidence", text="kan jeg betale sfo med vipps?",
                                   cluster_id=cluster.id))
        session.commit()
        live_id, cluster_id = live.id, cluster.id
    before = _dump(db.engine)
    capsys.readouterr()

    assert main(small) == 1
    assert "--replace" in capsys.readouterr().err
    assert _dump(db.engine) == before

    assert main([*small, "--replace"]) == 0
    with db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Conversation)
                              .where(Conversation.citizen_handle.like("demo:%"))) == 120
        assert session.get(Conversation, live_id) is not None
        assert session.get(QuestionCluster, cluster_id) is not None
        assert session.scalar(select(QuestionRecord.cluster_id).where(QuestionRecord.conversation_id == live_id)) == cluster_id
        # the demo staff were reused, not duplicated
        assert session.scalar(select(func.count()).select_from(User).where(User.username.like("demo-%"))) == 6
    after = _dump(db.engine)
    for table in ("conversations", "messages", "handovers", "audit_log"):
        assert len(after[table]) == len(before[table]), table
    db.engine.dispose()
