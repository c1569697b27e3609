"""Retention (`servicetorg purge`) and "Slett samtalen min" (widget and SMS): no transcript text
is left in any table afterwards, and the rows the office's measures count stay."""
from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from connectors.crypto import handle_for
from connectors.models import (
    AuditLog, Conversation, Handover, Message, QuestionCluster, QuestionRecord, SmsOptOut, utcnow,
)
from connectors.records import question_key
from connectors.conversations import ConversationError
from connectors.retention import PAYLOAD_KEEP, erase_citizen, erase_conversations, purge, strip_payload
from servicetorg import settings

from .transcripts import MARKERS, count, dump, find_markers
from .test_staff import worker  # noqa: F401 (fixture)
from .test_sms import FROM, OTHER, always_open_sms, outbox, sms, sms_app, twilio_config  # noqa: F401 (fixtures)

OLD = "web:old-citizen-session-0001"
RECENT = "web:recent-citizen-session-01"
RECENT_MARKER = "zqvrecentquestion"


def run(coro):
    return asyncio.run(coro)


def call_async(function, *args):
    return asyncio.run(function(*args))


def populate(app, service, worker, handle=OLD, call=call_async) -> str:
    """A conversation with every kind of transcript text: citizen questions (answered with a
    thumbs down, clarified, handed over), a staff reply, an internal note and handover payload
    text. Returns its id."""
    m = MARKERS
    received = call(service.receive, "web", handle, f"hva koster sfo {m['thumbs']}")
    conversation_id = received.conversation_id
    bot_reply = next(message for message in received.replies if message.sender == "bot")
    assert service.record_feedback(conversation_id, bot_reply.id, -1)
    call(service.receive, "web", handle, f"plass {m['clarify']}")
    call(service.receive, "web", handle, f"kan jeg snakke med et menneske {m['handover']}")
    with app.state.db.sessions() as session:  # any other text in the payload goes as well
        handover = session.scalar(select(Handover).where(Handover.conversation_id == conversation_id))
        handover.payload = {**handover.payload, "summary": f"Innbyggeren skrev {m['payload']}"}
        session.commit()
    call(service.claim, conversation_id, worker)
    call(service.staff_reply, conversation_id, worker, f"Hei, jeg ser på det {m['staff']}")
    service.note(conversation_id, worker, f"Ring tilbake {m['note']}")
    call(service.receive, "web", handle, f"takk {m['citizen']}")
    return conversation_id


def age(app, conversation_id: str, days: int) -> None:
    with app.state.db.sessions() as session:
        session.execute(update(Conversation).where(Conversation.id == conversation_id)
                        .values(updated_at=utcnow() - dt.timedelta(days=days)))
        session.commit()


def conversation(app, conversation_id: str) -> Conversation:
    with app.state.db.sessions() as session:
        return session.get(Conversation, conversation_id)


def assert_aggregates_kept(app, conversation_id: str, channel: str = "web") -> None:
    with app.state.db.sessions() as session:
        row = session.get(Conversation, conversation_id)
        assert row is not None and row.purged_at is not None
        assert row.channel == channel and row.week is not None and row.escalated
        assert row.state == "resolved" and row.citizen_handle == "purged" and row.reply_address is None
        assert session.scalars(select(Message).where(Message.conversation_id == conversation_id)).all() == []
        handovers = session.scalars(select(Handover).where(Handover.conversation_id == conversation_id)).all()
        assert handovers, "handover rows stay"
        for handover in handovers:
            assert set(handover.payload or {}) <= set(PAYLOAD_KEEP)
            assert handover.resolution_code and handover.resolved_at is not None
            assert handover.claimed_at is not None and handover.first_reply_seconds is not None
        records = session.scalars(select(QuestionRecord).where(QuestionRecord.conversation_id == conversation_id)).all()
        assert records and all(record.text is None for record in records)
        assert any(not record.answered for record in records), "unanswered counts stay"


# -- purge ---------------------------------------------------------------------------------

