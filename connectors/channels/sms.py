"""The SMS channel through Twilio: the inbound webhook, the status callback, the outbound
deliverer and, without Twilio credentials, a development simulator at /dev/sms.

Inbound (POST /sms/twilio), in this order:
  1. the raw body is read with a 16 kB cap (413), decoded as strict UTF-8 (400);
  2. X-Twilio-Signature is checked with the twilio library's RequestValidator against
     SERVICETORG_PUBLIC_URL + the path (+ query): the address Twilio calls, whatever proxy is in
     front (403 otherwise, and nothing is stored);
  3. the message is stored at once, deduplicated on MessageSid (a replay gets 200 and nothing
     happens twice); STOP/STOPP, START and HJELP/HELP are handled here; SLETT ("slett samtalen
     min") is handled before storing: the citizen's conversations are erased
     (connectors.retention) and one confirmation is sent, which is not stored either;
  4. the webhook answers with an empty TwiML <Response/>; the bot's turn (Rasa) and the outgoing
     SMS run afterwards as a background task, so Twilio never waits on Rasa.

Outbound: SmsDeliverer sends bot, staff and system messages through the Messages REST API with a
status callback (POST /sms/status), in a worker thread (the Twilio client is synchronous). The
text is made GSM-7 and at most 3 segments (459 septets). The returned MessageSid is stored as the
message's external_id; a send error is logged and the message kept with delivery_status "failed".
Nothing is ever sent to a number that opted out (STOP).

Phone numbers: the conversation's handle is a keyed hash of the number and the number itself is
stored only encrypted (connectors.crypto); logs show the last two digits at most.

Dev mode (no TWILIO_* credentials): outgoing SMS is written to the log and kept in an in-memory
"phone" per number, shown by the simulator page. The webhook then validates signatures against a
random per-process dev token, which only the simulator knows: to anyone else it answers 403.
"""
from __future__ import annotations

import functools
import json
import logging
import re
import secrets
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Optional
from urllib.parse import parse_qsl

import anyio
from fastapi import APIRouter, BackgroundTasks, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from starlette.datastructures import FormData
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from catalog_index.gsm import fit_sms

from ..config import AppConfig
from ..conversations import ConversationService, Received
from ..crypto import decrypt_address, encrypt_address, handle_for
from ..models import BOT, BOT_SENDER, CITIZEN, SYSTEM, Conversation, Message, SmsOptOut, utcnow
from ..privacy import mask_text
from ..retention import forget_citizen
from ..office import OFFICE_ID
from ..paths import TEMPLATES_DIR

log = logging.getLogger("servicetorg.sms")

CHANNEL = "sms"
WEBHOOK_PATH = "/sms/twilio"
STATUS_PATH = "/sms/status"
MAX_BODY_BYTES = 16 * 1024  # a real Twilio webhook is 1-3 kB; 16 kB is generous
SEND_TIMEOUT = 15.0  # seconds for one REST call to Twilio

STOP_WORDS = {"STOP", "STOPP"}
START_WORDS = {"START"}
HELP_WORDS = {"HJELP", "HELP"}
DELETE_WORDS = {"SLETT", "SLETT SAMTALEN", "SLETT SAMTALEN MIN", "SLETT SAMTALENE MINE"}
DELETED_TEXT = "Samtalen din er slettet. Send en ny melding når du vil spørre om noe igjen."

# Delivery states from Twilio's status callback, ranked, so a late "sent" never overwrites
# "delivered" (callbacks may arrive out of order).
STATUS_RANK = {"accepted": 0, "scheduled": 0, "queued": 1, "sending": 2, "sent": 3,
               "delivered": 4, "read": 5, "undelivered": 4, "failed": 4, "canceled": 4}

TWIML_EMPTY = str(MessagingResponse())

router = APIRouter()


# -- helpers ---------------------------------------------------------------------------------

def mask(number: Optional[str]) -> str:
    """A number as logs may show it: the last two digits only."""
    digits = "".join(ch for ch in number or "" if ch.isdigit())
    return "***" + digits[-2:] if digits else "***"


def normalize_number(raw: str, default_country: str = "+47") -> Optional[str]:
    """E.164 from what a person types ("912 34 567", "0047 91234567", "+4791234567")."""
    text = re.sub(r"[\s().-]", "", raw or "")
    if text.startswith("00"):
        text = "+" + text[2:]
    elif not text.startswith("+") and len(text) == 8:
        text = default_country + text
    return text if re.fullmatch(r"\+[1-9]\d{6,14}", text) else None


