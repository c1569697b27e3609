"""Conversations: every citizen message, from any channel, goes through here.

The message is stored first (nothing is lost, whatever happens next). Then, if the bot owns the
conversation, Rasa answers; if a person owns it (pending or open), the bot stays silent and the
inbox is told. A handover from the assistant, or Rasa being down, moves the conversation to
`pending` with a Handover record. Staff actions (claim, reply, note, hand back, resolve) are
here too, so the state machine lives in one place:

    bot -> pending -> open -> resolved;  open -> bot (hand back);  resolved + new message -> new conversation
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Optional, Protocol

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .db import Database
from .models import (
    BOT, BOT_SENDER, CITIZEN, OPEN, PENDING, RESOLVED, STAFF, SYSTEM,
    AuditLog, Conversation, Handover, Message, User, utcnow,
)
from .office import OfficeHours, notice
from .privacy import mask_text
from .rasa_client import BotReply, RasaClient, RasaUnavailable
from .realtime import STAFF_TOPIC, EventHub, conversation_topic
from .records import QuestionRecorder, week_of

log = logging.getLogger("servicetorg.conversations")


class Deliverer(Protocol):
    """Sends a message to the citizen on one channel (web: the widget; sms: Twilio)."""

    async def deliver(self, conversation: Conversation, message: Message) -> None: ...


class ConversationError(Exception):
    """A staff action that is not allowed in the conversation's state; the message says why."""


class ClaimConflict(ConversationError):
    def __init__(self, owner: Optional[str]):
        super().__init__(f"already claimed by {owner}" if owner else "not waiting for staff")
        self.owner = owner


@dataclass
class Received:
    conversation_id: str
    message_id: Optional[int]
    replies: list[Message] = field(default_factory=list)
    duplicate: bool = False
    bot_turn: bool = False  # from `store`: the bot owns the conversation, so `answer` should run
    stored_text: Optional[str] = None  # from `store`: the citizen's text as stored (masked)


def message_event(message: Message) -> dict:
    """How a message travels to the widget and the inbox."""
    return {
        "type": "message",
        "id": message.id,
        "conversation_id": message.conversation_id,
        "sender": message.sender,
        "text": message.text,
        "internal": message.internal,
        "created_at": message.created_at.isoformat(),
        "buttons": (message.buttons or {}).get("buttons", []),
        "kind": message.kind,
        "intent": message.intent,
        "service_id": message.service_id,
        "confidence": message.confidence,
    }


