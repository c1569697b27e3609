"""The SMS channel: Twilio webhook (signatures computed by the twilio library), keywords,
outbound sending with a status callback, and the dev simulator."""
from __future__ import annotations

import asyncio
import itertools
import logging
from dataclasses import replace
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from twilio.request_validator import RequestValidator

from catalog_index.gsm import is_gsm7, septets
from connectors.crypto import decrypt_address, handle_for
from connectors.models import Conversation, Message, SmsOptOut

TOKEN = "twilio-test-auth-token"
FROM = "+4791234567"
OTHER = "+4798765432"
URL = "http://testserver/sms/twilio"
STATUS_URL = "http://testserver/sms/status"


class FakeTwilio:
    """Stands in for twilio.rest.Client: records what would be sent."""

    def __init__(self):
        self.sent: list[dict] = []
        self.fail = False
        self._sids = itertools.count(1)
        self.messages = SimpleNamespace(create=self.create)

    def create(self, **kwargs):
        if self.fail:
            raise RuntimeError("Twilio is unreachable")
        self.sent.append(kwargs)
        return SimpleNamespace(sid=f"SMout{next(self._sids):030d}", status="queued")

    def bodies(self, to: str = FROM) -> list[str]:
        return [m["body"] for m in self.sent if m["to"] == to]


@pytest.fixture
def twilio_config(config):
    return replace(config, twilio_account_sid="AC" + "0" * 32, twilio_auth_token=TOKEN,
                   twilio_from_number="+4740000000")


@pytest.fixture
def sms_app(twilio_config, fake_rasa):
    from connectors.app import create_app

    return create_app(twilio_config, brain=fake_rasa.client())


@pytest.fixture
def outbox(sms_app):
    fake = FakeTwilio()
    sms_app.state.sms.deliverer.client_factory = lambda: fake
    return fake


@pytest.fixture
def client(sms_app, outbox, always_open_sms):
    with TestClient(sms_app) as test_client:
        yield test_client


@pytest.fixture
def always_open_sms(sms_app, monkeypatch):
    monkeypatch.setattr(sms_app.state.office, "is_open", lambda at=None: True)


_sids = itertools.count(1)


def new_sid() -> str:
    return f"SMin{next(_sids):030d}"


def sms(client, body: str, sid: str | None = None, number: str = FROM, signature: str | None = None,
        url: str = URL, token: str = TOKEN):
    params = {"MessageSid": sid or new_sid(), "AccountSid": "AC" + "0" * 32, "From": number,
              "To": "+4740000000", "Body": body, "NumMedia": "0"}
    if signature is None:
        signature = RequestValidator(token).compute_signature(url, params)
    return client.post("/sms/twilio", data=params,
                       headers={"X-Twilio-Signature": signature})


def status(client, sid: str, value: str):
    params = {"MessageSid": sid, "MessageStatus": value, "AccountSid": "AC" + "0" * 32}
    signature = RequestValidator(TOKEN).compute_signature(STATUS_URL, params)
    return client.post("/sms/status", data=params, headers={"X-Twilio-Signature": signature})


def all_messages(app) -> list[Message]:
    with app.state.db.sessions() as session:
        return session.scalars(select(Message).order_by(Message.id)).all()


def conversations(app) -> list[Conversation]:
    with app.state.db.sessions() as session:
        return session.scalars(select(Conversation).order_by(Conversation.created_at)).all()


def assert_empty_twiml(response):
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/xml")
    assert response.text.strip().endswith("<Response />")


# -- the webhook ---------------------------------------------------------------------------

def test_valid_signature_stores_and_answers_by_sms(client, sms_app, outbox, fake_rasa):
    response = sms(client, "hva koster sfo")
    assert_empty_twiml(response)
    stored = all_messages(sms_app)
    assert [m.sender for m in stored] == ["citizen", "bot"]
    assert stored[0].text == "hva koster sfo" and stored[0].external_id.startswith("SMin")
    assert fake_rasa.received[0]["metadata"] == {"channel": "sms"}
    (sent,) = outbox.sent
    assert sent["to"] == FROM and sent["from_"] == "+4740000000"
    assert sent["status_callback"] == "http://testserver/sms/status"
    assert sent["body"] == "Svar på: hva koster sfo"
    assert stored[1].external_id == "SMout" + "1".zfill(30) and stored[1].delivery_status == "queued"