def keyword(text: str) -> Optional[str]:
    """STOP, START, HELP or DELETE when the whole message is one of the keywords (any case)."""
    word = " ".join((text or "").strip().strip(".!").strip().upper().split())
    if word in DELETE_WORDS:
        return "DELETE"
    if word in STOP_WORDS:
        return "STOP"
    if word in START_WORDS:
        return "START"
    if word in HELP_WORDS:
        return "HELP"
    return None


_CHOICE_PAYLOAD = re.compile(r'^/choose_service(\{.*\})$')


def button_choices(message: Optional[Message]) -> list[tuple[str, Optional[str]]]:
    """The clarifying buttons of a bot message as (title, service id) pairs."""
    if message is None or not message.buttons:
        return []
    choices = []
    for button in (message.buttons or {}).get("buttons", []):
        service_id = None
        match = _CHOICE_PAYLOAD.match(str(button.get("payload") or ""))
        if match:
            try:
                service_id = json.loads(match.group(1)).get("service")
            except (ValueError, AttributeError):
                service_id = None
        choices.append((str(button.get("title") or ""), service_id))
    return choices


def sms_text(message: Message) -> str:
    """What goes out by SMS: buttons become a numbered list to answer with a digit; GSM-7, at
    most 3 segments (longer text is cut at a sentence or word boundary and ends with "...")."""
    text = message.text or ""
    choices = button_choices(message)
    if choices:
        lines = [f"{number}: {title}" for number, (title, _) in enumerate(choices, start=1)]
        text = f"{text}\n" + "\n".join(lines) + "\nSvar med tallet."
    return fit_sms(text)


def empty_twiml(status_code: int = 200) -> Response:
    return Response(TWIML_EMPTY, status_code=status_code, media_type="text/xml")


class BadRequest(Exception):
    def __init__(self, status_code: int, text: str):
        super().__init__(text)
        self.status_code, self.text = status_code, text

    def response(self) -> PlainTextResponse:
        return PlainTextResponse(self.text, status_code=self.status_code)


