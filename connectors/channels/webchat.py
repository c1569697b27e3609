"""The web chat channel: the demo municipal page at `/` and the widget's WebSocket at `/ws/chat`.

The widget (static/widget.js, embedded with one script tag) keeps a random session id in
localStorage; the citizen's handle is "web:<session>", so a reload finds the same conversation.

Protocol (JSON text frames), see docs/webchat.md:

  client -> server   {"type": "message", "text": "..."}
                     {"type": "choose", "service_id": "..."}     (only ids offered as buttons)
                     {"type": "human"}
                     {"type": "feedback", "message_id": N, "value": 1 | -1}
  server -> client   {"type": "history", "state": ..., "conversation_id": ..., "messages": [...]}
                     {"type": "message", ...}                     (conversations.message_event + "choices")
                     {"type": "typing", "on": true | false}
                     {"type": "status", "state": ..., "text": "..."}
                     {"type": "feedback", "message_id": N, "value": 1 | -1, "ok": bool}
                     {"type": "error", "text": "..."}
                     {"type": "deleted"}                          (the citizen deleted the conversation)

"Slett samtalen min": POST /chat/delete with {"session": "<id>"} (the same session id the socket
uses, in the body so it stays out of access logs) erases every conversation of that session
(connectors.retention.forget_citizen); the widget then starts a new session.

One connection = one reader loop (the citizen's frames, handled one at a time, so the bot's
answers keep their order) and one forwarder task (the conversation's live events from the
EventHub: the bot's replies, the staff's replies, system messages). Every message goes out once:
the forwarder and the catch-up after a (re)subscription skip ids already sent.
"""
from __future__ import annotations

import asyncio
import json
import logging
import re
from typing import Any, Optional

from fastapi import APIRouter, Query, Request, WebSocket
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.websockets import WebSocketState

from ..conversations import ConversationService
from ..models import BOT, CITIZEN, OPEN, PENDING, RESOLVED, Conversation
from ..paths import TEMPLATES_DIR
from ..realtime import EventHub, conversation_topic
from ..retention import forget_citizen

log = logging.getLogger("servicetorg.webchat")

router = APIRouter()

CHANNEL = "web"
SESSION_RE = re.compile(r"[A-Za-z0-9-]{16,64}")
POLICY_VIOLATION = 1008
CHOICE_PAYLOAD_RE = re.compile(r'"service"\s*:\s*"([^"]+)"')

# What the widget's status region (role="status") says when the conversation's state changes.
STATUS_TEXTS = {
    PENDING: "Du står i kø for å snakke med en ansatt.",
    OPEN: "En ansatt er med i samtalen.",
    BOT: "Du snakker med den digitale assistenten.",
    RESOLVED: "Samtalen er avsluttet.",
}
ERRORS = {
    "too_long": "Meldingen er for lang (maks {max} tegn).",
    "empty": "Meldingen er tom.",
    "invalid": "Ugyldig melding.",
    "unknown": "Ukjent meldingstype.",
    "failed": "Noe gikk galt. Prøv igjen om litt.",
}
DELETED_TEXT = "Samtalen din er slettet. Du kan starte en ny samtale."
MAX_DELETE_BODY = 1024
# The widget may be embedded on the municipality's own site, another origin than the app's: the
# delete request carries no cookie, only the session id, so any origin may send it.
DELETE_HEADERS = {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "POST, OPTIONS",
                  "Access-Control-Allow-Headers": "Content-Type", "Cache-Control": "no-store"}


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def demo_page() -> HTMLResponse:
    """A fictional municipality's page ("Fjordvik kommune") that embeds the widget."""
    return HTMLResponse((TEMPLATES_DIR / "demo.html").read_text(encoding="utf-8"))


def valid_session(session: Optional[str]) -> bool:
    return bool(session) and SESSION_RE.fullmatch(session) is not None


def button_service_id(button: dict) -> Optional[str]:
    """The service id in a clarifying button's payload (`/choose_service{"service": "sfo"}`)."""
    payload = button.get("payload") if isinstance(button, dict) else None
    if not isinstance(payload, str):
        return None
    match = CHOICE_PAYLOAD_RE.search(payload)
    return match.group(1) if match else None


def with_choices(event: dict) -> dict:
    """The message event as the widget gets it: clarifying buttons as {title, service_id}."""
    choices = []
    for button in event.get("buttons") or []:
        service_id = button_service_id(button)
        if service_id:
            choices.append({"title": str(button.get("title") or service_id), "service_id": service_id})
    return {**event, "choices": choices}


@router.options("/chat/delete", include_in_schema=False)
async def delete_preflight() -> Response:
    return Response(status_code=204, headers=DELETE_HEADERS)


