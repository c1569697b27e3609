"""The conversation life cycle: bot -> pending -> open -> resolved, and back to bot."""
from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from connectors.conversations import ClaimConflict, ConversationError
from connectors.models import AuditLog, Conversation, Handover, Message


def run(coro):
    return asyncio.run(coro)


def messages(app, conversation_id):
    with app.state.db.sessions() as session:
        return session.scalars(select(Message).where(Message.conversation_id == conversation_id)
                               .order_by(Message.id)).all()


def state(app, conversation_id):
    with app.state.db.sessions() as session:
        return session.get(Conversation, conversation_id).state


def test_the_bot_answers_and_the_detection_is_recorded(app, service, fake_rasa):
    received = run(service.receive("web", "w1", "hva koster sfo"))
    stored = messages(app, received.conversation_id)
    assert [m.sender for m in stored] == ["citizen", "bot"]
    assert stored[1].intent == "ask_price" and stored[1].service_id == "sfo" and stored[1].confidence == 0.91
    assert fake_rasa.received[0]["metadata"] == {"channel": "web"}


def test_citizen_text_never_reaches_rasa_as_a_command(service, fake_rasa):
    run(service.receive("web", "w1", "/restart"))
    assert fake_rasa.received[0]["message"] == "restart"


def test_handover_then_the_bot_is_silent_until_handed_back(app, service, fake_rasa, make_user, always_open):
    worker = make_user("kari")
    conversation_id = run(service.receive("web", "w1", "kan jeg snakke med et menneske")).conversation_id
    assert state(app, conversation_id) == "pending"
    calls = len(fake_rasa.received)
    run(service.receive("web", "w1", "hallo? er det noen der"))
    assert len(fake_rasa.received) == calls, "the bot must not answer while a person owns the conversation"
    run(service.claim(conversation_id, worker))
    assert state(app, conversation_id) == "open"
    run(service.staff_reply(conversation_id, worker, "Hei, dette er Kari."))
    run(service.hand_back(conversation_id, worker))
    assert state(app, conversation_id) == "bot"
    run(service.receive("web", "w1", "hva koster sfo"))
    assert len(fake_rasa.received) == calls + 1
    senders = [m.sender for m in messages(app, conversation_id)]
    assert senders.count("staff") == 1 and "system" in senders


def test_handover_records_payload_claim_and_first_reply_times(app, service, make_user, always_open):
    worker = make_user("ola")
    conversation_id = run(service.receive("sms", "h1", "jeg vil snakke med en person")).conversation_id
    run(service.claim(conversation_id, worker))
    run(service.staff_reply(conversation_id, worker, "Hei!"))
    run(service.resolve(conversation_id, worker, "answered", "sfo"))
    with app.state.db.sessions() as session:
        handover = session.scalar(select(Handover).where(Handover.conversation_id == conversation_id))
        assert handover.reason == "request_human" and handover.payload["last_messages"]
        assert handover.claimed_by == worker.id and handover.claimed_at and handover.first_reply_at
        assert handover.resolution_code == "answered" and handover.tagged_service_id == "sfo"
        actions = session.scalars(select(AuditLog.action).where(AuditLog.conversation_id == conversation_id)).all()
    assert actions == ["claim", "reply", "resolve"]