async def read_form(request: Request, limit: int = MAX_BODY_BYTES) -> FormData:
    """The request's form fields, read raw with a size cap and strict UTF-8."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                raise BadRequest(413, f"Forespørselen er for stor (over {limit // 1024} kB).")
        except ValueError:
            raise BadRequest(400, "Ugyldig Content-Length.") from None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BadRequest(413, f"Forespørselen er for stor (over {limit // 1024} kB).")
        chunks.append(chunk)
    raw = b"".join(chunks)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type and content_type != "application/x-www-form-urlencoded":
        raise BadRequest(415, "Forventet application/x-www-form-urlencoded.")
    try:
        text = raw.decode("utf-8")
        fields = parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise BadRequest(400, "Ugyldig tegnkoding: forespørselen må være UTF-8.") from None
    except ValueError:
        raise BadRequest(400, "Ugyldig skjemadata.") from None
    return FormData(fields)


@dataclass
class Stored:
    """A citizen SMS that is now in the store."""

    conversation_id: str
    message_id: Optional[int]
    state: str = BOT
    language: str = "nb"
    choice: Optional[str] = None  # a service id when the SMS was the digit of an offered choice
    duplicate: bool = False
    text: str = ""  # as stored: masked (connectors.privacy); Rasa gets this too
    received: Optional[Received] = None  # what ConversationService.store returned


# -- the dev phone ---------------------------------------------------------------------------

class DevPhone:
    """Dev mode only: what each simulated phone sent and received, in memory (bounded)."""

    def __init__(self, max_numbers: int = 500, max_messages: int = 200):
        self._threads: "OrderedDict[str, list[dict]]" = OrderedDict()
        self._seq = 0
        self.max_numbers, self.max_messages = max_numbers, max_messages

    def add(self, handle: str, direction: str, text: str) -> dict:
        self._seq += 1
        entry = {"id": self._seq, "direction": direction, "text": text, "at": utcnow().isoformat()}
        thread = self._threads.setdefault(handle, [])
        self._threads.move_to_end(handle)
        thread.append(entry)
        del thread[:-self.max_messages]
        while len(self._threads) > self.max_numbers:
            self._threads.popitem(last=False)
        return entry

    def messages(self, handle: str, after: int = 0) -> list[dict]:
        return [entry for entry in self._threads.get(handle, []) if entry["id"] > after]

    def forget(self, handle: str) -> None:
        self._threads.pop(handle, None)

    def outbox(self, handle: str) -> list[str]:
        return [entry["text"] for entry in self._threads.get(handle, []) if entry["direction"] == "out"]


# -- outbound --------------------------------------------------------------------------------

class SmsDeliverer:
    """Sends bot, staff and system messages to the citizen's phone (registered as "sms")."""

    def __init__(self, channel: "SmsChannel"):
        self.channel = channel
        self.config = channel.config
        self._client = None
        # Tests replace this with a fake; it must return an object with .messages.create(**kw).
        self.client_factory: Callable[[], Any] = self._make_client

    def _make_client(self):
        from twilio.http.http_client import TwilioHttpClient
        from twilio.rest import Client

        return Client(self.config.twilio_account_sid, self.config.twilio_auth_token,
                      http_client=TwilioHttpClient(timeout=SEND_TIMEOUT))

    @property
    def client(self):
        if self._client is None:
            self._client = self.client_factory()
        return self._client

    async def deliver(self, conversation: Conversation, message: Message) -> None:
        if message.internal or message.sender == CITIZEN:
            return
        if self.channel.opted_out(conversation.citizen_handle):
            log.info("message %s not sent: the number opted out (STOP)", message.id)
            self._record(message, None, "opted_out")
            return
        number = decrypt_address(self.config.secret_key, conversation.reply_address or "")
        if not number:
            log.error("message %s not sent: conversation %s has no readable reply address",
                      message.id, conversation.id)
            self._record(message, None, "failed")
            return
        body = sms_text(message)
        if not self.config.twilio_enabled:
            log.info("dev mode, SMS not sent: to %s (message %s): %s", mask(number), message.id, mask_text(body))
            self.channel.phone.add(conversation.citizen_handle, "out", body)
            self._record(message, None, "logged")
            return
        params = {"to": number, "body": body, "status_callback": self.channel.public(STATUS_PATH)}
        sender = self.config.twilio_from_number or ""
        if sender.startswith("MG"):  # a Messaging Service SID instead of a number
            params["messaging_service_sid"] = sender
        else:
            params["from_"] = sender
        try:
            sent = await anyio.to_thread.run_sync(functools.partial(self.client.messages.create, **params))
        except Exception as err:  # the message stays in the store, marked failed, for staff to see
            log.error("SMS for message %s to %s failed: %s", message.id, mask(number), _describe(err))
            self._record(message, None, "failed")
            return
        status = getattr(sent, "status", None)
        status = str(getattr(status, "value", status) or "queued")
        self._record(message, getattr(sent, "sid", None), status)
        log.info("SMS for message %s queued at Twilio as %s", message.id, getattr(sent, "sid", None))

    def _record(self, message: Message, sid: Optional[str], status: str) -> None:
        message.external_id, message.delivery_status = sid or message.external_id, status
        if message.id is None:
            return
        with self.channel.service.db.sessions() as session:
            stored = session.get(Message, message.id)
            if stored is not None:
                if sid:
                    stored.external_id = sid
                stored.delivery_status = status
                session.commit()


def _describe(err: Exception) -> str:
    """A send error for the log, without the number (Twilio's messages may contain it)."""
    code = getattr(err, "code", None)
    status = getattr(err, "status", None)
    name = type(err).__name__
    return f"{name} (status {status}, code {code})" if code or status else name


# -- the channel -----------------------------------------------------------------------------

