"""The staff inbox: the queue, claiming (one winner), replying to the citizen, internal notes,
hand back, resolve with a service tag, the audit log, canned replies and the live event stream.
Everything through HTTP, signed in through the real login form with its CSRF token."""
from __future__ import annotations

import asyncio
import json
import queue
import re
import threading

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from connectors.models import AuditLog, CannedReply, Conversation, Handover, Message
from connectors.realtime import conversation_topic
from connectors.staff import auth

from .test_auth import csrf_from, login

PASSWORD = "hemmelig-passord"
HUMAN = "jeg vil snakke med et menneske"


def run(coro):
    return asyncio.run(coro)


@pytest.fixture
def worker(app):
    """A signed-in client for a new user: worker("kari") -> (client, csrf token)."""
    def sign_in(username="kari", role="staff", name=None):
        with app.state.db.sessions() as session:
            auth.create_user(session, username, role, name or username.title(), password=PASSWORD)
        client = TestClient(app)
        page = login(client, username, PASSWORD)
        assert page.status_code == 200, page.text
        return client, csrf_from(page.text)
    return sign_in


def handover(service, handle="w1", channel="web", text=HUMAN) -> str:
    return run(service.receive(channel, handle, text)).conversation_id


def rows(app, model, *where):
    with app.state.db.sessions() as session:
        return session.scalars(select(model).where(*where)).all()


def conversation(app, conversation_id) -> Conversation:
    with app.state.db.sessions() as session:
        return session.get(Conversation, conversation_id)


JSON = {"Accept": "application/json"}


