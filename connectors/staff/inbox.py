"""What the inbox shows: the queue, a conversation with its handover, canned replies, the audit
log; and the Norwegian labels and formats the templates use. No HTTP here (routes.py has it)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Optional
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..conversations import waiting_seconds
from ..models import (
    BOT, BOT_SENDER, CITIZEN, OPEN, PENDING, RESOLVED, STAFF, SYSTEM,
    AuditLog, CannedReply, Conversation, Handover, Message, User, utcnow,
)

REASONS = {
    "request_human": "Ba om en person",
    "own_case": "Egen sak",
    "complaint": "Klage",
    "failed_turns": "Usikker",
    "low_confidence": "Usikker",
    "uncertain": "Usikker",
    "nlu_fallback": "Usikker",
    "tjenestetrapp": "Tjenestetrapp",
    "bot_unavailable": "Assistenten utilgjengelig",
    "out_of_scope": "Utenfor det assistenten kan",
    "personal_data": "Personopplysninger i meldingen",
    "unknown": "Ukjent",
}
OUTSIDE_HOURS_LABEL = "Utenfor åpningstid"

CHANNELS = {"web": "Nettprat", "sms": "SMS"}
STATES = {BOT: "Hos assistenten", PENDING: "Venter på en ansatt", OPEN: "Åpen", RESOLVED: "Avsluttet"}
SENDERS = {CITIZEN: "Innbygger", BOT_SENDER: "Assistenten", STAFF: "Ansatt", SYSTEM: "System"}
ASPECTS = {
    "description": "beskrivelse", "price": "pris", "deadline": "frist", "documents": "dokumentasjon",
    "how_to_apply": "søknad", "processing_time": "behandlingstid", "eligibility": "hvem kan søke",
    "appeal": "klage", "contact": "kontakt", "opening_hours": "åpningstid",
}
KINDS = {"answer": "svar", "clarify": "oppklaring", "handover": "overføring", "out_of_scope": "utenfor tema",
         "smalltalk": "småprat", "greeting": "hilsen", "fallback": "forstod ikke"}

# Resolution codes (stored) and their labels. "handed_back" is set by a hand back, not chosen.
RESOLUTIONS = {
    "answered": "Besvart",
    "forwarded": "Videresendt",
    "called_back": "Ringt opp",
    "no_response": "Ingen respons",
    "other": "Annet",
}
AUDIT_ACTIONS = {
    "claim": "Tok samtalen", "reply": "Svarte innbygger", "note": "Skrev internt notat",
    "hand_back": "Ga tilbake til assistenten", "resolve": "Avsluttet samtalen", "login": "Logget inn",
    "logout": "Logget ut", "login_failed": "Mislykket innlogging", "canned_add": "La til ferdigsvar",
    "deleted_by_citizen": "Innbyggeren slettet samtalen", "purge": "Slettet utløpte samtaler (lagringstid)",
}

DEFAULT_CANNED = [
    ("Hilsen", "Hei, takk for at du venter! Jeg ser på saken din nå."),
    ("Trenger mer informasjon", "Kan du fortelle litt mer om hva saken gjelder, så hjelper jeg deg videre?"),
    ("Ikke send personopplysninger",
     "Av hensyn til personvernet: ikke skriv fødselsnummer, helseopplysninger eller andre sensitive opplysninger her."),
    ("Ring oss", "Dette er enklest å ta på telefon. Ring servicetorget i åpningstiden, så hjelper vi deg."),
    ("Sendt videre", "Jeg har sendt saken din videre til riktig avdeling. De tar kontakt med deg."),
    ("Avslutning", "Takk for praten! Ta gjerne kontakt igjen hvis det er noe mer."),
]


def reason_label(reason: Optional[str]) -> str:
    return REASONS.get(reason or "", reason or "Ukjent")


def waiting_label(seconds: float) -> str:
    minutes = int(max(0, seconds) // 60)
    if minutes < 1:
        return "under 1 min"
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} t {minutes} min" if minutes else f"{hours} t"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} t" if hours else f"{days} d"


def aware(moment: Optional[dt.datetime]) -> Optional[dt.datetime]:
    if moment is not None and moment.tzinfo is None:  # SQLite returns naive UTC
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment


def local_time(moment: Optional[dt.datetime], zone: ZoneInfo, with_date: bool = True) -> str:
    moment = aware(moment)
    if moment is None:
        return ""
    local = moment.astimezone(zone)
    today = dt.datetime.now(zone).date()
    if not with_date or local.date() == today:
        return local.strftime("%H:%M")
    return local.strftime("%d.%m.%Y %H:%M")


def service_title(catalog, service_id: Optional[str]) -> str:
    if not service_id:
        return ""
    service = catalog.get(service_id) if catalog is not None else None
    return service.title.get("nb") if service is not None else service_id


def service_choices(catalog) -> list[tuple[str, str]]:
    if catalog is None:
        return []
    return sorted(((s.id, s.title.get("nb")) for s in catalog), key=lambda pair: pair[1].lower())


@dataclass
class QueueItem:
    conversation: Conversation
    handover: Optional[Handover]
    waiting: float
    last_citizen_text: str
    service_id: Optional[str]
    assignee: Optional[str] = None


@dataclass
class Queue:
    pending: list[QueueItem] = field(default_factory=list)
    mine: list[QueueItem] = field(default_factory=list)
    others: list[QueueItem] = field(default_factory=list)


def _last_citizen_text(session: Session, conversation_id: str) -> str:
    text = session.scalar(select(Message.text).where(
        Message.conversation_id == conversation_id, Message.sender == CITIZEN)
        .order_by(Message.id.desc()).limit(1))
    return text or ""


def open_handover(session: Session, conversation_id: str) -> Optional[Handover]:
    return session.scalar(select(Handover).where(Handover.conversation_id == conversation_id,
                                                 Handover.resolved_at.is_(None))
                          .order_by(Handover.id.desc()).limit(1))


def latest_handover(session: Session, conversation_id: str) -> Optional[Handover]:
    return session.scalar(select(Handover).where(Handover.conversation_id == conversation_id)
                          .order_by(Handover.id.desc()).limit(1))


def load_queue(session: Session, user: User, now: Optional[dt.datetime] = None) -> Queue:
    """Pending handovers, oldest first (longest waiting on top); my open conversations; and the
    ones other workers have."""
    now = now or utcnow()
    queue = Queue()
    conversations = session.scalars(select(Conversation).where(Conversation.state.in_((PENDING, OPEN)))).all()
    for conversation in conversations:
        handover = open_handover(session, conversation.id) or latest_handover(session, conversation.id)
        since = handover.created_at if handover else conversation.updated_at
        waiting = waiting_seconds(handover, now) if handover else (now - aware(since)).total_seconds()
        item = QueueItem(
            conversation=conversation, handover=handover, waiting=waiting,
            last_citizen_text=_last_citizen_text(session, conversation.id),
            service_id=(handover.service_id if handover and handover.service_id else conversation.service_id),
            assignee=conversation.assignee.display_name if conversation.assignee else None,
        )
        if conversation.state == PENDING:
            queue.pending.append(item)
        elif conversation.assignee_id == user.id:
            queue.mine.append(item)
        else:
            queue.others.append(item)
    for items in (queue.pending, queue.mine, queue.others):
        items.sort(key=lambda item: item.waiting, reverse=True)
    return queue


@dataclass
class ConversationView:
    conversation: Conversation
    messages: list[Message]
    handover: Optional[Handover]
    handovers: list[Handover]
    authors: dict[int, str]
    outside_hours: bool
    guess_service_id: Optional[str]


def load_conversation(session: Session, conversation_id: str) -> Optional[ConversationView]:
    conversation = session.get(Conversation, conversation_id)
    if conversation is None:
        return None
    messages = session.scalars(select(Message).where(Message.conversation_id == conversation_id)
                               .order_by(Message.id)).all()
    handovers = session.scalars(select(Handover).where(Handover.conversation_id == conversation_id)
                                .order_by(Handover.id)).all()
    current = open_handover(session, conversation_id) or (handovers[-1] if handovers else None)
    author_ids = {m.author_id for m in messages if m.author_id}
    authors = {}
    if author_ids:
        authors = dict(session.execute(select(User.id, User.display_name).where(User.id.in_(author_ids))).all())
    guess = (current.service_id if current and current.service_id else None) or conversation.service_id
    return ConversationView(conversation, list(messages), current, list(handovers), authors,
                            outside_hours=any(h.outside_hours for h in handovers), guess_service_id=guess)


def messages_after(session: Session, conversation_id: str, after: int) -> tuple[list[Message], dict[int, str]]:
    messages = session.scalars(select(Message).where(Message.conversation_id == conversation_id, Message.id > after)
                               .order_by(Message.id)).all()
    author_ids = {m.author_id for m in messages if m.author_id}
    authors = {}
    if author_ids:
        authors = dict(session.execute(select(User.id, User.display_name).where(User.id.in_(author_ids))).all())
    return list(messages), authors


def canned_replies(session: Session) -> list[CannedReply]:
    """The canned replies; the first use seeds a few common ones."""
    if not session.scalar(select(func.count(CannedReply.id))):
        session.add_all(CannedReply(title=title, text=text) for title, text in DEFAULT_CANNED)
        session.commit()
    return list(session.scalars(select(CannedReply).order_by(CannedReply.title)).all())


def audit_entries(session: Session, limit: int = 500) -> list[tuple[AuditLog, Optional[str]]]:
    rows = session.execute(
        select(AuditLog, User.display_name).outerjoin(User, User.id == AuditLog.user_id)
        .order_by(AuditLog.id.desc()).limit(limit)).all()
    return [(row[0], row[1]) for row in rows]


def detection(message: Message) -> dict[str, Any]:
    """What the bot detected on its reply, for the transcript."""
    return {
        "kind": KINDS.get(message.kind or "", message.kind),
        "intent": message.intent,
        "service_id": message.service_id,
        "aspect": ASPECTS.get(message.aspect or "", message.aspect),
        "confidence": None if message.confidence is None else f"{round(message.confidence * 100)} %",
    }