class SmsChannel:
    def __init__(self, config: AppConfig, service: ConversationService, catalog=None):
        self.config = config
        self.service = service
        self.dev = not config.twilio_enabled
        # Dev mode: a random token only this process (the simulator) signs with.
        self.auth_token = config.twilio_auth_token if config.twilio_enabled else secrets.token_urlsafe(32)
        self.validator = RequestValidator(self.auth_token)
        self.phone = DevPhone()
        self.deliverer = SmsDeliverer(self)
        office = catalog.get(OFFICE_ID) if catalog is not None else None
        contact = office.contact if office is not None else None
        self.office_name = (contact.unit if contact and contact.unit else "Servicetorget")
        self.office_phone = contact.phone if contact and contact.phone else None

    # signatures ---------------------------------------------------------------------------

    def public(self, path: str, query: str = "") -> str:
        """The URL Twilio calls for `path` (what it signs): SERVICETORG_PUBLIC_URL + path."""
        return self.config.public_url.rstrip("/") + path + (f"?{query}" if query else "")

    def verify(self, url: str, params: FormData, signature: Optional[str]) -> bool:
        if not signature:
            return False
        return self.validator.validate(url, params, signature)

    def sign(self, url: str, params: FormData) -> str:
        return self.validator.compute_signature(url, params)

    # opt-out ------------------------------------------------------------------------------

    def opted_out(self, handle: str) -> bool:
        with self.service.db.sessions() as session:
            return session.get(SmsOptOut, handle) is not None

    def _set_opt_out(self, handle: str, out: bool) -> None:
        with self.service.db.sessions() as session:
            if out:
                if session.get(SmsOptOut, handle) is None:
                    session.add(SmsOptOut(citizen_handle=handle))
                    try:
                        session.commit()
                    except IntegrityError:  # a concurrent STOP got there first
                        session.rollback()
            else:
                session.execute(delete(SmsOptOut).where(SmsOptOut.citizen_handle == handle))
                session.commit()

    # texts --------------------------------------------------------------------------------

    def help_text(self) -> str:
        phone = f" Ring {self.office_phone} i åpningstiden." if self.office_phone else ""
        return (f"Dette er SMS-tjenesten til {self.office_name}. Skriv spørsmålet ditt, så svarer en "
                f"digital assistent, og en ansatt tar over ved behov.{phone} Send STOPP for å ikke få "
                f"flere SMS, START for å slå dem på igjen, SLETT for å slette samtalen din.")

    def start_text(self) -> str:
        return f"Du får SMS fra {self.office_name} igjen. Send STOPP for å stoppe, HJELP for hjelp."

    # inbound ------------------------------------------------------------------------------

    async def inbound(self, params: FormData, background: BackgroundTasks) -> Response:
        """A validated Twilio message: store it (deduplicated), handle keywords, and leave the
        bot's turn to a background task. The same path serves the webhook and the simulator."""
        sid = (params.get("MessageSid") or params.get("SmsSid") or "").strip()
        number = normalize_number(params.get("From") or "")
        if not sid or not number:
            return PlainTextResponse("MessageSid og From mangler eller er ugyldige.", status_code=400)
        text = params.get("Body") or ""
        if len(text) > self.config.max_message_chars:
            return PlainTextResponse(f"Meldingen er for lang (over {self.config.max_message_chars} tegn).",
                                     status_code=413)
        handle = handle_for(self.config.secret_key, number)
        reply_address = encrypt_address(self.config.secret_key, number)
        if keyword(text) == "DELETE":
            # Not stored at all: the citizen's conversations are erased, and one confirmation goes
            # out (not stored either). A Twilio retry of this MessageSid erases again, harmlessly.
            background.add_task(self._guarded, self.forget, handle, reply_address)
            return empty_twiml()
        has_media = (params.get("NumMedia") or "0").strip() not in ("", "0")
        stored_text = text if text.strip() else ("[Vedlegg uten tekst]" if has_media else "[Tom melding]")

        stored = self.store(handle, stored_text, sid, reply_address)
        if stored.duplicate:
            log.info("replayed MessageSid %s: already stored, ignored", sid)
            return empty_twiml()
        if self.dev:
            self.phone.add(handle, "in", text)

        word = keyword(text)
        if word == "STOP":
            self._set_opt_out(handle, True)
            self.note(stored.conversation_id,
                      "Innbyggeren sendte STOPP: ingen SMS sendes til dette nummeret før det sender START.")
            log.info("SMS opt-out recorded (conversation %s)", stored.conversation_id)
        elif word == "START":
            self._set_opt_out(handle, False)
            background.add_task(self._guarded, self.say, stored.conversation_id, self.start_text())
        elif self.opted_out(handle):
            log.info("message %s from an opted-out number: stored, not answered", stored.message_id)
        elif word == "HELP":
            background.add_task(self._guarded, self.say, stored.conversation_id, self.help_text())
        elif not text.strip():
            pass  # nothing for the bot to answer; a person sees it if the conversation is theirs
        elif stored.state == BOT:
            stored.choice = self.choice_for(stored, text)
            background.add_task(self._guarded, self.answer, stored)
        return empty_twiml()

    def store(self, handle: str, text: str, external_id: str, reply_address: str) -> Stored:
        """The store half of ConversationService.receive, done before Twilio gets its 200."""
        received = self.service.store(CHANNEL, handle, text, external_id, reply_address)
        if received.duplicate:
            return Stored(received.conversation_id, None, duplicate=True)
        return Stored(received.conversation_id, received.message_id, BOT if received.bot_turn else "",
                      text=received.stored_text or "", received=received)

    def choice_for(self, stored: Stored, text: str) -> Optional[str]:
        """The service id when the SMS is the digit of a choice the bot's last message offered."""
        if not text.strip().isdigit():
            return None
        with self.service.db.sessions() as session:
            last = session.scalar(select(Message).where(
                Message.conversation_id == stored.conversation_id, Message.id < stored.message_id,
                Message.internal.is_(False), Message.sender != CITIZEN).order_by(Message.id.desc()).limit(1))
        choices = button_choices(last) if last is not None and last.sender == BOT_SENDER else []
        index = int(text.strip()) - 1
        return choices[index][1] if 0 <= index < len(choices) else None

    async def answer(self, stored: Stored) -> None:
        """The bot half of ConversationService.receive: Rasa answers, or staff are called."""
        await self.service.answer(stored.received, stored.choice)

    async def say(self, conversation_id: str, text: str) -> None:
        """A system message from the app (keyword replies), stored and sent."""
        service = self.service
        with service.db.sessions() as session:
            conversation = session.get(Conversation, conversation_id)
            message = Message(conversation_id=conversation_id, channel=CHANNEL, sender=SYSTEM, text=text)
            session.add(message)
            session.commit()
            service._publish(conversation, message)
        await self.deliverer.deliver(conversation, message)

    async def forget(self, handle: str, reply_address: str) -> None:
        """SLETT: every conversation of this number erased (connectors.retention), and one
        confirmation SMS, sent without being stored (no opt-out is lifted by it)."""
        erased = await forget_citizen(self.service, CHANNEL, handle, reason="sms")
        log.info("SLETT: %d conversation(s) of a number erased", erased.conversations)
        if self.dev:
            self.phone.forget(handle)  # the simulator's copy of the thread goes too
        conversation = Conversation(channel=CHANNEL, citizen_handle=handle, reply_address=reply_address)
        message = Message(channel=CHANNEL, sender=SYSTEM, text=DELETED_TEXT)  # transient: id None, never stored
        await self.deliverer.deliver(conversation, message)

    def note(self, conversation_id: str, text: str) -> None:
        """An internal line for staff (never sent)."""
        service = self.service
        with service.db.sessions() as session:
            conversation = session.get(Conversation, conversation_id)
            message = Message(conversation_id=conversation_id, channel=CHANNEL, sender=SYSTEM, text=text,
                              internal=True)
            session.add(message)
            session.commit()
            service._publish(conversation, message)

    async def _guarded(self, step, *args) -> None:
        """A background step: a crash is logged; the citizen's message is already stored."""
        try:
            await step(*args)
        except Exception:
            log.exception("SMS background step %s failed", getattr(step, "__name__", step))
            if step == self.answer and args:  # hand the message to a person rather than drop it
                stored = args[0]
                try:
                    received = stored.received or Received(stored.conversation_id, stored.message_id,
                                                           stored_text=stored.text)
                    await self.service._bot_unavailable(stored.conversation_id, received, stored.language)
                except Exception:
                    log.exception("could not hand conversation %s to staff", stored.conversation_id)

    # status callback ----------------------------------------------------------------------

    def update_status(self, sid: str, status: str) -> bool:
        status = status.strip().lower()[:20]
        with self.service.db.sessions() as session:
            message = session.scalar(select(Message).where(Message.channel == CHANNEL, Message.external_id == sid))
            if message is None:
                return False
            current = STATUS_RANK.get(message.delivery_status or "", -1)
            if STATUS_RANK.get(status, 0) >= current:
                message.delivery_status = status
                session.commit()
            return True