def visible(html: str) -> str:
    """The page's text as read: tags dropped, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" )", ")").replace("( ", "(")


# -- the queue -----------------------------------------------------------------------------

def test_the_queue_lists_pending_handovers_oldest_first(app, service, worker, always_open):
    import datetime as dt

    client, _ = worker("kari")
    first = handover(service, "w1")
    second = handover(service, "s1", channel="sms", text="kan jeg snakke med en person om sfo")
    with app.state.db.sessions() as session:  # the first has waited longest
        h = session.scalar(select(Handover).where(Handover.conversation_id == first))
        h.created_at = h.created_at - dt.timedelta(minutes=12)
        session.commit()
    page = client.get("/staff")
    assert page.status_code == 200
    assert "Ba om en person" in page.text and "Venter på en ansatt (2)" in visible(page.text)
    assert page.text.index(first) < page.text.index(second), "oldest first"
    assert "12 min" in page.text and "SMS" in page.text and "Nettprat" in page.text
    data = client.get("/staff/queue", headers=JSON).json()
    assert [item["conversation_id"] for item in data["pending"]] == [first, second]
    assert data["pending"][0]["waiting_seconds"] >= 12 * 60 and data["pending"][0]["reason"] == "request_human"
    fragment = client.get("/staff/queue")
    assert fragment.status_code == 200 and "<html" not in fragment.text and first in fragment.text


def test_outside_hours_handovers_are_marked(app, service, worker, always_closed):
    client, _ = worker("kari")
    conversation_id = handover(service)
    assert "Utenfor åpningstid" in client.get("/staff").text
    assert "Mottatt utenfor åpningstid" in client.get(f"/staff/conversations/{conversation_id}").text


def test_bot_unavailable_reason_is_labelled(app, service, worker, fake_rasa, always_open):
    client, _ = worker("kari")
    fake_rasa.down = True
    run(service.receive("web", "w9", "hva koster sfo"))
    assert "Assistenten utilgjengelig" in client.get("/staff").text


# -- claim ---------------------------------------------------------------------------------

def test_claim_then_the_other_worker_sees_who_has_it(app, service, worker, always_open):
    kari, kari_csrf = worker("kari", name="Kari Nordvik")
    ola, ola_csrf = worker("ola", name="Ola Nordmann")
    conversation_id = handover(service)
    page = kari.get(f"/staff/conversations/{conversation_id}")
    assert "Ta samtalen" in page.text
    response = kari.post(f"/staff/conversations/{conversation_id}/claim", data={"csrf_token": kari_csrf},
                         follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/staff/conversations/{conversation_id}?status=claimed"
    assert conversation(app, conversation_id).state == "open"
    assert "Tatt av Kari Nordvik" in ola.get(f"/staff/conversations/{conversation_id}").text
    queue_page = visible(ola.get("/staff").text)
    assert "Åpne hos andre (1)" in queue_page and "Tatt av Kari Nordvik" in queue_page
    assert "Mine samtaler (1)" in visible(kari.get("/staff").text)
    late = ola.post(f"/staff/conversations/{conversation_id}/claim", data={"csrf_token": ola_csrf})
    assert late.status_code == 409 and "Samtalen er allerede tatt av Kari Nordvik" in late.text
    late_json = ola.post(f"/staff/conversations/{conversation_id}/claim", headers={**JSON, "X-CSRF-Token": ola_csrf})
    assert late_json.status_code == 409 and late_json.json()["owner"] == "Kari Nordvik"


def test_two_workers_claiming_at_once_exactly_one_wins(app, service, worker, always_open):
    clients = [worker("kari", name="Kari"), worker("ola", name="Ola")]
    conversation_id = handover(service)
    barrier = threading.Barrier(2)
    results = {}

    def claim(index):
        client, token = clients[index]
        barrier.wait()
        results[index] = client.post(f"/staff/conversations/{conversation_id}/claim",
                                     headers={**JSON, "X-CSRF-Token": token})

    threads = [threading.Thread(target=claim, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    codes = sorted(r.status_code for r in results.values())
    assert codes == [200, 409]
    loser = next(r for r in results.values() if r.status_code == 409).json()
    winner = next(r for r in results.values() if r.status_code == 200).json()
    assert loser["error"] == f"Samtalen er allerede tatt av {winner['assignee']}."
    assert len(rows(app, AuditLog, AuditLog.action == "claim")) == 1


# -- reply, note, hand back, resolve -------------------------------------------------------

def test_a_reply_reaches_the_conversation_and_the_citizen(app, service, worker, always_open):
    client, token = worker("kari", name="Kari Nordvik")
    conversation_id = handover(service)
    not_yet = client.post(f"/staff/conversations/{conversation_id}/reply", data={"csrf_token": token, "text": "Hei"})
    assert not_yet.status_code == 409 and "Du må ta samtalen" in not_yet.text
    client.post(f"/staff/conversations/{conversation_id}/claim", data={"csrf_token": token})

    delivered = []

    class Widget:
        async def deliver(self, conv, message):
            delivered.append((conv.channel, message.text))

    service.deliverers["web"] = Widget()
    seen = []
    real_publish = app.state.hub.publish
    app.state.hub.publish = lambda topic, event: (seen.append((topic, event)), real_publish(topic, event))
    response = client.post(f"/staff/conversations/{conversation_id}/reply",
                           data={"csrf_token": token, "text": "Hei, dette er Kari. Hva gjelder det?"},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].endswith("?status=replied")
    [staff_message] = rows(app, Message, Message.conversation_id == conversation_id, Message.sender == "staff")
    assert staff_message.text == "Hei, dette er Kari. Hva gjelder det?" and not staff_message.internal
    assert delivered == [("web", "Hei, dette er Kari. Hva gjelder det?")]
    assert any(topic == conversation_topic(conversation_id) and event["sender"] == "staff" for topic, event in seen)
    _, state, history = service.history("web", "w1")
    assert history[-1]["text"] == "Hei, dette er Kari. Hva gjelder det?"
    page = client.get(f"/staff/conversations/{conversation_id}?status=replied")
    assert "Svaret er sendt." in page.text and "Hei, dette er Kari." in page.text
    empty = client.post(f"/staff/conversations/{conversation_id}/reply", data={"csrf_token": token, "text": "  "})
    assert empty.status_code == 400 and "Skriv et svar" in empty.text
    as_json = client.post(f"/staff/conversations/{conversation_id}/reply", data={"text": "Og en til"},
                          headers={**JSON, "X-CSRF-Token": token})
    assert as_json.status_code == 200 and as_json.json()["message_id"]


def test_a_note_is_internal_and_never_reaches_the_citizen(app, service, worker, always_open):
    client, token = worker("kari")
    conversation_id = handover(service)
    response = client.post(f"/staff/conversations/{conversation_id}/note",
                           data={"csrf_token": token, "text": "Innbygger har ringt før om dette."})
    assert response.status_code == 200 and "Det interne notatet er lagret." in response.text
    assert "Intern notat (vises ikke for innbygger)" in response.text
    [note] = rows(app, Message, Message.conversation_id == conversation_id, Message.sender == "staff")
    assert note.internal
    _, _, history = service.history("web", "w1")
    assert all("ringt før" not in item["text"] for item in history)


def test_hand_back_returns_the_conversation_to_the_bot(app, service, worker, fake_rasa, always_open):
    client, token = worker("kari")
    conversation_id = handover(service)
    client.post(f"/staff/conversations/{conversation_id}/claim", data={"csrf_token": token})
    response = client.post(f"/staff/conversations/{conversation_id}/hand-back", data={"csrf_token": token},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/staff?status=handed_back"
    assert conversation(app, conversation_id).state == "bot"
    calls = len(fake_rasa.received)
    run(service.receive("web", "w1", "hva koster sfo"))
    assert len(fake_rasa.received) == calls + 1


def test_resolve_with_a_service_tag_that_differs_from_the_bots_guess(app, service, worker, always_open):
    client, token = worker("kari")
    run(service.receive("web", "w1", "hva koster sfo"))  # the bot's guess: sfo
    conversation_id = handover(service)
    page = client.get(f"/staff/conversations/{conversation_id}")
    assert re.search(r'<option value="sfo" selected>', page.text), "the bot's guess is preselected"
    other = next(s.id for s in app.state.catalog if s.id != "sfo")
    client.post(f"/staff/conversations/{conversation_id}/claim", data={"csrf_token": token})
    bad = client.post(f"/staff/conversations/{conversation_id}/resolve",
                      data={"csrf_token": token, "resolution_code": "vet ikke", "service_id": other})
    assert bad.status_code == 400
    response = client.post(f"/staff/conversations/{conversation_id}/resolve",
                           data={"csrf_token": token, "resolution_code": "forwarded", "service_id": other},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/staff?status=resolved"
    [h] = rows(app, Handover, Handover.conversation_id == conversation_id)
    assert h.resolution_code == "forwarded" and h.tagged_service_id == other and h.service_id != other
    assert conversation(app, conversation_id).state == "resolved"
    again = client.post(f"/staff/conversations/{conversation_id}/resolve",
                        data={"csrf_token": token, "resolution_code": "answered"}, headers=JSON)
    assert again.status_code == 409 and again.json()["error"] == "Samtalen er allerede avsluttet."


def test_the_transcript_shows_what_the_bot_detected_and_the_handover(app, service, worker, always_open):
    client, _ = worker("kari")
    run(service.receive("web", "w1", "hva koster sfo"))
    conversation_id = handover(service)
    page = client.get(f"/staff/conversations/{conversation_id}").text
    assert 'role="log"' in page
    assert "ask_price" in page and "91 %" in page and "pris" in page  # intent, confidence, aspect
    assert "Overføring fra assistenten" in page and HUMAN in page
    fragment = client.get(f"/staff/conversations/{conversation_id}/messages?after=0")
    assert fragment.status_code == 200 and "<html" not in fragment.text and "msg-citizen" in fragment.text
    ids = [m["id"] for m in client.get(f"/staff/conversations/{conversation_id}/messages?after=0", headers=JSON).json()]
    later = client.get(f"/staff/conversations/{conversation_id}/messages?after={ids[-2]}", headers=JSON).json()
    assert [m["id"] for m in later] == ids[-1:]
    assert client.get("/staff/conversations/finnesikke").status_code == 404


def test_every_action_is_in_the_audit_log_newest_first(app, service, worker, always_open):
    client, token = worker("sjef", role="admin", name="Sjef Sjefsen")
    conversation_id = handover(service)
    base = f"/staff/conversations/{conversation_id}"
    client.post(f"{base}/claim", data={"csrf_token": token})
    client.post(f"{base}/reply", data={"csrf_token": token, "text": "Hei"})
    client.post(f"{base}/note", data={"csrf_token": token, "text": "notat"})
    client.post(f"{base}/resolve", data={"csrf_token": token, "resolution_code": "answered", "service_id": ""})
    actions = [a.action for a in rows(app, AuditLog, AuditLog.conversation_id == conversation_id)]
    assert actions == ["claim", "reply", "note", "resolve"]
    audit = client.get("/staff/audit", headers=JSON).json()
    assert [e["action"] for e in audit[:4]] == ["resolve", "note", "reply", "claim"]
    assert audit[-1]["action"] == "login" and audit[0]["user"] == "Sjef Sjefsen"
    page = client.get("/staff/audit").text
    assert "Tok samtalen" in page and "Svarte innbygger" in page and "Besvart" in page


# -- CSRF on every POST --------------------------------------------------------------------

def test_every_post_needs_the_csrf_token(app, service, worker, always_open):
    client, token = worker("sjef", role="admin")
    conversation_id = handover(service)
    base = f"/staff/conversations/{conversation_id}"
    posts = [(f"{base}/claim", {}), (f"{base}/reply", {"text": "x"}), (f"{base}/note", {"text": "x"}),
             (f"{base}/hand-back", {}), (f"{base}/resolve", {"resolution_code": "answered"}),
             ("/staff/canned", {"title": "t", "text": "x"}), ("/staff/logout", {}),
             ("/staff/login", {"username": "sjef", "password": PASSWORD})]
    for path, data in posts:
        assert client.post(path, data=data).status_code == 403, path
        assert client.post(path, data={**data, "csrf_token": "feil"}).status_code == 403, path
        assert client.post(path, data=data, headers={"X-CSRF-Token": "feil"}).status_code == 403, path
    assert conversation(app, conversation_id).state == "pending"
    assert [a.action for a in rows(app, AuditLog, AuditLog.conversation_id == conversation_id)] == []
    assert client.post(f"{base}/claim", data={"csrf_token": token}).status_code == 200


def test_a_signed_out_post_is_refused(app, service, always_open):
    conversation_id = handover(service)
    client = TestClient(app)
    token = csrf_from(client.get("/staff/login").text)  # an anonymous session has a token, but no user
    response = client.post(f"/staff/conversations/{conversation_id}/claim", data={"csrf_token": token})
    assert response.status_code == 401


# -- canned replies ------------------------------------------------------------------------

def test_canned_replies_are_seeded_and_admins_can_add_one(app, service, worker, always_open):
    staff, staff_token = worker("kari")
    admin, admin_token = worker("sjef", role="admin")
    conversation_id = handover(service)
    staff.post(f"/staff/conversations/{conversation_id}/claim", data={"csrf_token": staff_token})
    page = staff.get(f"/staff/conversations/{conversation_id}").text
    assert 'id="canned-select"' in page and "Hilsen" in page and 'label for="canned-select"' in page
    seeded = len(rows(app, CannedReply))
    assert seeded >= 3
    assert staff.post("/staff/canned", data={"csrf_token": staff_token, "title": "X", "text": "Y"}).status_code == 403
    response = admin.post("/staff/canned", data={"csrf_token": admin_token, "title": "Pris SFO",
                                                 "text": "Prisen for SFO står på kommunens nettside."})
    assert response.status_code == 200 and "Ferdigsvaret er lagt til." in response.text
    assert len(rows(app, CannedReply)) == seeded + 1
    assert "Pris SFO" in staff.get(f"/staff/conversations/{conversation_id}").text


# -- the live stream -----------------------------------------------------------------------

def test_the_event_stream_sends_a_new_handover(app, service, worker, always_open):
    client, _ = worker("kari")
    lines: queue.Queue = queue.Queue()
    with TestClient(app) as live:
        live.cookies = client.cookies
        with live.stream("GET", "/staff/events") as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")

            def read():
                try:
                    for line in response.iter_lines():
                        lines.put(line)
                except Exception:  # the stream is closed when the test leaves it
                    pass

            threading.Thread(target=read, daemon=True).start()
            while lines.get(timeout=5) != ": tilkoblet":
                pass
            # The handover happens in the app's own event loop, as a citizen's message would.
            live.portal.call(service.receive, "web", "w1", HUMAN)
            events = []
            while not any(e.get("type") == "handover" for e in events):
                line = lines.get(timeout=5)
                if line.startswith("data: "):
                    events.append(json.loads(line[6:]))
    handover_event = next(e for e in events if e["type"] == "handover")
    assert handover_event["reason"] == "request_human" and handover_event["outside_hours"] is False
    assert any(e.get("type") == "message" and e.get("sender") == "citizen" for e in events)


def test_the_event_stream_sends_heartbeats(app, worker, monkeypatch):
    from connectors.staff import routes

    monkeypatch.setattr(routes, "HEARTBEAT_SECONDS", 0.05)
    client, _ = worker("kari")
    with client.stream("GET", "/staff/events") as response:
        seen = []
        for line in response.iter_lines():
            seen.append(line)
            if line == ": hjerteslag":
                break
    assert ": tilkoblet" in seen


def test_the_event_stream_needs_a_session(app):
    assert TestClient(app).get("/staff/events").status_code == 401