class ConversationService:
    def __init__(self, db: Database, brain: RasaClient, hub: EventHub, office: OfficeHours,
                 deliverers: Optional[dict[str, Deliverer]] = None, recorder: Optional[QuestionRecorder] = None):
        self.db = db
        self.brain = brain
        self.hub = hub
        self.office = office
        self.deliverers: dict[str, Deliverer] = deliverers or {}
        self.recorder = recorder or QuestionRecorder(zone=office.zone_name)

    # -- citizens --------------------------------------------------------------------------

    async def receive(self, channel: str, handle: str, text: str, external_id: Optional[str] = None,
                      reply_address: Optional[str] = None, choice: Optional[str] = None) -> Received:
        """A citizen's message. `choice` is a service id the citizen picked from our buttons."""
        received = self.store(channel, handle, text, external_id, reply_address)
        if received.duplicate or not received.bot_turn:
            return received
        return await self.answer(received, choice)

    def store(self, channel: str, handle: str, text: str, external_id: Optional[str] = None,
              reply_address: Optional[str] = None) -> Received:
        """The first half of `receive`: the message stored (once per external_id) and published.
        A channel that must answer its caller at once (Twilio's webhook) calls this before its
        response and `answer` afterwards."""
        with self.db.sessions() as session:
            existing = None
            if external_id:
                existing = session.scalar(select(Message.conversation_id).where(
                    Message.channel == channel, Message.external_id == external_id))
            if existing:
                return Received(existing, None, duplicate=True)
            conversation = self.active_conversation(session, channel, handle, reply_address)
            # The store keeps the masked text; only the live conversation sees what was typed.
            message = Message(conversation_id=conversation.id, channel=channel, sender=CITIZEN,
                              text=mask_text(text), external_id=external_id)
            session.add(message)
            conversation.updated_at = utcnow()
            try:
                session.commit()
            except IntegrityError:  # the same external_id stored concurrently (a retry racing us)
                session.rollback()
                existing = session.scalar(select(Message.conversation_id).where(
                    Message.channel == channel, Message.external_id == external_id))
                return Received(existing or "", None, duplicate=True)
            self._publish(conversation, message, live_text=text)
            # A person owns it (pending or open): the bot stays silent; the inbox has it live.
            return Received(conversation.id, message.id, bot_turn=conversation.state == BOT,
                            stored_text=message.text)

    async def answer(self, received: Received, choice: Optional[str] = None) -> Received:
        """The second half of `receive`: the bot's turn, if the bot still owns the conversation."""
        with self.db.sessions() as session:
            conversation = session.get(Conversation, received.conversation_id)
            if conversation is None or conversation.state != BOT:
                return received  # a person took it over meanwhile: the bot stays silent
            conversation_id, channel, language = conversation.id, conversation.channel, conversation.language
        try:
            if choice:
                reply = await self.brain.choose(conversation_id, choice, channel)
            else:
                # Rasa keeps its own tracker: it gets the masked text too.
                reply = await self.brain.send(conversation_id, received.stored_text or "", channel)
        except RasaUnavailable as err:
            log.warning("Rasa unavailable (%s); conversation %s goes to staff", err, conversation_id)
            return await self._bot_unavailable(conversation_id, received, language)
        return await self._bot_replied(conversation_id, received, reply)

    async def request_human(self, channel: str, handle: str, text: str = "Jeg vil snakke med en ansatt.",
                            reply_address: Optional[str] = None) -> Received:
        """The widget's "Snakk med en ansatt" button: a handover without asking the bot."""
        with self.db.sessions() as session:
            conversation = self.active_conversation(session, channel, handle, reply_address)
            message = Message(conversation_id=conversation.id, channel=channel, sender=CITIZEN, text=mask_text(text))
            session.add(message)
            session.flush()
            outgoing: list[Message] = []
            if conversation.state in (BOT, RESOLVED):
                recent = session.scalars(select(Message.text).where(
                    Message.conversation_id == conversation.id, Message.sender == CITIZEN,
                    Message.internal.is_(False)).order_by(Message.id.desc()).limit(5)).all()
                outgoing = self._hand_over(session, conversation, {
                    "reason": "request_human", "service_id": conversation.service_id, "intent": "request_human",
                    "confidence": 1.0, "last_messages": list(reversed(recent))})
            session.commit()
            for item in [message, *outgoing]:
                self._publish(conversation, item)
            await self._deliver(conversation, outgoing)
            return Received(conversation.id, message.id, outgoing)

    def history(self, channel: str, handle: str, limit: int = 200) -> tuple[Optional[str], str, list[dict]]:
        """The citizen's current conversation as they see it (no internal notes): for a widget
        that reconnects or reloads."""
        with self.db.sessions() as session:
            conversation = session.scalar(
                select(Conversation).where(Conversation.channel == channel, Conversation.citizen_handle == handle,
                                           Conversation.state != RESOLVED)
                .order_by(Conversation.created_at.desc()).limit(1))
            if conversation is None:
                return None, BOT, []
            rows = session.scalars(select(Message).where(Message.conversation_id == conversation.id,
                                                         Message.internal.is_(False))
                                   .order_by(Message.id.desc()).limit(limit)).all()
            return conversation.id, conversation.state, [message_event(m) for m in reversed(rows)]

    def active_conversation(self, session: Session, channel: str, handle: str,
                            reply_address: Optional[str] = None) -> Conversation:
        """The citizen's unresolved conversation on this channel, or a new one with the bot."""
        conversation = session.scalar(
            select(Conversation)
            .where(Conversation.channel == channel, Conversation.citizen_handle == handle,
                   Conversation.state != RESOLVED)
            .order_by(Conversation.created_at.desc())
            .limit(1)
        )
        if conversation is None:
            now = utcnow()
            conversation = Conversation(channel=channel, citizen_handle=handle, state=BOT,
                                        reply_address=reply_address, created_at=now, updated_at=now,
                                        week=week_of(now, self.office.zone_name))
            session.add(conversation)
            session.flush()
        elif reply_address and conversation.reply_address != reply_address:
            conversation.reply_address = reply_address
        return conversation

    async def _bot_replied(self, conversation_id: str, received: Received, reply: BotReply) -> Received:
        detected = reply.detected
        outgoing: list[Message] = []
        with self.db.sessions() as session:
            conversation = session.get(Conversation, conversation_id)
            if conversation is None or conversation.purged_at is not None:
                return received  # deleted while Rasa answered ("Slett samtalen min"): store nothing more
            bot_message = Message(
                conversation_id=conversation_id, channel=conversation.channel, sender=BOT_SENDER,
                text=reply.text, kind=detected.get("kind"), intent=detected.get("intent"),
                service_id=detected.get("service_id"), aspect=detected.get("aspect"),
                confidence=detected.get("confidence"),
                buttons={"buttons": reply.buttons} if reply.buttons else None,
            )
            session.add(bot_message)
            outgoing.append(bot_message)
            if detected.get("service_id"):
                conversation.service_id = detected["service_id"]
            if detected.get("language") in ("nb", "nn", "en"):
                conversation.language = detected["language"]
            handed_over = bool(reply.handover) and conversation.state == BOT
            if handed_over:
                outgoing += self._hand_over(session, conversation, reply.handover)
            session.flush()
            self.recorder.record_turn(session, conversation, received.stored_text, bot_message, detected, handed_over)
            session.commit()
            for message in outgoing:
                self._publish(conversation, message)
            await self._deliver(conversation, outgoing)
        return Received(conversation_id, received.message_id, outgoing)

    async def _bot_unavailable(self, conversation_id: str, received: Received, language: str) -> Received:
        with self.db.sessions() as session:
            conversation = session.get(Conversation, conversation_id)
            if conversation is None or conversation.purged_at is not None:
                return received  # deleted meanwhile: store nothing more
            outgoing = [self._system(session, conversation, notice("bot_unavailable", language))]
            if conversation.state == BOT:
                outgoing += self._hand_over(session, conversation, {"reason": "bot_unavailable"}, quiet=True)
                self.recorder.record_unavailable(session, conversation, received.stored_text)
            session.commit()
            for message in outgoing:
                self._publish(conversation, message)
            await self._deliver(conversation, outgoing)
        return Received(conversation_id, received.message_id, outgoing)

    def _hand_over(self, session: Session, conversation: Conversation, payload: dict, quiet: bool = False) -> list[Message]:
        """Bot -> pending, with the assistant's payload, and the staff told at once."""
        now = self.office.now()
        open_now = self.office.is_open(now)
        created = utcnow()
        handover = Handover(
            conversation_id=conversation.id, channel=conversation.channel,
            reason=self._reason_code(session, conversation, payload.get("reason")),
            service_id=payload.get("service_id") or conversation.service_id,
            intent=payload.get("intent"), confidence=payload.get("confidence"), payload=payload,
            outside_hours=not open_now, created_at=created, week=week_of(created, self.office.zone_name),
        )
        session.add(handover)
        conversation.state = PENDING
        conversation.escalated = True
        messages = []
        if not open_now:
            # The only out-of-office message: it replaces the "someone will take over" one.
            text = notice("handover_closed", conversation.language, when=self.office.back_at(now, conversation.language))
            messages.append(self._system(session, conversation, text))
        elif not quiet:
            messages.append(self._system(session, conversation, notice("handover_open", conversation.language)))
        session.flush()
        self.hub.publish(STAFF_TOPIC, {"type": "handover", "conversation_id": conversation.id,
                                       "reason": handover.reason, "service_id": handover.service_id,
                                       "outside_hours": handover.outside_hours})
        return messages

    @staticmethod
    def _reason_code(session: Session, conversation: Conversation, reason: Optional[str]) -> str:
        """The assistant's reason, in the office's codes: a person offered after failed turns is
        `out_of_scope` when the bot said the question was outside what it knows, else
        `low_confidence`."""
        if reason != "failed_turns":
            return reason or "unknown"
        kinds = session.scalars(select(Message.kind).where(
            Message.conversation_id == conversation.id, Message.sender == BOT_SENDER,
            Message.kind.is_not(None)).order_by(Message.id.desc()).limit(3)).all()
        return "out_of_scope" if "out_of_scope" in kinds else "low_confidence"

    def _system(self, session: Session, conversation: Conversation, text: str) -> Message:
        message = Message(conversation_id=conversation.id, channel=conversation.channel, sender=SYSTEM, text=text)
        session.add(message)
        session.flush()
        return message

    def _publish(self, conversation: Conversation, message: Message, live_text: Optional[str] = None) -> None:
        event = message_event(message)
        if live_text is not None:
            event["text"] = live_text
        if not message.internal:
            self.hub.publish(conversation_topic(conversation.id), event)
        self.hub.publish(STAFF_TOPIC, {**event, "state": conversation.state})

    async def _deliver(self, conversation: Conversation, messages: list[Message]) -> None:
        deliverer = self.deliverers.get(conversation.channel)
        for message in messages:
            if deliverer is not None and not message.internal:
                try:
                    await deliverer.deliver(conversation, message)
                except Exception:  # a send error is logged and kept in the store, never lost
                    log.exception("delivery of message %s failed", message.id)

    def record_feedback(self, conversation_id: str, message_id: int, value: int) -> bool:
        with self.db.sessions() as session:
            message = session.get(Message, message_id)
            if message is None or message.conversation_id != conversation_id or message.sender != BOT_SENDER:
                return False
            message.feedback = 1 if value > 0 else -1
            session.flush()
            self.recorder.feedback(session, message_id, message.feedback)
            conversation = session.get(Conversation, conversation_id)
            conversation.thumbs_down = session.scalar(select(Message.id).where(
                Message.conversation_id == conversation_id, Message.feedback < 0).limit(1)) is not None
            session.commit()
            return True

    # -- staff -----------------------------------------------------------------------------

    async def claim(self, conversation_id: str, user: User) -> None:
        """One owner per conversation: of two workers claiming at once, exactly one wins."""
        with self.db.sessions() as session:
            won = session.execute(
                update(Conversation)
                .where(Conversation.id == conversation_id, Conversation.state == PENDING)
                .values(state=OPEN, assignee_id=user.id, updated_at=utcnow())
            ).rowcount == 1
            if not won:
                session.rollback()
                conversation = session.get(Conversation, conversation_id)
                if conversation is None:
                    raise ConversationError("no such conversation")
                owner = conversation.assignee.display_name if conversation.assignee else None
                raise ClaimConflict(owner)
            conversation = session.get(Conversation, conversation_id)
            handover = self._open_handover(session, conversation_id)
            if handover is not None:
                handover.claimed_by, handover.claimed_at = user.id, utcnow()
                handover.claim_seconds = round(waiting_seconds(handover, handover.claimed_at))
            joined = self._system(session, conversation, notice("staff_joined", conversation.language, name=user.display_name))
            self._audit(session, user, "claim", conversation_id)
            session.commit()
            self._publish(conversation, joined)
            self.hub.publish(STAFF_TOPIC, {"type": "claimed", "conversation_id": conversation_id,
                                           "by": user.display_name})
            await self._deliver(conversation, [joined])

    async def staff_reply(self, conversation_id: str, user: User, text: str) -> Message:
        with self.db.sessions() as session:
            conversation = self._owned(session, conversation_id, user)
            # Stored masked like everything else; the citizen gets what the worker wrote.
            message = Message(conversation_id=conversation_id, channel=conversation.channel, sender=STAFF,
                              text=mask_text(text), author_id=user.id)
            session.add(message)
            handover = self._open_handover(session, conversation_id)
            if handover is not None and handover.first_reply_at is None:
                handover.first_reply_at = utcnow()
                handover.first_reply_seconds = round(waiting_seconds(handover, handover.first_reply_at))
            self._audit(session, user, "reply", conversation_id)
            session.commit()
            self._publish(conversation, message, live_text=text)
        message.text = text  # detached: what is delivered, never written back
        await self._deliver(conversation, [message])
        return message

    def note(self, conversation_id: str, user: User, text: str) -> Message:
        with self.db.sessions() as session:
            conversation = session.get(Conversation, conversation_id)
            if conversation is None or conversation.purged_at is not None:  # deleted transcripts stay deleted
                raise ConversationError("no such conversation")
            message = Message(conversation_id=conversation_id, channel=conversation.channel, sender=STAFF,
                              text=mask_text(text), internal=True, author_id=user.id)
            session.add(message)
            self._audit(session, user, "note", conversation_id)
            session.commit()
            self._publish(conversation, message)
            return message

    async def hand_back(self, conversation_id: str, user: User) -> None:
        with self.db.sessions() as session:
            conversation = self._owned(session, conversation_id, user)
            conversation.state, conversation.assignee_id = BOT, None
            handover = self._open_handover(session, conversation_id)
            if handover is not None:
                handover.resolved_at, handover.resolution_code = utcnow(), "handed_back"
            message = self._system(session, conversation, notice("handed_back", conversation.language))
            self._audit(session, user, "hand_back", conversation_id)
            session.commit()
            self._publish(conversation, message)
            await self._deliver(conversation, [message])

    async def resolve(self, conversation_id: str, user: User, resolution_code: str,
                      tagged_service_id: Optional[str] = None) -> None:
        with self.db.sessions() as session:
            conversation = session.get(Conversation, conversation_id)
            if conversation is None or conversation.state == RESOLVED:
                raise ConversationError("no open conversation to resolve")
            if conversation.state == OPEN and conversation.assignee_id != user.id:
                raise ConversationError("another worker owns this conversation")
            conversation.state, conversation.resolved_at = RESOLVED, utcnow()
            handover = self._open_handover(session, conversation_id)
            if handover is not None:
                handover.resolved_at = utcnow()
                handover.resolution_code = resolution_code
                handover.tagged_service_id = tagged_service_id or handover.service_id
            message = self._system(session, conversation, notice("resolved", conversation.language))
            self._audit(session, user, "resolve", conversation_id, f"{resolution_code} {tagged_service_id or ''}".strip())
            session.commit()
            self._publish(conversation, message)
            await self._deliver(conversation, [message])

    def _owned(self, session: Session, conversation_id: str, user: User) -> Conversation:
        conversation = session.get(Conversation, conversation_id)
        if conversation is None:
            raise ConversationError("no such conversation")
        if conversation.state != OPEN or conversation.assignee_id != user.id:
            raise ConversationError("claim the conversation first")
        return conversation

    @staticmethod
    def _open_handover(session: Session, conversation_id: str) -> Optional[Handover]:
        return session.scalar(
            select(Handover).where(Handover.conversation_id == conversation_id, Handover.resolved_at.is_(None))
            .order_by(Handover.id.desc()).limit(1)
        )

    @staticmethod
    def _audit(session: Session, user: User, action: str, conversation_id: Optional[str], detail: str = "") -> None:
        session.add(AuditLog(user_id=user.id, action=action, conversation_id=conversation_id, detail=detail or None))


def waiting_seconds(handover: Handover, now: Optional[dt.datetime] = None) -> float:
    created = handover.created_at
    if created.tzinfo is None:  # SQLite returns naive datetimes
        created = created.replace(tzinfo=dt.timezone.utc)
    return ((now or utcnow()) - created).total_seconds()