def test_the_number_is_never_stored_in_clear(client, sms_app):
    sms(client, "hva koster sfo")
    (conversation,) = conversations(sms_app)
    assert conversation.channel == "sms"
    assert conversation.citizen_handle == handle_for("test-secret", FROM)
    assert FROM not in conversation.reply_address and "91234567" not in conversation.reply_address
    assert decrypt_address("test-secret", conversation.reply_address) == FROM


def test_personal_data_in_the_sms_is_stored_masked(client, sms_app, fake_rasa):
    sms(client, "ring meg på 412 34 567 eller ola@example.no")
    stored = all_messages(sms_app)[0]
    assert stored.text == "ring meg på [telefonnummer] eller [e-post]"
    assert fake_rasa.received[0]["message"] == stored.text


def test_long_and_non_gsm_answers_fit_three_gsm7_segments(client, outbox, fake_rasa):
    long_text = ("Prisen for SFO er «1 234 kr» i måneden – og du søker på nett\u2026 " * 20).strip()
    fake_rasa.rule = lambda text: [{"text": long_text, "custom": {"servicetorg": {"kind": "answer"}}}]
    sms(client, "hva koster sfo")
    (body,) = outbox.bodies()
    assert is_gsm7(body) and septets(body) <= 459
    assert body.endswith("...")


def test_clarifying_buttons_become_digits_to_answer_with(client, sms_app, outbox, fake_rasa):
    sms(client, "jeg trenger en plass")
    assert outbox.bodies()[0] == "Mente du en av disse?\n1: Barnehageplass\n2: Sykehjemsplass\nSvar med tallet."
    sms(client, "2")
    assert fake_rasa.received[-1]["message"] == '/choose_service{"service": "sykehjemsplass"}'


def test_forged_signature_is_refused_and_nothing_stored(client, sms_app, outbox):
    forged = RequestValidator("not-the-token").compute_signature(URL, {"Body": "x"})
    assert sms(client, "hva koster sfo", signature=forged).status_code == 403
    assert sms(client, "hva koster sfo", signature="").status_code == 403
    # signed for another URL (the public URL is what counts, not the Host header)
    assert sms(client, "hva koster sfo", url="http://evil.example/sms/twilio").status_code == 403
    assert all_messages(sms_app) == [] and conversations(sms_app) == [] and outbox.sent == []


def test_signature_over_a_tampered_body_is_refused(client, sms_app):
    params = {"MessageSid": new_sid(), "From": FROM, "Body": "hei"}
    signature = RequestValidator(TOKEN).compute_signature(URL, params)
    response = client.post("/sms/twilio", data={**params, "Body": "noe annet"},
                           headers={"X-Twilio-Signature": signature})
    assert response.status_code == 403
    assert all_messages(sms_app) == []


def test_public_url_behind_a_proxy(sms_app, twilio_config, fake_rasa, outbox):
    """Twilio signs the URL it called (the proxy's); the app is told it by configuration."""
    from connectors.app import create_app

    app = create_app(replace(twilio_config, public_url="https://kommune.example/servicetorg/"),
                     brain=fake_rasa.client())
    app.state.sms.deliverer.client_factory = lambda: outbox
    with TestClient(app) as test_client:
        assert sms(test_client, "hei", url="https://kommune.example/servicetorg/sms/twilio").status_code == 200
        assert sms(test_client, "hei", url="http://testserver/sms/twilio").status_code == 403
    assert outbox.sent[0]["status_callback"] == "https://kommune.example/servicetorg/sms/status"


def test_replayed_message_sid_is_stored_once_and_answered_once(client, sms_app, outbox, fake_rasa):
    sid = new_sid()
    assert_empty_twiml(sms(client, "hva koster sfo", sid=sid))
    assert_empty_twiml(sms(client, "hva koster sfo", sid=sid))
    assert [m.sender for m in all_messages(sms_app)] == ["citizen", "bot"]
    assert len(outbox.sent) == 1 and len(fake_rasa.received) == 1


