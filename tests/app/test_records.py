"""What the conversation service records for the office: a question record per bot turn, the
unanswered ones (abstained, fallback, low confidence, thumbs down, repeated) clustered per
service, and handovers with their reason code, week and waiting times."""
from __future__ import annotations

import asyncio
import datetime as dt

from sqlalchemy import select

from connectors.models import Conversation, Handover, Message, QuestionCluster, QuestionRecord
from connectors.records import week_of


def reply(kind, service_id=None, aspect=None, confidence=0.9, intent="ask_price", candidates=None, handover=None,
          text="Svar."):
    custom = {"servicetorg": {"kind": kind, "intent": intent, "service_id": service_id, "aspect": aspect,
                              "confidence": confidence, "language": "nb", "candidates": candidates or []}}
    if handover:
        custom["handover"] = handover
    return [{"text": text, "custom": custom}]


def records(app, conversation_id=None):
    with app.state.db.sessions() as session:
        query = select(QuestionRecord).order_by(QuestionRecord.id)
        if conversation_id:
            query = query.where(QuestionRecord.conversation_id == conversation_id)
        return session.scalars(query).all()


def say(service, handle, text, channel="web"):
    return asyncio.run(service.receive(channel, handle, text))


def test_an_answered_question_is_recorded_against_its_service(app, service, fake_rasa):
    fake_rasa.rule = lambda text: reply("answer", "sfo", "price", 0.93)
    received = say(service, "w1", "hva koster sfo?")
    [record] = records(app)
    assert (record.service_id, record.aspect, record.kind, record.answered, record.unanswered_reason) == \
           ("sfo", "price", "answer", True, None)
    assert record.text == "hva koster sfo?" and record.channel == "web"
    assert record.conversation_id == received.conversation_id and record.cluster_id is None
    assert record.week == week_of(record.created_at) and record.week.weekday() == 0


def test_greetings_are_not_questions(app, service, fake_rasa):
    fake_rasa.rule = lambda text: reply("info", intent="greet")
    say(service, "w1", "hei")
    assert records(app) == []


def test_abstained_fallback_and_unsure_answers_are_unanswered(app, service, fake_rasa):
    cases = {"hvem vinner valget?": reply("out_of_scope", intent="out_of_scope"),
             "asdf qwerty": reply("not_understood", intent="nlu_fallback"),
             "hva koster det?": reply("which_service"),
             "trenger plass": reply("clarify", aspect="description", candidates=["barnehageplass", "sykehjemsplass"]),
             "pris på vann": reply("answer", "vann-avlop", "price", confidence=0.42)}
    fake_rasa.rule = lambda text: cases[text]
    for n, text in enumerate(cases):
        say(service, f"w{n}", text)
    got = {r.text: (r.answered, r.unanswered_reason, r.service_id) for r in records(app)}
    assert got == {"hvem vinner valget?": (False, "abstained", None),
                   "asdf qwerty": (False, "fallback", None),
                   "hva koster det?": (False, "abstained", None),
                   "trenger plass": (False, "low_confidence", "barnehageplass"),  # the likeliest service
                   "pris på vann": (False, "low_confidence", "vann-avlop")}
    assert all(r.cluster_id is not None for r in records(app))


def test_choosing_an_offered_service_settles_the_question(app, service, fake_rasa):
    fake_rasa.rule = lambda text: reply("clarify", candidates=["barnehageplass", "sykehjemsplass"])
    received = say(service, "w1", "trenger plass")
    fake_rasa.rule = lambda text: reply("answer", "sykehjemsplass", "how_to_apply", 1.0, intent="choose_service")
    asyncio.run(service.receive("web", "w1", "Sykehjemsplass", choice="sykehjemsplass"))
    [record] = records(app, received.conversation_id)
    assert (record.service_id, record.answered, record.unanswered_reason, record.cluster_id) == \
           ("sykehjemsplass", True, None, None)


def test_thumbs_down_makes_an_answer_unanswered_and_thumbs_up_takes_it_back(app, service, fake_rasa):
    fake_rasa.rule = lambda text: reply("answer", "sfo", "price")
    received = say(service, "w1", "hva koster sfo?")
    bot_message = received.replies[0]
    assert service.record_feedback(received.conversation_id, bot_message.id, -1)
    [record] = records(app)
    assert (record.answered, record.unanswered_reason) == (False, "thumbs_down") and record.cluster_id
    with app.state.db.sessions() as session:
        assert session.get(Conversation, received.conversation_id).thumbs_down is True
    assert service.record_feedback(received.conversation_id, bot_message.id, 1)
    [record] = records(app)
    assert (record.answered, record.unanswered_reason, record.cluster_id) == (True, None, None)
    with app.state.db.sessions() as session:
        assert session.get(Conversation, received.conversation_id).thumbs_down is False


def test_asking_the_same_thing_again_marks_the_first_answer_unanswered(app, service, fake_rasa):
    fake_rasa.rule = lambda text: reply("answer", "sfo", "price")
    say(service, "w1", "hva koster sfo?")
    say(service, "w1", "Hva koster SFO")
    first, second = records(app)
    assert (first.answered, first.unanswered_reason) == (False, "repeated")
    assert (second.answered, second.unanswered_reason) == (True, None)
    say(service, "w1", "når er søknadsfristen?")  # a different question: nothing changes
    assert records(app)[1].answered is True


