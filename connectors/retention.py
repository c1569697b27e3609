"""Retention and erasure: deleting transcripts while the office's aggregates stay.

Two ways a transcript goes:

- **retention** (`purge`, run by `servicetorg purge` from cron or a systemd timer): every
  conversation untouched for `AppConfig.retention_days` (90 by default);
- **the citizen's own request** (`forget_citizen`): "Slett samtalen min" in the widget, or the
  SMS keyword SLETT.

Erasing a conversation (`erase_conversations`):

- deletes every Message (citizen, bot, staff replies, internal notes, system lines);
- clears `QuestionRecord.text` (the record stays: service, kind, answered, week, ...);
- keeps only `reason`, `service_id`, `intent` and `confidence` in `Handover.payload` (the
  assistant's `last_messages` and any other text go);
- clears the conversation's `reply_address` (the encrypted phone number) and replaces its
  `citizen_handle` with "purged", so nothing links it to the citizen any more, and sets
  `purged_at`. The row stays, with channel, created_at, week, escalated, thumbs_down and
  service_id, for /office. A conversation that was still going is resolved, and its open
  handover closed with resolution code "deleted";
- repairs the question clusters (/content) whose label and key were the erased text: they get
  the newest remaining member's text, or none.

The audit log holds no transcript text (actions, a resolution code, a canned reply's title, a
user name): it is left as it is, and gets one line per deletion (without text).

Portable SQL only (SQLite and PostgreSQL): bulk UPDATE/DELETE with IN over chunks of ids.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, Optional, Sequence

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from .models import (
    OPEN, PENDING, RESOLVED, AuditLog, Conversation, Handover, Message, QuestionCluster, QuestionRecord, utcnow,
)
from .realtime import STAFF_TOPIC, conversation_topic
from .records import question_key

if TYPE_CHECKING:  # pragma: no cover
    from .conversations import ConversationService
    from .db import Database

log = logging.getLogger("servicetorg.retention")

CHUNK = 500  # ids per IN (...): well below SQLite's and PostgreSQL's parameter limits
PURGED_HANDLE = "purged"
DELETED_RESOLUTION = "deleted"
# What a handover payload may keep: codes and numbers, never text the citizen or the bot wrote.
PAYLOAD_KEEP = ("reason", "service_id", "intent", "confidence")

NamingTerms = Callable[[Optional[str]], frozenset]


def _no_naming(_service_id: Optional[str]) -> frozenset:
    return frozenset()


def chunks(items: Sequence, size: int = CHUNK) -> Iterable[list]:
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start:start + size]


@dataclass
class PurgeResult:
    conversations: int = 0
    messages: int = 0


@dataclass
class Erased(PurgeResult):
    """What `erase_conversations` did; `interrupted` lists the conversations a person was
    waiting for or handling (id, state before), so staff can be told."""

    ids: list[str] = field(default_factory=list)
    interrupted: list[tuple[str, str]] = field(default_factory=list)

    def add(self, other: "Erased") -> None:
        self.conversations += other.conversations
        self.messages += other.messages
        self.ids += other.ids
        self.interrupted += other.interrupted


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def strip_payload(payload: Optional[dict]) -> Optional[dict]:
    """A handover payload without transcript text: the codes and numbers the office counts."""
    if not isinstance(payload, dict):
        return None
    kept = {key: payload[key] for key in PAYLOAD_KEEP
            if key in payload and (payload[key] is None or isinstance(payload[key], (str, int, float, bool)))}
    return kept or None


def erase_conversations(session: Session, conversation_ids: Iterable[str], reason: str,
                        now: Optional[dt.datetime] = None, naming_terms: Optional[NamingTerms] = None) -> Erased:
    """Deletes the transcripts of these conversations and keeps their rows for the aggregates.
    Flushes but does not commit: the caller commits (all of it, or nothing)."""
    now = _aware(now or utcnow()).astimezone(dt.timezone.utc)
    naming = naming_terms or _no_naming
    ids = list(dict.fromkeys(i for i in conversation_ids if i))
    result = Erased()
    for chunk in chunks(ids):
        result.add(_erase_chunk(session, chunk, now, naming))
    session.flush()
    if result.conversations:
        log.info("erased %d conversation(s), %d message(s) (%s)", result.conversations, result.messages, reason)
    return result


def _erase_chunk(session: Session, ids: list[str], now: dt.datetime, naming: NamingTerms) -> Erased:
    session.flush()  # pending ORM changes first, so the bulk statements see them
    rows = session.execute(select(Conversation.id, Conversation.state).where(Conversation.id.in_(ids))).all()
    ids = [row.id for row in rows]
    if not ids:
        return Erased()
    interrupted = [(row.id, row.state) for row in rows if row.state in (PENDING, OPEN)]
    unresolved = [row.id for row in rows if row.state != RESOLVED]

    # Question records: the text goes, the record stays. Remember the texts for the clusters.
    erased = session.execute(
        select(QuestionRecord.cluster_id, QuestionRecord.text)
        .where(QuestionRecord.conversation_id.in_(ids), QuestionRecord.text.is_not(None))).all()
    erased_texts = {row.text for row in erased}
    candidate_clusters = {row.cluster_id for row in erased if row.cluster_id is not None}
    session.execute(update(QuestionRecord).where(QuestionRecord.conversation_id.in_(ids))
                    .values(text=None, reply_message_id=None).execution_options(synchronize_session=False))

    # Messages: all of them (citizen, bot, staff replies, internal notes, system lines).
    messages = session.scalar(select(func.count(Message.id)).where(Message.conversation_id.in_(ids))) or 0
    session.execute(delete(Message).where(Message.conversation_id.in_(ids))
                    .execution_options(synchronize_session=False))

    # Handovers: the payload keeps only codes and numbers; an open one is closed.
    for handover in session.scalars(select(Handover).where(Handover.conversation_id.in_(ids))):
        stripped = strip_payload(handover.payload)
        if stripped != handover.payload:
            handover.payload = stripped
        if handover.resolved_at is None and handover.conversation_id in unresolved:
            handover.resolved_at, handover.resolution_code = now, DELETED_RESOLUTION
            handover.tagged_service_id = handover.tagged_service_id or handover.service_id
    session.flush()

    # The conversation row stays for /office, unlinked from the citizen.
    session.execute(update(Conversation).where(Conversation.id.in_(ids))
                    .values(reply_address=None, citizen_handle=PURGED_HANDLE, purged_at=now,
                            updated_at=Conversation.updated_at)  # not "now": keep when it was last active
                    .execution_options(synchronize_session=False))
    if unresolved:
        session.execute(update(Conversation).where(Conversation.id.in_(unresolved))
                        .values(state=RESOLVED, resolved_at=now, updated_at=Conversation.updated_at)
                        .execution_options(synchronize_session=False))

    _repair_clusters(session, candidate_clusters, erased_texts, naming)
    # Objects of these rows already in the session would be stale after the bulk statements.
    for obj in list(session.identity_map.values()):
        if isinstance(obj, (Conversation, Message, QuestionRecord)):
            session.expire(obj)
    return Erased(conversations=len(ids), messages=messages, ids=ids, interrupted=interrupted)


def _repair_clusters(session: Session, candidates: set[int], erased_texts: set[str], naming: NamingTerms) -> None:
    """Clusters whose label (and key, made from the same text) was erased text get the newest
    remaining member's text, or none. A cluster's label is the text of the question that
    started it, which may since have left the cluster (a thumbs up), so clusters are found by
    membership and by the label itself."""
    if not erased_texts:
        return
    for texts in chunks(sorted(erased_texts)):
        candidates.update(session.scalars(select(QuestionCluster.id).where(QuestionCluster.label.in_(texts))))
    for cluster_ids in chunks(sorted(candidates)):
        for cluster in session.scalars(select(QuestionCluster).where(QuestionCluster.id.in_(cluster_ids))):
            if cluster.label is not None and cluster.label not in erased_texts:
                continue  # its label came from a question that is still there
            newest = session.execute(
                select(QuestionRecord.text, QuestionRecord.aspect)
                .where(QuestionRecord.cluster_id == cluster.id, QuestionRecord.text.is_not(None))
                .order_by(QuestionRecord.created_at.desc(), QuestionRecord.id.desc()).limit(1)).first()
            # The key as the Clusterer makes it for a new question (connectors.records).
            cluster.label = newest.text if newest else None
            cluster.key = question_key(newest.text, naming(cluster.service_id), newest.aspect) if newest else None
    session.flush()


# -- retention ----------------------------------------------------------------------------------

def _expired(cutoff: dt.datetime):
    return (Conversation.updated_at < cutoff, Conversation.purged_at.is_(None))


def purge(db: "Database", days: int, now: Optional[dt.datetime] = None, dry_run: bool = False,
          naming_terms: Optional[NamingTerms] = None, batch: int = CHUNK) -> PurgeResult:
    """Erases the transcripts of conversations last active more than `days` days ago.
    Idempotent: a purged conversation is never counted again. Commits per batch, so a large
    purge never holds one long transaction; `dry_run` counts and changes nothing."""
    if days < 0:
        raise ValueError("days must be 0 or more")
    now = _aware(now or utcnow()).astimezone(dt.timezone.utc)
    cutoff = now - dt.timedelta(days=days)
    with db.sessions() as session:
        if dry_run:
            expired = select(Conversation.id).where(*_expired(cutoff))
            conversations = session.scalar(select(func.count()).select_from(expired.subquery())) or 0
            messages = session.scalar(select(func.count(Message.id)).where(
                Message.conversation_id.in_(expired))) or 0
            return PurgeResult(conversations, messages)
        total = PurgeResult()
        while True:
            ids = session.scalars(select(Conversation.id).where(*_expired(cutoff))
                                  .order_by(Conversation.updated_at).limit(batch)).all()
            if not ids:
                break
            erased = erase_conversations(session, ids, "retention", now=now, naming_terms=naming_terms)
            session.commit()
            total.conversations += erased.conversations
            total.messages += erased.messages
        if total.conversations:
            session.add(AuditLog(user_id=None, action="purge", detail=(
                f"{total.conversations} samtaler og {total.messages} meldinger slettet "
                f"(eldre enn {days} dager)")))
            session.commit()
        return total


# -- the citizen's own request ------------------------------------------------------------------

def citizen_conversation_ids(session: Session, channel: str, handle: str) -> list[str]:
    return list(session.scalars(select(Conversation.id).where(
        Conversation.channel == channel, Conversation.citizen_handle == handle)))


def erase_citizen(db: "Database", channel: str, handle: str, reason: str = "citizen",
                  naming_terms: Optional[NamingTerms] = None) -> Erased:
    """Every conversation of this citizen (channel + handle), erased and committed."""
    if not handle or handle == PURGED_HANDLE:
        return Erased()
    with db.sessions() as session:
        ids = citizen_conversation_ids(session, channel, handle)
        erased = erase_conversations(session, ids, reason, naming_terms=naming_terms)
        for conversation_id in erased.ids:
            session.add(AuditLog(user_id=None, action="deleted_by_citizen", conversation_id=conversation_id,
                                 detail=reason))
        session.commit()
        return erased


async def forget_citizen(service: "ConversationService", channel: str, handle: str,
                         reason: str = "citizen") -> Erased:
    """"Slett samtalen min": the citizen's conversations erased in the store, staff told about
    any a person was waiting for or handling, open widgets told, and the Rasa trackers emptied
    (best effort: a Rasa failure is logged, the store is already clean)."""
    naming = getattr(getattr(service.recorder, "clusterer", None), "naming_terms", None)
    erased = erase_citizen(service.db, channel, handle, reason, naming_terms=naming)
    for conversation_id in erased.ids:
        service.hub.publish(conversation_topic(conversation_id), {"type": "deleted", "conversation_id": conversation_id})
    for conversation_id, state in erased.interrupted:
        service.hub.publish(STAFF_TOPIC, {"type": "deleted", "conversation_id": conversation_id,
                                          "previous_state": state, "state": RESOLVED, "reason": reason})
    forget = getattr(service.brain, "forget", None)
    if forget is not None:
        for conversation_id in erased.ids:
            await forget(conversation_id)
    return erased