def test_two_workers_claiming_at_once_exactly_one_wins(app, service, make_user, always_open):
    kari, ola = make_user("kari"), make_user("ola")
    conversation_id = run(service.receive("web", "w1", "jeg vil snakke med et menneske")).conversation_id

    import threading

    barrier = threading.Barrier(2)
    results = []

    def claim(user):  # two threads, two database connections, released at the same moment
        barrier.wait()
        try:
            run(service.claim(conversation_id, user))
            results.append(user)
        except ClaimConflict as conflict:
            results.append(conflict)

    threads = [threading.Thread(target=claim, args=(u,)) for u in (kari, ola)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    conflicts = [r for r in results if isinstance(r, ClaimConflict)]
    assert len(conflicts) == 1 and conflicts[0].owner in ("Kari", "Ola")
    with app.state.db.sessions() as session:
        assert session.get(Conversation, conversation_id).assignee_id in (kari.id, ola.id)


def test_a_worker_cannot_reply_to_a_conversation_they_do_not_own(service, make_user, always_open):
    kari, ola = make_user("kari"), make_user("ola")
    conversation_id = run(service.receive("web", "w1", "jeg vil snakke med et menneske")).conversation_id
    run(service.claim(conversation_id, kari))
    with pytest.raises(ConversationError):
        run(service.staff_reply(conversation_id, ola, "Hei"))


def test_a_message_to_a_resolved_conversation_starts_fresh_with_the_bot(app, service, make_user, always_open):
    worker = make_user("kari")
    first = run(service.receive("web", "w1", "jeg vil snakke med et menneske")).conversation_id
    run(service.claim(first, worker))
    run(service.resolve(first, worker, "answered"))
    second = run(service.receive("web", "w1", "hva koster sfo"))
    assert second.conversation_id != first
    assert state(app, second.conversation_id) == "bot"
    assert [m.sender for m in second.replies] == ["bot"]


def test_rasa_down_keeps_the_message_and_hands_it_to_a_person(app, service, fake_rasa, always_open):
    fake_rasa.down = True
    received = run(service.receive("web", "w1", "hva koster sfo"))
    stored = messages(app, received.conversation_id)
    assert stored[0].sender == "citizen" and stored[0].text == "hva koster sfo"
    assert stored[-1].sender == "system" and "tatt vare på" in stored[-1].text
    assert state(app, received.conversation_id) == "pending"
    with app.state.db.sessions() as session:
        assert session.scalar(select(Handover.reason)) == "bot_unavailable"


def test_outside_opening_hours_the_citizen_is_told_when_staff_are_back(app, service, always_closed):
    received = run(service.receive("web", "w1", "jeg vil snakke med et menneske"))
    texts = [m.text for m in received.replies]
    assert any("stengt" in t for t in texts)
    assert not any("så snart noen er ledig" in t for t in texts), "only one out-of-office message"
    with app.state.db.sessions() as session:
        assert session.scalar(select(Handover.outside_hours)) is True


def test_replayed_external_id_is_stored_once(app, service, fake_rasa):
    first = run(service.receive("sms", "h1", "hva koster sfo", external_id="SM123"))
    again = run(service.receive("sms", "h1", "hva koster sfo", external_id="SM123"))
    assert again.duplicate and again.conversation_id == first.conversation_id
    assert len(fake_rasa.received) == 1
    assert [m.sender for m in messages(app, first.conversation_id)] == ["citizen", "bot"]


def test_internal_notes_never_reach_the_citizens_topic(app, service, make_user, always_open):
    from connectors.realtime import conversation_topic

    worker = make_user("kari")
    conversation_id = run(service.receive("web", "w1", "jeg vil snakke med et menneske")).conversation_id
    seen = []

    async def listen_and_note():
        async def listen():
            async for event in app.state.hub.subscribe(conversation_topic(conversation_id)):
                seen.append(event)
        task = asyncio.create_task(listen())
        await asyncio.sleep(0)
        service.note(conversation_id, worker, "Ring henne etter lunsj")
        await service.claim(conversation_id, worker)
        await asyncio.sleep(0.01)
        task.cancel()

    run(listen_and_note())
    assert seen and all("Ring henne" not in e["text"] for e in seen)


def test_the_talk_to_a_person_button_hands_over_without_the_bot(app, service, fake_rasa, always_open):
    received = run(service.request_human("web", "w9"))
    assert state(app, received.conversation_id) == "pending"
    assert fake_rasa.received == []
    conversation_id, current, shown = service.history("web", "w9")
    assert conversation_id == received.conversation_id and current == "pending"
    assert shown[0]["sender"] == "citizen" and shown[-1]["sender"] == "system"


def test_several_rasa_servers_each_conversation_sticks_to_one():
    from connectors.rasa_client import RasaClient

    client = RasaClient("http://127.0.0.1:5005, http://127.0.0.1:5006/")
    assert client.base_urls == ["http://127.0.0.1:5005", "http://127.0.0.1:5006"]
    picks = {sender: client.url_for(sender) for sender in (f"conversation-{n}" for n in range(200))}
    assert set(picks.values()) == set(client.base_urls)  # both servers get conversations
    assert all(client.url_for(sender) == url for sender, url in picks.items())  # and keep them