@router.post("/chat/delete")
async def delete_conversation(request: Request) -> Response:
    """"Slett samtalen min": every conversation of the widget's session is erased (messages,
    question texts, handover transcripts; the counts stay), staff are told when a person was
    waiting for or handling it, and Rasa forgets its tracker. Authenticated like the socket: by
    the session id only the citizen's browser knows. JSON body, sent as application/json or
    text/plain (a cross-origin "simple" request, no preflight)."""
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_DELETE_BODY:
            return JSONResponse({"ok": False, "text": ERRORS["invalid"]}, status_code=413, headers=DELETE_HEADERS)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        data = None
    session = data.get("session") if isinstance(data, dict) else None
    if not isinstance(session, str) or not valid_session(session):
        return JSONResponse({"ok": False, "text": ERRORS["invalid"]}, status_code=400, headers=DELETE_HEADERS)
    service: ConversationService = request.app.state.conversations
    try:
        erased = await forget_citizen(service, CHANNEL, "web:" + session, reason="widget")
    except Exception:
        log.exception("web chat: deleting a conversation failed")
        return JSONResponse({"ok": False, "text": ERRORS["failed"]}, status_code=500, headers=DELETE_HEADERS)
    return JSONResponse({"ok": True, "conversations": erased.conversations, "text": DELETED_TEXT},
                        headers=DELETE_HEADERS)


@router.websocket("/ws/chat")
async def chat_socket(websocket: WebSocket, session: str = Query("")) -> None:
    await websocket.accept()
    if not valid_session(session):
        # Accepted first so the browser sees the close code (1008) and can start a new session.
        await websocket.close(code=POLICY_VIOLATION, reason="invalid session")
        return
    connection = ChatConnection(websocket, "web:" + session)
    await connection.run()