def test_purge_leaves_no_transcript_text_and_keeps_the_aggregates(app, service, make_user, always_open, fake_rasa):
    worker = make_user("kari")
    old_id = populate(app, service, worker)
    recent_id = run(service.receive("web", RECENT, f"plass {RECENT_MARKER}")).conversation_id
    age(app, old_id, 100)
    found = {place.split(":")[0] for place in find_markers(app, MARKERS.values())}
    assert {"messages.text", "question_records.text", "question_clusters.label", "question_clusters.key",
            "handovers.payload"} <= found, found
    before = {model: count(app, model) for model in (Conversation, Handover, QuestionRecord, QuestionCluster)}

    result = purge(app.state.db, 90)

    assert result.conversations == 1 and result.messages >= 10
    assert find_markers(app, MARKERS.values()) == []
    for model, number in before.items():
        assert count(app, model) == number, f"{model.__tablename__} rows stay"
    assert_aggregates_kept(app, old_id)
    with app.state.db.sessions() as session:
        handover = session.scalar(select(Handover).where(Handover.conversation_id == old_id))
        assert handover.resolution_code == "deleted" and handover.reason == "request_human"
        assert handover.payload["reason"] == "request_human"
        # The recent conversation is untouched, its text too.
        recent = session.get(Conversation, recent_id)
        assert recent.purged_at is None and recent.citizen_handle == RECENT
        assert session.scalars(select(Message).where(Message.conversation_id == recent_id)).all()
        # Clusters keep only text that is still there.
        for cluster in session.scalars(select(QuestionCluster)):
            assert cluster.label is None or RECENT_MARKER in cluster.label
        assert session.scalar(select(AuditLog).where(AuditLog.action == "purge")) is not None
    assert find_markers(app, [RECENT_MARKER]), "a recent conversation is not purged"

    assert purge(app.state.db, 90) == type(result)(0, 0), "idempotent"


def test_purge_dry_run_changes_nothing(app, service, make_user, always_open):
    old_id = populate(app, service, make_user("kari"))
    age(app, old_id, 100)
    before = dump(app)
    result = purge(app.state.db, 90, dry_run=True)
    assert result.conversations == 1 and result.messages >= 10
    assert dump(app) == before
    assert purge(app.state.db, 101, dry_run=True).conversations == 0


def test_purge_uses_last_activity_not_creation(app, service):
    conversation_id = run(service.receive("web", OLD, "hva koster sfo")).conversation_id
    with app.state.db.sessions() as session:
        session.execute(update(Conversation).where(Conversation.id == conversation_id)
                        .values(created_at=utcnow() - dt.timedelta(days=200), updated_at=utcnow()))
        session.commit()
    assert purge(app.state.db, 90).conversations == 0
    assert conversation(app, conversation_id).purged_at is None


def test_strip_payload_keeps_codes_only():
    payload = {"reason": "complaint", "service_id": "sfo", "intent": "complain", "confidence": 0.8,
               "last_messages": ["tekst"], "summary": "tekst", "nested": {"a": "tekst"}}
    assert strip_payload(payload) == {"reason": "complaint", "service_id": "sfo", "intent": "complain",
                                      "confidence": 0.8}
    assert strip_payload({"last_messages": ["x"]}) is None and strip_payload(None) is None


def test_clusters_get_a_remaining_members_text_or_none(app):
    with app.state.db.sessions() as session:
        gone, kept = Conversation(channel="web", citizen_handle="web:a"), Conversation(channel="web", citizen_handle="web:b")
        session.add_all([gone, kept])
        session.flush()
        t0 = utcnow() - dt.timedelta(hours=3)
        shared = QuestionCluster(service_id="sfo", label="hva koster sfo zqvlabelword",
                                 key=question_key("hva koster sfo zqvlabelword"))
        alone = QuestionCluster(service_id="sfo", label="sfo i juli zqvalonewords", key="juli zqvalonewords")
        # A cluster whose first question left it (thumbs up) but still names it.
        left = QuestionCluster(service_id="sfo", label="ferie sfo zqvleftword", key="feri zqvleftword")
        session.add_all([shared, alone, left])
        session.flush()
        session.add_all([
            QuestionRecord(conversation_id=gone.id, channel="web", created_at=t0, text=shared.label,
                           cluster_id=shared.id, answered=False),
            QuestionRecord(conversation_id=kept.id, channel="web", created_at=t0 + dt.timedelta(hours=1),
                           text="pris på sfo for to barn", cluster_id=shared.id, answered=False),
            QuestionRecord(conversation_id=kept.id, channel="web", created_at=t0 + dt.timedelta(hours=2),
                           text="hva koster sfo nå", aspect="price", cluster_id=shared.id, answered=False),
            QuestionRecord(conversation_id=gone.id, channel="web", created_at=t0, text=alone.label,
                           cluster_id=alone.id, answered=False),
            QuestionRecord(conversation_id=gone.id, channel="web", created_at=t0, text=left.label, answered=True),
        ])
        session.commit()
        erased = erase_conversations(session, [gone.id], "test", naming_terms=lambda s: frozenset({"sfo"}))
        session.commit()
        assert erased.conversations == 1
        session.refresh(shared), session.refresh(alone), session.refresh(left)
        assert shared.label == "hva koster sfo nå"  # the newest remaining member
        assert shared.key == question_key("hva koster sfo nå", {"sfo"}, "price")
        assert alone.label is None and alone.key is None
        assert left.label is None and left.key is None
    assert find_markers(app, ["zqvlabelword", "zqvalonewords", "zqvleftword"]) == []


