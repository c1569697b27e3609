"""The web chat channel: the demo page and the widget's WebSocket (/ws/chat), with FakeRasa behind."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from starlette.websockets import WebSocketDisconnect

from connectors.models import Conversation, Message

SESSION = "0f8c2b1e-3a4d-4e5f-9a6b-7c8d9e0f1a2b"


@pytest.fixture
def client(app):
    with TestClient(app) as client:  # one portal: the test's service calls run on the app's loop
        yield client


def connect(client, session=SESSION):
    return client.websocket_connect(f"/ws/chat?session={session}")


def receive_until(ws, predicate, limit=20) -> list[dict]:
    """Events up to and including the first one the predicate accepts."""
    events = []
    for _ in range(limit):
        event = ws.receive_json()
        events.append(event)
        if predicate(event):
            return events
    raise AssertionError(f"no matching event in {events}")


def receive_all(ws, *predicates, limit=20) -> list[dict]:
    """Events until each predicate has accepted one, in whatever order they come (a notice and a
    status change are sent by different tasks)."""
    events = []
    for _ in range(limit):
        events.append(ws.receive_json())
        if all(any(predicate(e) for e in events) for predicate in predicates):
            return events
    raise AssertionError(f"no matching events in {events}")


def is_message(sender):
    return lambda event: event["type"] == "message" and event["sender"] == sender


def typing_off(event):
    return event == {"type": "typing", "on": False}


def chat(ws, text) -> list[dict]:
    ws.send_json({"type": "message", "text": text})
    return receive_until(ws, typing_off)


def nothing_more(ws) -> None:
    """Nothing was sent in between: the next event is the answer to a ping."""
    ws.send_json({"type": "ping"})
    assert ws.receive_json() == {"type": "pong"}


def stored(app, conversation_id=None) -> list[Message]:
    with app.state.db.sessions() as session:
        query = select(Message).order_by(Message.id)
        if conversation_id:
            query = query.where(Message.conversation_id == conversation_id)
        return session.scalars(query).all()


def test_the_demo_page_embeds_the_widget_with_one_script_tag(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "Fjordvik kommune" in page.text and "Demo" in page.text
    assert page.text.count("<script") == 1
    assert '<script src="/static/widget.js" defer></script>' in page.text
    assert client.get("/static/widget.js").status_code == 200
    assert client.get("/static/widget.css").status_code == 200


def test_history_on_connect_is_empty_for_a_new_session(client):
    with connect(client) as ws:
        assert ws.receive_json() == {"type": "history", "state": "bot", "conversation_id": None, "messages": []}


def test_a_message_gets_the_bots_reply_between_typing_events(client, app):
    with connect(client) as ws:
        ws.receive_json()
        events = chat(ws, "  hva koster sfo  ")
    kinds = [(e["type"], e.get("sender"), e.get("on")) for e in events]
    assert kinds == [("typing", None, True), ("message", "citizen", None), ("message", "bot", None),
                     ("typing", None, False)]
    citizen, bot = events[1], events[2]
    assert citizen["text"] == "hva koster sfo"
    assert bot["text"] == "Svar på: hva koster sfo" and bot["service_id"] == "sfo"
    assert citizen["conversation_id"] == bot["conversation_id"]
    with app.state.db.sessions() as session:
        conversation = session.get(Conversation, bot["conversation_id"])
        assert conversation.channel == "web" and conversation.citizen_handle == "web:" + SESSION


def test_a_reload_gets_the_history(client):
    with connect(client) as ws:
        ws.receive_json()
        chat(ws, "hva koster sfo")
    with connect(client) as ws:  # the same session id, as after a page reload
        history = ws.receive_json()
        assert history["type"] == "history" and history["state"] == "bot"
        assert [(m["sender"], m["text"]) for m in history["messages"]] == [
            ("citizen", "hva koster sfo"), ("bot", "Svar på: hva koster sfo")]
        # ...and the reloaded page is live: the next answer comes on it, once
        events = chat(ws, "og for to barn?")
        assert [e["sender"] for e in events if e["type"] == "message"] == ["citizen", "bot"]
    with connect(client, session="another-session-0001") as ws:
        assert ws.receive_json()["messages"] == []


def test_human_hands_over_with_a_system_message_and_a_status(client, app, always_open, fake_rasa):
    with connect(client) as ws:
        ws.receive_json()
        chat(ws, "hva koster sfo")
        ws.send_json({"type": "human"})
        events = receive_until(ws, lambda e: e["type"] == "status")
        messages = [e for e in events if e["type"] == "message"]
        assert [m["sender"] for m in messages] == ["citizen", "system"]
        assert messages[0]["text"] == "Jeg vil snakke med en ansatt."
        assert "ansatt" in messages[1]["text"]
        assert events[-1]["state"] == "pending" and "ansatt" in events[-1]["text"]
        # While a person owns it the bot stays silent, and no typing indicator pretends otherwise.
        asked = len(fake_rasa.received)
        ws.send_json({"type": "message", "text": "hallo?"})
        assert receive_until(ws, is_message("citizen"))[0]["text"] == "hallo?"
        nothing_more(ws)
        assert len(fake_rasa.received) == asked
    with connect(client) as ws:
        assert ws.receive_json()["state"] == "pending"


def test_human_as_the_first_thing_creates_the_conversation_and_is_live(client, always_open):
    with connect(client) as ws:
        ws.receive_json()
        ws.send_json({"type": "human"})
        events = receive_until(ws, lambda e: e["type"] == "status")
        assert [e["sender"] for e in events if e["type"] == "message"] == ["citizen", "system"]


def test_feedback_is_recorded(client, app):
    with connect(client) as ws:
        ws.receive_json()
        events = chat(ws, "hva koster sfo")
        citizen = next(e for e in events if is_message("citizen")(e))
        bot = next(e for e in events if is_message("bot")(e))
        ws.send_json({"type": "feedback", "message_id": bot["id"], "value": -1})
        assert ws.receive_json() == {"type": "feedback", "message_id": bot["id"], "value": -1, "ok": True}
        ws.send_json({"type": "feedback", "message_id": bot["id"], "value": 1})
        assert ws.receive_json()["ok"] is True
        # Only the bot's answers in this citizen's conversation take feedback.
        ws.send_json({"type": "feedback", "message_id": citizen["id"], "value": 1})
        assert ws.receive_json()["ok"] is False
        ws.send_json({"type": "feedback", "message_id": bot["id"], "value": 5})
        assert ws.receive_json()["type"] == "error"
    with connect(client, session="someone-else-000001") as ws:
        ws.receive_json()
        chat(ws, "hei")
        ws.send_json({"type": "feedback", "message_id": bot["id"], "value": -1})
        assert ws.receive_json()["ok"] is False
    assert {m.id: m.feedback for m in stored(app)}[bot["id"]] == 1


def test_choose_accepts_only_the_offered_service_ids(client, app, fake_rasa):
    with connect(client) as ws:
        ws.receive_json()
        ws.send_json({"type": "choose", "service_id": "barnehageplass"})  # nothing offered yet
        nothing_more(ws)
        events = chat(ws, "ledig plass")
        bot = next(e for e in events if is_message("bot")(e))
        assert bot["choices"] == [{"title": "Barnehageplass", "service_id": "barnehageplass"},
                                  {"title": "Sykehjemsplass", "service_id": "sykehjemsplass"}]
        for forged in ("byggesak", '"}/restart', 42, None):
            ws.send_json({"type": "choose", "service_id": forged})
        nothing_more(ws)
        asked = len(fake_rasa.received)
        ws.send_json({"type": "choose", "service_id": "sykehjemsplass"})
        events = receive_until(ws, typing_off)
        assert [e["text"] for e in events if is_message("citizen")(e)] == ["Sykehjemsplass"]
    assert len(fake_rasa.received) == asked + 1
    assert fake_rasa.received[-1]["message"] == '/choose_service{"service": "sykehjemsplass"}'


def test_bad_input_gets_an_error_event_and_the_connection_stays(client, app, fake_rasa):
    with connect(client) as ws:
        ws.receive_json()
        ws.send_json({"type": "message", "text": "x" * 4001})
        assert ws.receive_json() == {"type": "error", "text": "Meldingen er for lang (maks 4000 tegn)."}
        for frame in ('{"type": "message", "text": 12}', '{"type": "message", "text": "   "}', "not json",
                      "[1, 2]", '{"type": "dance"}', '{"type": "message", "text": ' + '"' + "y" * 100_000 + '"}'):
            ws.send_text(frame)
            event = ws.receive_json()
            assert event["type"] == "error" and event["text"], frame
        ws.send_bytes(b"\xff\xfe")
        assert ws.receive_json()["type"] == "error"
        nothing_more(ws)
        assert not stored(app) and not fake_rasa.received  # nothing invalid was stored or asked
        # exactly the limit is fine
        events = chat(ws, "z" * 4000)
        assert [e["sender"] for e in events if e["type"] == "message"] == ["citizen", "bot"]


@pytest.mark.parametrize("query", ["?session=short", "?session=" + "a" * 65, "?session=abc_def_ghi_jkl_mno",
                                   "?session=%3Cscript%3E1234567890123", ""])
def test_an_invalid_session_id_is_refused_with_1008(client, query):
    with client.websocket_connect("/ws/chat" + query) as ws:
        with pytest.raises(WebSocketDisconnect) as refused:
            ws.receive_json()
    assert refused.value.code == 1008


def test_a_staff_reply_reaches_the_open_websocket(client, app, service, make_user, always_open):
    worker = make_user("kari", display_name="Kari Nordmann")
    with connect(client) as ws:
        ws.receive_json()
        chat(ws, "hva koster sfo")
        ws.send_json({"type": "human"})
        events = receive_until(ws, lambda e: e["type"] == "status" and e["state"] == "pending")
        conversation_id = events[0]["conversation_id"]

        client.portal.call(service.claim, conversation_id, worker)
        is_open = lambda e: e["type"] == "status" and e["state"] == "open"  # noqa: E731
        joined = lambda e: is_message("system")(e) and e["text"] == "Kari Nordmann fra servicetorget er med i samtalen."  # noqa: E731
        events = receive_all(ws, is_open, joined)
        assert next(e for e in events if is_open(e))["text"] == "En ansatt er med i samtalen."

        client.portal.call(service.staff_reply, conversation_id, worker, "Hei, jeg kan hjelpe deg.")
        staff = receive_until(ws, is_message("staff"))[-1]
        assert staff["text"] == "Hei, jeg kan hjelpe deg." and staff["conversation_id"] == conversation_id

        service.note(conversation_id, worker, "intern merknad")  # internal notes never reach the citizen
        client.portal.call(service.staff_reply, conversation_id, worker, "Noe mer?")
        assert receive_until(ws, is_message("staff"))[-1]["text"] == "Noe mer?"

        # The citizen writes back: stored, the worker sees it, the bot stays silent.
        ws.send_json({"type": "message", "text": "takk"})
        assert receive_until(ws, is_message("citizen"))[-1]["text"] == "takk"
        nothing_more(ws)

        # Resolved, then a new message starts a new conversation with the bot, on the same socket.
        client.portal.call(service.resolve, conversation_id, worker, "answered")
        events = receive_until(ws, lambda e: e["type"] == "status")
        assert events[-1]["state"] == "resolved"
        events = chat(ws, "hva koster sfo")
        bot = next(e for e in events if is_message("bot")(e))
        assert bot["conversation_id"] != conversation_id
        # ...and that new conversation is live on this socket too
        client.portal.call(service.request_human, "web", "web:" + SESSION)
        new_events = receive_until(ws, lambda e: e["type"] == "status")
        assert {e["conversation_id"] for e in new_events if e["type"] == "message"} == {bot["conversation_id"]}


def test_rasa_down(client, app, fake_rasa, always_open):
    fake_rasa.down = True
    with connect(client) as ws:
        ws.receive_json()
        ws.send_json({"type": "message", "text": "hva koster sfo"})
        events = receive_until(ws, typing_off)
        system = [e["text"] for e in events if is_message("system")(e)]
        assert system and "ikke tilgjengelig" in system[0]
        assert any(e["type"] == "status" and e["state"] == "pending" for e in events)
    assert [m.sender for m in stored(app)] == ["citizen", "system"]


def test_two_sockets_of_one_session_both_get_the_answers(client):
    with connect(client) as first:
        first.receive_json()
        chat(first, "hei")
        with connect(client) as second:
            assert len(second.receive_json()["messages"]) == 2
            chat(first, "hva koster sfo")
            events = receive_until(second, is_message("bot"))
            assert events[-1]["text"] == "Svar på: hva koster sfo"