class ChatConnection:
    def __init__(self, websocket: WebSocket, handle: str):
        app = websocket.app
        self.ws = websocket
        self.handle = handle
        self.service: ConversationService = app.state.conversations
        self.hub: EventHub = app.state.hub
        self.db = app.state.db
        self.max_chars: int = app.state.config.max_message_chars
        self.send_lock = asyncio.Lock()
        self.sent: set[int] = set()
        self.conversation_id: Optional[str] = None
        self.state: str = BOT
        self.forwarder: Optional[asyncio.Task] = None
        self.closed = False
        self.peer_gone = False  # a send failed: the citizen is gone, but their queued frames are not

    # -- the connection's life ------------------------------------------------------------

    async def run(self) -> None:
        try:
            conversation_id, state, messages = self.service.history(CHANNEL, self.handle)
            self.state = state
            self.sent.update(m["id"] for m in messages)
            await self.send({"type": "history", "state": state, "conversation_id": conversation_id,
                             "messages": [with_choices(m) for m in messages]})
            if conversation_id:
                await self.follow(conversation_id)
            while True:
                frame = await self.ws.receive()
                if frame["type"] == "websocket.disconnect":
                    break
                await self.handle_frame(frame.get("text"))
        except Exception as err:  # a broken socket ends this connection only
            if not self._is_disconnect(err):
                log.exception("web chat connection failed")
        finally:
            self.closed = True
            await self._stop_forwarder()

    @staticmethod
    def _is_disconnect(err: Exception) -> bool:
        from starlette.websockets import WebSocketDisconnect

        return isinstance(err, (WebSocketDisconnect, RuntimeError, OSError)) and not isinstance(err, NotImplementedError)

    async def send(self, event: dict) -> None:
        async with self.send_lock:
            await self._send(event)

    async def _send(self, event: dict) -> None:
        if self.closed or self.peer_gone or self.ws.application_state != WebSocketState.CONNECTED:
            return
        try:
            await self.ws.send_text(json.dumps(event, ensure_ascii=False))
        except Exception as err:
            # The citizen closed the page. Frames they sent before that are still queued and
            # are processed (stored, answered on reload), so a failed send must not end the loop.
            if not self._is_disconnect(err):
                raise
            self.peer_gone = True

    async def send_message(self, event: dict) -> None:
        """A message event, once per connection, then a status event if the state changed."""
        async with self.send_lock:
            if event.get("id") in self.sent:
                return
            self.sent.add(event["id"])
            await self._send(with_choices(event))
        if event.get("sender") != CITIZEN:
            await self.check_state()

    async def check_state(self) -> None:
        if not self.conversation_id:
            return
        with self.db.sessions() as session:
            conversation = session.get(Conversation, self.conversation_id)
            state = conversation.state if conversation else BOT
        if state != self.state:
            self.state = state
            await self.send({"type": "status", "state": state, "text": STATUS_TEXTS.get(state, "")})

    # -- live events ----------------------------------------------------------------------

    async def follow(self, conversation_id: str) -> None:
        """Subscribe to the conversation's topic (again, when the id changed: the first message
        creates the conversation, a message after resolve starts a new one), then send what was
        published before the subscription existed."""
        if conversation_id == self.conversation_id and self.forwarder and not self.forwarder.done():
            return
        await self._stop_forwarder()
        self.conversation_id = conversation_id
        topic = conversation_topic(conversation_id)
        before = self.hub.subscriber_count(topic)
        self.forwarder = asyncio.create_task(self._forward(topic))
        for _ in range(100):  # the task registers its queue on its first step
            if self.hub.subscriber_count(topic) > before:
                break
            await asyncio.sleep(0)
        current_id, _state, messages = self.service.history(CHANNEL, self.handle)
        if current_id == conversation_id:
            for message in messages:
                await self.send_message(message)
        await self.check_state()

    async def _wait_sent(self, ids: set, timeout: float = 2.0) -> None:
        """Until the forwarder has sent these messages (it runs concurrently with the bot call)."""
        ids.discard(None)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not ids <= self.sent and loop.time() < deadline and self.forwarder and not self.forwarder.done():
            await asyncio.sleep(0.002)

    async def _forward(self, topic: str) -> None:
        try:
            async for event in self.hub.subscribe(topic):
                if event.get("type") == "message" and not event.get("internal"):
                    await self.send_message(event)
                elif event.get("type") == "deleted":
                    # Deleted from another tab (same session): this widget starts afresh too.
                    await self.send({"type": "deleted", "text": DELETED_TEXT})
        except asyncio.CancelledError:
            raise
        except Exception as err:
            if not self._is_disconnect(err):
                log.exception("forwarding events to the widget failed")

    async def _stop_forwarder(self) -> None:
        if self.forwarder is not None:
            self.forwarder.cancel()
            try:
                await self.forwarder
            except (asyncio.CancelledError, Exception):
                pass
            self.forwarder = None

    # -- the citizen's frames -------------------------------------------------------------

    async def handle_frame(self, raw: Optional[str]) -> None:
        if raw is None or len(raw) > self.max_chars * 8 + 1024:
            await self.error("too_long" if raw else "invalid")
            return
        try:
            data = json.loads(raw)
        except ValueError:
            await self.error("invalid")
            return
        if not isinstance(data, dict):
            await self.error("invalid")
            return
        kind = data.get("type")
        try:
            if kind == "message":
                await self.on_message(data.get("text"))
            elif kind == "choose":
                await self.on_choose(data.get("service_id"))
            elif kind == "human":
                await self.on_human()
            elif kind == "feedback":
                await self.on_feedback(data.get("message_id"), data.get("value"))
            elif kind == "ping":
                await self.send({"type": "pong"})
            else:
                await self.error("unknown")
        except Exception as err:
            if self._is_disconnect(err):
                raise
            log.exception("web chat: handling a %s frame failed", kind)
            await self.error("failed")

    async def error(self, key: str) -> None:
        await self.send({"type": "error", "text": ERRORS[key].format(max=self.max_chars)})

    async def on_message(self, text: Any) -> None:
        if not isinstance(text, str):
            await self.error("invalid")
            return
        text = text.strip()
        if not text:
            await self.error("empty")
            return
        if len(text) > self.max_chars:
            await self.error("too_long")
            return
        await self._to_bot(text)

    async def on_choose(self, service_id: Any) -> None:
        if not isinstance(service_id, str):
            return
        offered = self.offered_choices()
        if service_id not in offered:
            return  # only what the assistant offered in this conversation; anything else is ignored
        await self._to_bot(offered[service_id], choice=service_id)

    def offered_choices(self) -> dict[str, str]:
        """service id -> button title, for every clarifying button the bot offered in the
        citizen's current conversation."""
        _id, _state, messages = self.service.history(CHANNEL, self.handle)
        offered: dict[str, str] = {}
        for message in messages:
            if message.get("sender") != "bot":
                continue
            for choice in with_choices(message)["choices"]:
                offered[choice["service_id"]] = choice["title"]
        return offered

    async def _to_bot(self, text: str, choice: Optional[str] = None) -> None:
        typing = self.state not in (PENDING, OPEN)  # a person owns it: the bot stays silent
        if typing:
            await self.send({"type": "typing", "on": True})
        try:
            received = await self.service.receive(CHANNEL, self.handle, text, choice=choice)
            await self.follow(received.conversation_id)
            # The answer goes out before "typing off", so the widget never shows a gap.
            await self._wait_sent({received.message_id, *(m.id for m in received.replies if not m.internal)})
            await self.check_state()
        finally:
            if typing:
                await self.send({"type": "typing", "on": False})

    async def on_human(self) -> None:
        received = await self.service.request_human(CHANNEL, self.handle)
        await self.follow(received.conversation_id)
        await self._wait_sent({received.message_id, *(m.id for m in received.replies if not m.internal)})
        await self.check_state()

    async def on_feedback(self, message_id: Any, value: Any) -> None:
        if (not isinstance(message_id, int) or isinstance(message_id, bool)
                or value not in (1, -1) or isinstance(value, bool) or not self.conversation_id):
            await self.error("invalid")
            return
        ok = self.service.record_feedback(self.conversation_id, message_id, value)
        await self.send({"type": "feedback", "message_id": message_id, "value": value, "ok": ok})