def channel_of(request: Request) -> SmsChannel:
    return request.app.state.sms


# -- routes ----------------------------------------------------------------------------------

async def _validated_form(request: Request, path: str) -> FormData | Response:
    channel = channel_of(request)
    try:
        params = await read_form(request)
    except BadRequest as err:
        return err.response()
    query = request.scope.get("query_string", b"").decode("latin-1")
    signature = request.headers.get("x-twilio-signature")
    if not channel.verify(channel.public(path, query), params, signature):
        log.warning("rejected %s: missing or invalid X-Twilio-Signature", path)
        return PlainTextResponse("Ugyldig eller manglende X-Twilio-Signature.", status_code=403)
    return params


@router.post(WEBHOOK_PATH)
async def twilio_webhook(request: Request, background: BackgroundTasks) -> Response:
    params = await _validated_form(request, WEBHOOK_PATH)
    if isinstance(params, Response):
        return params
    return await channel_of(request).inbound(params, background)


@router.post(STATUS_PATH)
async def twilio_status(request: Request) -> Response:
    params = await _validated_form(request, STATUS_PATH)
    if isinstance(params, Response):
        return params
    sid = (params.get("MessageSid") or params.get("SmsSid") or "").strip()
    status = (params.get("MessageStatus") or params.get("SmsStatus") or "").strip()
    if not sid or not status:
        return PlainTextResponse("MessageSid og MessageStatus mangler.", status_code=400)
    if not channel_of(request).update_status(sid, status):
        log.info("status %s for unknown MessageSid %s", status, sid)
    if params.get("ErrorCode"):
        log.warning("Twilio reports %s for %s (error %s)", status, sid, params.get("ErrorCode"))
    return Response(status_code=204)