def test_a_handover_is_escalated_with_reason_week_and_waiting_times(app, service, fake_rasa, make_user, always_open):
    handover = {"reason": "own_case", "service_id": "byggesak", "intent": "own_case", "confidence": 0.88,
                "last_messages": ["hvor langt har saken min kommet?"]}
    fake_rasa.rule = lambda text: reply("handover", "byggesak", intent="own_case", handover=handover)
    received = say(service, "w1", "hvor langt har saken min kommet?")
    [record] = records(app)
    assert record.escalated and not record.answered and record.unanswered_reason is None
    kari = make_user("kari")
    asyncio.run(service.claim(received.conversation_id, kari))
    asyncio.run(service.staff_reply(received.conversation_id, kari, "Jeg sjekker saken din nå."))
    with app.state.db.sessions() as session:
        row = session.scalar(select(Handover))
        conversation = session.get(Conversation, received.conversation_id)
    assert (row.reason, row.service_id, row.channel) == ("own_case", "byggesak", "web")
    assert row.week == week_of(row.created_at) and conversation.escalated
    assert row.claim_seconds is not None and row.claim_seconds >= 0
    assert row.first_reply_seconds is not None and row.first_reply_seconds >= row.claim_seconds


def test_a_person_offered_after_failed_turns_is_low_confidence_or_out_of_scope(app, service, fake_rasa, always_open):
    offered = {"reason": "failed_turns", "service_id": None, "intent": "affirm", "confidence": 0.9, "last_messages": []}
    script = iter([reply("not_understood"), reply("not_understood"), reply("handover", intent="affirm", handover=offered),
                   reply("out_of_scope"), reply("out_of_scope"), reply("handover", intent="affirm", handover=offered)])
    fake_rasa.rule = lambda text: next(script)
    for text in ("blæ", "blæ blæ", "ja"):
        say(service, "w1", text)
    for text in ("været i morgen?", "fotball?", "ja"):
        say(service, "w2", text)
    with app.state.db.sessions() as session:
        reasons = [h.reason for h in session.scalars(select(Handover).order_by(Handover.id))]
    assert reasons == ["low_confidence", "out_of_scope"]


def test_rasa_down_records_the_question_as_escalated(app, service, fake_rasa, always_open):
    fake_rasa.down = True
    say(service, "w1", "hva koster sfo?")
    [record] = records(app)
    assert (record.kind, record.escalated, record.answered) == ("unavailable", True, False)


def test_similar_unanswered_questions_share_a_cluster_until_it_is_closed(app, service, fake_rasa):
    fake_rasa.rule = lambda text: reply("answer", "sfo", "price", confidence=0.3)
    for n, text in enumerate(["kan jeg betale sfo med vipps?", "betale sfo med vipps", "kan eg betale med vipps",
                              "får man søskenmoderasjon på sfo?"]):
        say(service, f"w{n}", text)
    vipps1, vipps2, vipps3, sibling = records(app)
    assert vipps1.cluster_id == vipps2.cluster_id == vipps3.cluster_id != sibling.cluster_id
    with app.state.db.sessions() as session:
        cluster = session.get(QuestionCluster, vipps1.cluster_id)
        assert cluster.service_id == "sfo" and cluster.label == "kan jeg betale sfo med vipps?"
        cluster.closed_at = dt.datetime.now(dt.timezone.utc)
        session.commit()
    say(service, "w9", "betale sfo med vipps?")
    assert records(app)[-1].cluster_id not in (vipps1.cluster_id, sibling.cluster_id)


def test_staff_replies_and_notes_are_stored_masked_and_delivered_as_written(app, service, fake_rasa, make_user,
                                                                             always_open):
    fake_rasa.rule = lambda text: reply("handover", intent="request_human",
                                        handover={"reason": "request_human", "last_messages": []})
    received = say(service, "w1", "jeg vil snakke med et menneske")
    kari = make_user("kari")
    asyncio.run(service.claim(received.conversation_id, kari))
    events = []
    service.hub.publish = lambda topic, event: events.append(event)
    written = "Kontonummeret vi har er 1503.12.34562, ring 912 34 567."
    delivered = asyncio.run(service.staff_reply(received.conversation_id, kari, written))
    service.note(received.conversation_id, kari, "Innbyggeren oppga e-post ola@example.com")
    assert delivered.text == written and any(e.get("text") == written for e in events)
    with app.state.db.sessions() as session:
        stored = session.scalars(select(Message.text).where(Message.sender == "staff")).all()
    assert all("1503" not in t and "912 34 567" not in t and "ola@example.com" not in t for t in stored), stored


def test_a_question_asked_again_a_few_turns_later_counts_as_repeated(app, service, fake_rasa):
    answers = {"hva koster sfo?": reply("answer", "sfo", "price"),
               "når er fristen?": reply("answer", "sfo", "deadline", intent="ask_deadline"),
               "Hva koster SFO nå?": reply("answer", "sfo", "price")}
    fake_rasa.rule = lambda text: answers[text]
    for text in answers:
        say(service, "w1", text)
    price, deadline, again = records(app)
    assert (price.unanswered_reason, deadline.unanswered_reason, again.unanswered_reason) == ("repeated", None, None)


def test_yes_to_the_offer_of_a_person_is_no_new_question(app, service, fake_rasa, always_open):
    offered = {"reason": "failed_turns", "service_id": None, "intent": "affirm", "confidence": 0.9,
               "last_messages": []}
    fake_rasa.rule = lambda text: reply("handover", intent="affirm", handover=offered,
                                        candidates=["bygge-uten-soknad"])
    say(service, "w1", "ja")
    assert records(app) == []
    fake_rasa.rule = lambda text: reply("handover", intent="request_human", candidates=["bygge-uten-soknad"],
                                        handover={"reason": "request_human", "last_messages": []})
    say(service, "w2", "kan jeg få snakke med noen")
    [record] = records(app)
    assert record.escalated and record.service_id is None  # the index's guess is no service for a handover