def test_an_answer_arriving_after_the_deletion_is_not_stored(app, service, fake_rasa, make_user):
    handle = "web:" + "race-session-000000001"

    def delete_while_rasa_answers(text):
        erase_citizen(app.state.db, "web", handle)  # "Slett samtalen min" while Rasa is thinking
        return fake_rasa.default_rule(text)

    fake_rasa.rule = delete_while_rasa_answers
    conversation_id = run(service.receive("web", handle, f"hva koster sfo {MARKERS['citizen']}")).conversation_id
    assert find_markers(app, MARKERS.values()) == []
    assert "Svar på" not in str(dump(app)), "the bot's answer is not stored either"
    with pytest.raises(ConversationError):  # a worker's note cannot bring text back
        service.note(conversation_id, make_user("kari"), f"notat {MARKERS['note']}")
    assert find_markers(app, MARKERS.values()) == []


# -- the command ---------------------------------------------------------------------------

@pytest.fixture
def cli_env(config, monkeypatch):
    monkeypatch.setenv("SERVICETORG_DATABASE_URL", config.database_url)
    monkeypatch.setenv("SERVICETORG_SECRET_KEY", config.secret_key)
    monkeypatch.delenv("SERVICETORG_RETENTION_DAYS", raising=False)


def test_the_purge_command(app, service, make_user, always_open, cli_env, capsys, monkeypatch):
    from servicetorg.cli import main

    old_id = populate(app, service, make_user("kari"))
    age(app, old_id, 100)
    before = dump(app)
    assert main(["purge", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "1 samtaler" in out and "Ingenting er endret" in out
    assert dump(app) == before

    monkeypatch.setenv("SERVICETORG_RETENTION_DAYS", "120")
    assert main(["purge"]) == 0
    assert "0 samtaler" in capsys.readouterr().out and find_markers(app, MARKERS.values())

    assert main(["purge", "--days", "90"]) == 0
    assert "Slettet utskriften av 1 samtaler" in capsys.readouterr().out
    assert find_markers(app, MARKERS.values()) == []
    assert_aggregates_kept(app, old_id)


def test_the_purge_command_runs_as_a_program(config, app):
    env = {**os.environ, "SERVICETORG_DATABASE_URL": config.database_url, "SERVICETORG_SECRET_KEY": "x"}
    done = subprocess.run([sys.executable, "-m", "servicetorg.cli", "purge", "--dry-run"], env=env,
                          cwd=settings.REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Tørrkjøring: 0 samtaler" in done.stdout


# -- "Slett samtalen min" in the widget ----------------------------------------------------

SESSION = "5d1c0a4e-7b2f-4c3d-8e9f-0a1b2c3d4e5f"


@pytest.fixture
def client(app):
    with TestClient(app) as client:
        yield client


def recorded_events(app, monkeypatch) -> list[tuple[str, dict]]:
    events: list[tuple[str, dict]] = []
    hub = app.state.hub
    original = hub.publish

    def publish(topic, event):
        events.append((topic, event))
        original(topic, event)

    monkeypatch.setattr(hub, "publish", publish)
    return events


def test_the_widget_deletes_the_conversation(client, app, service, make_user, always_open, fake_rasa, monkeypatch):
    worker = make_user("kari")
    handle = "web:" + SESSION
    conversation_id = populate(app, service, worker, handle=handle, call=client.portal.call)
    other_id = run(service.receive("web", RECENT, f"plass {RECENT_MARKER}")).conversation_id
    events = recorded_events(app, monkeypatch)

    with client.websocket_connect(f"/ws/chat?session={SESSION}") as ws:  # another tab, still open
        history = ws.receive_json()
        assert history["conversation_id"] == conversation_id and history["messages"]
        response = client.post("/chat/delete", json={"session": SESSION})
        assert response.status_code == 200, response.text
        assert response.json()["ok"] and response.json()["conversations"] == 1
        assert "slettet" in response.json()["text"]
        assert response.headers["access-control-allow-origin"] == "*"
        assert ws.receive_json()["type"] == "deleted"  # that tab starts afresh too

    assert find_markers(app, MARKERS.values()) == []
    assert_aggregates_kept(app, conversation_id)
    assert conversation(app, other_id).purged_at is None, "another citizen's conversation stays"
    assert fake_rasa.forgotten == [conversation_id]
    staff = [event for topic, event in events if topic == "staff"]
    assert staff == [{"type": "deleted", "conversation_id": conversation_id, "previous_state": "open",
                      "state": "resolved", "reason": "widget"}]
    with app.state.db.sessions() as session:
        audit = session.scalars(select(AuditLog).where(AuditLog.action == "deleted_by_citizen")).all()
        assert [a.conversation_id for a in audit] == [conversation_id]

    # The same session now has nothing; a new message starts a new conversation.
    with client.websocket_connect(f"/ws/chat?session={SESSION}") as ws:
        assert ws.receive_json() == {"type": "history", "state": "bot", "conversation_id": None, "messages": []}


def test_widget_delete_as_text_plain_and_rasa_down(client, app, service, fake_rasa, caplog):
    conversation_id = run(service.receive("web", "web:" + SESSION, "hva koster sfo zqvcitizenword")).conversation_id
    fake_rasa.down = True
    response = client.post("/chat/delete", content=f'{{"session": "{SESSION}"}}',
                           headers={"Content-Type": "text/plain;charset=UTF-8"})
    assert response.status_code == 200 and response.json()["conversations"] == 1
    assert find_markers(app, ["zqvcitizenword"]) == []
    assert conversation(app, conversation_id).purged_at is not None
    assert "could not empty Rasa's tracker" in caplog.text  # logged, not fatal


@pytest.mark.parametrize("body", [b"", b"{}", b'{"session": "short"}', b'{"session": 5}', b"not json",
                                  b'["x"]'])
def test_widget_delete_needs_a_valid_session(client, app, service, body):
    run(service.receive("web", "web:" + SESSION, "hva koster sfo"))
    response = client.post("/chat/delete", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    with app.state.db.sessions() as session:
        assert session.scalar(select(Conversation)).purged_at is None


def test_widget_delete_with_nothing_to_delete(client):
    response = client.post("/chat/delete", json={"session": SESSION})
    assert response.status_code == 200 and response.json()["conversations"] == 0
    assert client.options("/chat/delete").status_code == 204


# -- SLETT by SMS --------------------------------------------------------------------------

@pytest.fixture
def sms_client(sms_app, outbox, always_open_sms):
    with TestClient(sms_app) as client:
        yield client


@pytest.mark.parametrize("keyword", ["SLETT", "  slett. ", "Slett samtalen min", "slett  samtalen  min!"])
def test_slett_by_sms_erases_and_confirms(sms_client, sms_app, outbox, fake_rasa, make_user, keyword, monkeypatch):
    service = sms_app.state.conversations
    worker = make_user("kari")
    sms(sms_client, f"hva koster sfo {MARKERS['thumbs']}")
    sms(sms_client, f"plass {MARKERS['clarify']}")
    sms(sms_client, f"kan jeg snakke med en person {MARKERS['handover']}")
    with sms_app.state.db.sessions() as session:
        (conversation_id,) = session.scalars(select(Conversation.id)).all()
    asyncio.run(service.claim(conversation_id, worker))
    asyncio.run(service.staff_reply(conversation_id, worker, f"Hei {MARKERS['staff']}"))
    service.note(conversation_id, worker, f"Notat {MARKERS['note']}")
    sms(sms_client, f"takk {MARKERS['citizen']}")
    sms(sms_client, "hei", number=OTHER)  # another number's conversation stays
    events = recorded_events(sms_app, monkeypatch)
    sent_before = len(outbox.sent)

    response = sms(sms_client, keyword)

    assert response.status_code == 200
    assert outbox.bodies()[-1] == "Samtalen din er slettet. Send en ny melding når du vil spørre om noe igjen."
    assert len(outbox.sent) == sent_before + 1, "exactly one confirmation"
    assert find_markers(sms_app, MARKERS.values()) == []
    assert_aggregates_kept(sms_app, conversation_id, channel="sms")
    with sms_app.state.db.sessions() as session:
        assert session.scalar(select(Conversation).where(Conversation.channel == "sms").where(
            Conversation.citizen_handle == handle_for("test-secret", FROM))) is None
        texts = [m.text.lower() for m in session.scalars(select(Message))]
        assert not any("slett" in text for text in texts), "the keyword and the confirmation are not stored"
        assert session.scalars(select(Message)).all(), "the other number's messages stay"
        assert session.scalar(select(Conversation).where(Conversation.citizen_handle == handle_for("test-secret", OTHER))).purged_at is None
    assert fake_rasa.forgotten == [conversation_id]
    assert [e for topic, e in events if topic == "staff"][0]["type"] == "deleted"

    # The next SMS starts a fresh conversation with the bot.
    sms(sms_client, "hva koster sfo")
    assert outbox.bodies()[-1] == "Svar på: hva koster sfo"


def test_slett_from_an_opted_out_number_erases_and_sends_nothing(sms_client, sms_app, outbox):
    sms(sms_client, f"hva koster sfo {MARKERS['citizen']}")
    sms(sms_client, "STOPP")
    sent = len(outbox.sent)
    sms(sms_client, "slett")
    assert len(outbox.sent) == sent
    assert find_markers(sms_app, MARKERS.values()) == []
    with sms_app.state.db.sessions() as session:
        assert session.get(SmsOptOut, handle_for("test-secret", FROM)) is not None, "the opt-out stays"


def test_slett_is_in_the_help_text(sms_client, outbox):
    sms(sms_client, "hjelp")
    assert "SLETT" in outbox.bodies()[-1]


def test_the_inbox_shows_a_deleted_conversation_without_text(app, service, worker, always_open):
    client, token = worker("kari")
    handle = "web:" + SESSION
    conversation_id = run(service.receive("web", handle, f"kan jeg snakke med et menneske {MARKERS['handover']}")).conversation_id
    client.post(f"/staff/conversations/{conversation_id}/claim", data={"csrf_token": token})
    client.post(f"/staff/conversations/{conversation_id}/reply", data={"csrf_token": token, "text": MARKERS["staff"]})
    with TestClient(app) as citizen:
        assert citizen.post("/chat/delete", json={"session": SESSION}).json()["conversations"] == 1
    admin, _token = worker("anne", role="admin")
    for who, path in ((client, "/staff"), (client, f"/staff/conversations/{conversation_id}"), (admin, "/staff/audit")):
        page = who.get(path)
        assert page.status_code == 200, (path, page.text[:500])
        assert MARKERS["handover"] not in page.text and MARKERS["staff"] not in page.text
    assert "Innbyggeren slettet samtalen" in admin.get("/staff/audit").text
    note = client.post(f"/staff/conversations/{conversation_id}/note", data={"csrf_token": token, "text": MARKERS["note"]})
    assert note.status_code >= 400
    assert find_markers(app, MARKERS.values()) == []


def test_slett_in_the_dev_simulator(app, fake_rasa):
    with TestClient(app) as client:
        assert client.post("/dev/sms/send", json={"number": "912 34 567", "text": f"hva koster sfo {MARKERS['citizen']}"}).status_code == 200
        assert client.post("/dev/sms/send", json={"number": "912 34 567", "text": "Slett samtalen min"}).status_code == 200
        thread = client.post("/dev/sms/messages", json={"number": "912 34 567"}).json()["messages"]
    assert [entry["text"] for entry in thread] == ["Samtalen din er slettet. Send en ny melding når du vil spørre om noe igjen."]
    assert find_markers(app, MARKERS.values()) == []