# -- the dev simulator -----------------------------------------------------------------------

def _dev_only(request: Request) -> Optional[Response]:
    if not channel_of(request).dev:
        return PlainTextResponse("Ikke funnet", status_code=404)
    return None


@router.get("/dev/sms", response_class=HTMLResponse)
async def dev_sms_page(request: Request) -> Response:
    if (missing := _dev_only(request)) is not None:
        return missing
    return HTMLResponse((TEMPLATES_DIR / "dev_sms.html").read_text(encoding="utf-8"))


async def _dev_json(request: Request) -> dict:
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY_BYTES:
            raise BadRequest(413, "Forespørselen er for stor.")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BadRequest(400, "Forventet JSON i UTF-8.") from None
    if not isinstance(data, dict):
        raise BadRequest(400, "Forventet et JSON-objekt.")
    return data


async def _dev_phone_request(request: Request):
    """What both simulator routes start with: dev mode only, a JSON body, a valid number.
    Returns (channel, data, number), or the error response to send."""
    if (missing := _dev_only(request)) is not None:
        return missing
    try:
        data = await _dev_json(request)
    except BadRequest as err:
        return err.response()
    number = normalize_number(str(data.get("number") or ""))
    if number is None:
        return PlainTextResponse("Ugyldig telefonnummer. Skriv for eksempel 912 34 567 eller +4791234567.",
                                 status_code=400)
    return channel_of(request), data, number


@router.post("/dev/sms/send")
async def dev_sms_send(request: Request, background: BackgroundTasks) -> Response:
    """The simulator's phone sends an SMS: built and signed like Twilio's webhook request, then
    validated and handled by exactly the webhook's code."""
    prepared = await _dev_phone_request(request)
    if isinstance(prepared, Response):
        return prepared
    channel, data, number = prepared
    text = str(data.get("text") or "")
    if not text.strip():
        return PlainTextResponse("Skriv en melding.", status_code=400)
    params = FormData([("MessageSid", "SM" + secrets.token_hex(16)), ("AccountSid", "ACdev"),
                       ("From", number), ("To", "+4700000000"), ("Body", text), ("NumMedia", "0")])
    url = channel.public(WEBHOOK_PATH)
    if not channel.verify(url, params, channel.sign(url, params)):  # the webhook's own check
        return PlainTextResponse("Signaturen kunne ikke kontrolleres.", status_code=500)
    response = await channel.inbound(params, background)
    if response.status_code != 200:
        return response
    return JSONResponse({"ok": True}, background=background)


@router.post("/dev/sms/messages")
async def dev_sms_messages(request: Request) -> Response:
    """The simulated phone's thread (POST, so the number stays out of access logs)."""
    prepared = await _dev_phone_request(request)
    if isinstance(prepared, Response):
        return prepared
    channel, data, number = prepared
    try:
        after = int(data.get("after") or 0)
    except (TypeError, ValueError):
        after = 0
    handle = handle_for(channel.config.secret_key, number)
    return JSONResponse({"messages": channel.phone.messages(handle, after),
                         "opted_out": channel.opted_out(handle)})


def install(app: FastAPI) -> None:
    """Registers the SMS deliverer with the conversation service."""
    channel = SmsChannel(app.state.config, app.state.conversations, getattr(app.state, "catalog", None))
    app.state.sms = channel
    app.state.conversations.deliverers[CHANNEL] = channel.deliverer
    config = app.state.config
    if channel.dev and any((config.twilio_account_sid, config.twilio_auth_token, config.twilio_from_number)):
        log.error("SMS: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER must all be set; "
                  "with only some of them the app stays in development mode and refuses Twilio's webhooks")
    if channel.dev:
        log.warning("SMS in development mode (no TWILIO_* credentials): no real SMS is sent; "
                    "outgoing SMS is logged and the simulator is at /dev/sms")