def test_a_50_kb_body_gets_413_and_nothing_stored(client, sms_app):
    body = urlencode({"MessageSid": new_sid(), "From": FROM, "Body": "x" * 50_000}).encode()
    response = client.post("/sms/twilio", content=body,
                           headers={"Content-Type": "application/x-www-form-urlencoded",
                                    "X-Twilio-Signature": "whatever"})
    assert response.status_code == 413
    assert all_messages(sms_app) == []


def test_a_large_body_without_content_length_gets_413(client, sms_app):
    def chunks():
        for _ in range(50):
            yield b"Body=" + b"x" * 1024

    response = client.post("/sms/twilio", content=chunks(),
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 413
    assert all_messages(sms_app) == []


@pytest.mark.parametrize("raw", [b"MessageSid=SM1&From=%2B4791234567&Body=%FF%FE",
                                 b"MessageSid=SM1&From=%2B4791234567&Body=\xff\xfe"])
def test_invalid_utf8_gets_400_with_a_clear_text(client, sms_app, raw):
    response = client.post("/sms/twilio", content=raw,
                           headers={"Content-Type": "application/x-www-form-urlencoded",
                                    "X-Twilio-Signature": "whatever"})
    assert response.status_code == 400
    assert "UTF-8" in response.text
    assert all_messages(sms_app) == []


def test_a_message_to_a_resolved_conversation_starts_a_new_one(client, sms_app, make_user):
    worker = make_user("kari")
    service = sms_app.state.conversations
    sms(client, "kan jeg snakke med en person")
    (first,) = conversations(sms_app)
    assert first.state == "pending"
    asyncio.run(service.claim(first.id, worker))
    asyncio.run(service.resolve(first.id, worker, "answered"))
    sms(client, "hva koster sfo")
    first_again, second = conversations(sms_app)
    assert first_again.id == first.id and first_again.state == "resolved"
    assert second.state == "bot" and second.id != first.id
    assert [m.sender for m in all_messages(sms_app) if m.conversation_id == second.id] == ["citizen", "bot"]


def test_rasa_down_the_citizen_is_told_and_the_message_kept_for_a_person(client, sms_app, outbox, fake_rasa):
    fake_rasa.down = True
    assert_empty_twiml(sms(client, "hva koster sfo"))
    (conversation,) = conversations(sms_app)
    assert conversation.state == "pending"
    stored = all_messages(sms_app)
    assert stored[0].sender == "citizen" and stored[0].text == "hva koster sfo"
    (body,) = outbox.bodies()
    assert "tatt vare på" in body


def test_a_crash_in_the_background_is_logged_and_the_message_kept(client, sms_app, outbox, monkeypatch, caplog):
    async def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(sms_app.state.conversations, "_bot_replied", broken)
    with caplog.at_level(logging.ERROR, logger="servicetorg.sms"):
        assert_empty_twiml(sms(client, "hva koster sfo"))
    assert "background step answer failed" in caplog.text
    (conversation,) = conversations(sms_app)
    assert conversation.state == "pending"  # handed to a person rather than dropped
    assert all_messages(sms_app)[0].text == "hva koster sfo"


# -- keywords ------------------------------------------------------------------------------

def test_stop_then_nothing_is_sent_until_start(client, sms_app, outbox, fake_rasa):
    sms(client, "hva koster sfo")
    assert len(outbox.sent) == 1
    assert_empty_twiml(sms(client, "  Stopp "))
    with sms_app.state.db.sessions() as session:
        assert session.get(SmsOptOut, handle_for("test-secret", FROM)) is not None
    calls = len(fake_rasa.received)
    sms(client, "hva koster sfo nå?")
    sms(client, "HJELP")
    assert len(outbox.sent) == 1, "nothing may be sent to a number that opted out"
    assert len(fake_rasa.received) == calls
    texts = [m.text for m in all_messages(sms_app) if m.sender == "citizen"]
    assert texts == ["hva koster sfo", "  Stopp ", "hva koster sfo nå?", "HJELP"], "stored, not answered"
    assert any(m.internal and "STOPP" in m.text for m in all_messages(sms_app))

    sms(client, "start")
    assert len(outbox.sent) == 2 and "igjen" in outbox.bodies()[-1]
    sms(client, "hva koster sfo")
    assert outbox.bodies()[-1] == "Svar på: hva koster sfo"


def test_stop_also_stops_staff_replies(client, sms_app, outbox, make_user):
    worker = make_user("kari")
    service = sms_app.state.conversations
    sms(client, "kan jeg snakke med en person")
    (conversation,) = conversations(sms_app)
    asyncio.run(service.claim(conversation.id, worker))
    sent_before = len(outbox.sent)
    sms(client, "STOP")
    message = asyncio.run(service.staff_reply(conversation.id, worker, "Hei, dette er Kari."))
    assert len(outbox.sent) == sent_before
    with sms_app.state.db.sessions() as session:
        assert session.get(Message, message.id).delivery_status == "opted_out"


def test_help_gives_a_short_norwegian_help_text(client, outbox, fake_rasa):
    sms(client, "hjelp")
    (body,) = outbox.bodies()
    assert "Servicetorget" in body and "+47 57 70 00 00" in body and "STOPP" in body
    assert is_gsm7(body) and septets(body) <= 306
    assert fake_rasa.received == []
    sms(client, "HELP")
    assert len(outbox.sent) == 2


# -- outbound ------------------------------------------------------------------------------

def test_status_callback_updates_delivery_status(client, sms_app, outbox):
    sms(client, "hva koster sfo")
    bot = all_messages(sms_app)[1]
    assert status(client, bot.external_id, "sent").status_code == 204
    assert status(client, bot.external_id, "delivered").status_code == 204
    assert status(client, bot.external_id, "sent").status_code == 204  # late and out of order
    with sms_app.state.db.sessions() as session:
        assert session.get(Message, bot.id).delivery_status == "delivered"


def test_status_callback_needs_a_valid_signature(client, sms_app, outbox):
    sms(client, "hva koster sfo")
    bot = all_messages(sms_app)[1]
    response = client.post("/sms/status", data={"MessageSid": bot.external_id, "MessageStatus": "failed"},
                           headers={"X-Twilio-Signature": "forged"})
    assert response.status_code == 403
    with sms_app.state.db.sessions() as session:
        assert session.get(Message, bot.id).delivery_status == "queued"


def test_a_staff_reply_goes_out_by_sms_to_the_right_number(client, sms_app, outbox, make_user):
    worker = make_user("kari", display_name="Kari")
    service = sms_app.state.conversations
    sms(client, "hva koster sfo", number=OTHER)
    sms(client, "kan jeg snakke med en person")
    mine = next(c for c in conversations(sms_app) if c.citizen_handle == handle_for("test-secret", FROM))
    asyncio.run(service.claim(mine.id, worker))
    message = asyncio.run(service.staff_reply(mine.id, worker, "Hei, dette er Kari. Hva gjelder det?"))
    assert outbox.sent[-1]["to"] == FROM
    assert outbox.sent[-1]["body"] == "Hei, dette er Kari. Hva gjelder det?"
    assert outbox.sent[-2]["body"] == "Kari fra servicetorget er med i samtalen."
    with sms_app.state.db.sessions() as session:
        stored = session.get(Message, message.id)
        assert stored.external_id.startswith("SMout") and stored.delivery_status == "queued"
    assert outbox.bodies(OTHER) == ["Svar på: hva koster sfo"]


def test_a_send_error_keeps_the_message_marked_failed(client, sms_app, outbox, caplog):
    outbox.fail = True
    with caplog.at_level(logging.INFO, logger="servicetorg.sms"):
        assert_empty_twiml(sms(client, "hva koster sfo"))
    stored = all_messages(sms_app)
    assert [m.sender for m in stored] == ["citizen", "bot"]
    assert stored[1].delivery_status == "failed" and stored[1].text == "Svar på: hva koster sfo"
    assert "91234567" not in caplog.text, "logs never show the number"


# -- dev mode ------------------------------------------------------------------------------

def test_dev_page_is_404_when_twilio_is_configured(client):
    assert client.get("/dev/sms").status_code == 404
    assert client.post("/dev/sms/send", json={"number": FROM, "text": "hei"}).status_code == 404
    assert client.post("/dev/sms/messages", json={"number": FROM}).status_code == 404


def test_dev_page_and_simulator_without_credentials(app, fake_rasa, caplog):
    with TestClient(app) as dev, caplog.at_level(logging.INFO, logger="servicetorg.sms"):
        page = dev.get("/dev/sms")
        assert page.status_code == 200
        assert "Utviklingsmodus: SMS-simulator — ingen ekte SMS sendes" in page.text
        assert 'role="log"' in page.text and '<label for="number">' in page.text
        assert dev.post("/dev/sms/send", json={"number": "912 34 567", "text": "hva koster sfo"}).status_code == 200
        thread = dev.post("/dev/sms/messages", json={"number": "+4791234567"}).json()["messages"]
        assert [(m["direction"], m["text"]) for m in thread] == [("in", "hva koster sfo"),
                                                                 ("out", "Svar på: hva koster sfo")]
        # the same keyword path as the webhook
        dev.post("/dev/sms/send", json={"number": "91234567", "text": "STOPP"})
        dev.post("/dev/sms/send", json={"number": "91234567", "text": "hei"})
        after = thread[-1]["id"]
        later = dev.post("/dev/sms/messages", json={"number": "91234567", "after": after}).json()
        assert [m["direction"] for m in later["messages"]] == ["in", "in"] and later["opted_out"]
        assert dev.post("/dev/sms/send", json={"number": "12", "text": "hei"}).status_code == 400
    assert "***67" in caplog.text and "91234567" not in caplog.text
    bot = [m for m in all_messages(app) if m.sender == "bot"]
    assert bot[0].delivery_status == "logged"


def test_dev_mode_webhook_refuses_requests_not_signed_by_the_simulator(app):
    with TestClient(app) as dev:
        assert sms(dev, "hei", token="").status_code == 403
        assert sms(dev, "hei", token=TOKEN).status_code == 403
        assert all_messages(app) == []
        assert sms(dev, "hei", token=app.state.sms.auth_token).status_code == 200


def test_twilio_gets_its_answer_before_the_bot_turn_and_after_the_message_is_stored(sms_app, outbox, fake_rasa,
                                                                                    always_open_sms):
    """Raw ASGI, to see the order: stored, then the 200 with empty TwiML, then Rasa and the SMS."""
    events: list[dict] = []
    at_rasa: list[list[str]] = []
    stored_at_response: list[int] = []

    def rule(text):
        at_rasa.append([event["type"] for event in events])
        return fake_rasa.default_rule(text)

    fake_rasa.rule = rule
    params = {"MessageSid": new_sid(), "From": FROM, "To": "+4740000000", "Body": "hva koster sfo"}
    body = urlencode(params).encode()
    signature = RequestValidator(TOKEN).compute_signature(URL, params)
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/sms/twilio", "raw_path": b"/sms/twilio", "query_string": b"",
             "root_path": "", "client": ("127.0.0.1", 5000), "server": ("testserver", 80),
             "headers": [(b"host", b"testserver"), (b"content-type", b"application/x-www-form-urlencoded"),
                         (b"content-length", str(len(body)).encode()), (b"x-twilio-signature", signature.encode())]}

    async def receive():
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(event):
        if event["type"] == "http.response.start":
            stored_at_response.append(len(all_messages(sms_app)))
        events.append(event)

    asyncio.run(sms_app(scope, receive, send))
    assert events[0]["status"] == 200
    assert stored_at_response == [1], "the citizen's message is stored before Twilio gets its 200"
    assert at_rasa == [["http.response.start", "http.response.body"]], "Rasa is asked after the response"
    assert len(outbox.sent) == 1
