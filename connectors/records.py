"""Question records: what the bot was asked, whether it answered, and which service it concerned.

Every bot turn on a citizen question writes a `QuestionRecord`. A question is *unanswered* when

- the bot abstained (out of scope, or asked which service)        -> "abstained"
- it fell back (did not understand)                                -> "fallback"
- it was unsure (offered a choice of services, or answered below
  LOW_CONFIDENCE)                                                  -> "low_confidence"
- the citizen gave the answer a thumbs down                        -> "thumbs_down"
- the citizen asked the same thing again right after               -> "repeated"

A handover is not "unanswered": it is counted as escalated, from the handover records. The
unanswered ones are clustered per service (`Clusterer`) for the content owner at /content.
All text here is already masked (connectors.privacy) by the conversation service.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable, Iterable, Optional
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog_index.normalize import fold, terms, tokens

from .models import Conversation, Message, QuestionCluster, QuestionRecord, utcnow

DEFAULT_ZONE = "Europe/Oslo"
# Below this the bot's answer counts as a guess: the description probably did not say it plainly.
LOW_CONFIDENCE = 0.6
# The bot's reply kinds that answer a question (greetings, thanks and yes/no are not questions).
QUESTION_KINDS = frozenset({"answer", "clarify", "handover", "out_of_scope", "which_service", "not_understood"})
UNANSWERED_BY_KIND = {
    "out_of_scope": "abstained",
    "which_service": "abstained",
    "not_understood": "fallback",
    "clarify": "low_confidence",
}
UNANSWERED_REASONS = ("abstained", "fallback", "low_confidence", "thumbs_down", "repeated")
# A question this similar (0-100) to one of the citizen's last REPEAT_WINDOW questions is the same
# question asked again: the earlier answer did not help.
REPEAT_SIMILARITY = 85
REPEAT_WINDOW = 3
# A yes or no to the bot's own offer ("Vil du snakke med en ansatt?") is no new question.
REPLY_INTENTS = frozenset({"affirm", "deny"})
# A question joins the most similar open cluster of its service at or above this (0-100).
CLUSTER_SIMILARITY = 70
# Open clusters compared per question: the most recently active ones.
CLUSTER_CANDIDATES = 300


def week_of(moment: Optional[dt.datetime], zone: str = DEFAULT_ZONE) -> Optional[dt.date]:
    """The Monday of the local week `moment` falls in (stored, so SQL can group by it portably)."""
    if moment is None:
        return None
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=dt.timezone.utc)
    day = moment.astimezone(ZoneInfo(zone)).date()
    return day - dt.timedelta(days=day.weekday())


# Question words are stop words for search, but they tell "who may apply" from "when to apply".
QUESTION_WORDS = frozenset(fold(w) for w in (
    "hva hvem hvor hvordan når hvorfor hvilke hvilken kva kven kvar korleis kor kvifor kossen "
    "what who where how when why which").split())


def question_key(text: str, naming: Iterable[str] = (), aspect: Optional[str] = None) -> str:
    """The words that say what was asked: stemmed content terms and question words, sorted,
    without the words that merely name the service (every question about it shares those), and
    the aspect the bot saw (so "when" and "how much" about one service stay apart)."""
    skip = set(naming)
    words = {t for t in terms(text) if t not in skip} or set(terms(text))
    words |= {t for t in tokens(text) if t in QUESTION_WORDS}
    if aspect:
        words.add(f"_{aspect}")
    return " ".join(sorted(words)) or fold(text).strip()


def same_question(a: Optional[str], b: Optional[str]) -> bool:
    if not a or not b:
        return False
    key_a, key_b = question_key(a), question_key(b)
    return bool(key_a) and fuzz.token_sort_ratio(key_a, key_b) >= REPEAT_SIMILARITY


class Clusterer:
    """Puts an unanswered question into the most similar open cluster of its service, or a new one.

    Incremental, so a page never has to compare all questions with each other: each question is
    compared once, when it is recorded, with the open clusters of its service.
    """

    def __init__(self, naming_terms: Optional[Callable[[Optional[str]], frozenset[str]]] = None):
        self.naming_terms = naming_terms or (lambda service_id: frozenset())

    def assign(self, session: Session, record: QuestionRecord) -> Optional[QuestionCluster]:
        if not record.text:
            return None
        key = question_key(record.text, self.naming_terms(record.service_id), record.aspect)
        service_filter = (QuestionCluster.service_id == record.service_id if record.service_id
                          else QuestionCluster.service_id.is_(None))
        rows = session.execute(
            select(QuestionCluster.id, QuestionCluster.key)
            .where(service_filter, QuestionCluster.closed_at.is_(None), QuestionCluster.key.is_not(None))
            .order_by(QuestionCluster.last_seen_at.desc()).limit(CLUSTER_CANDIDATES)
        ).all()
        best = process.extractOne(key, {row.id: row.key for row in rows}, scorer=fuzz.token_sort_ratio,
                                  score_cutoff=CLUSTER_SIMILARITY)
        when = record.created_at or utcnow()
        if best is not None:
            cluster = session.get(QuestionCluster, best[2])
            cluster.last_seen_at = max(_aware(cluster.last_seen_at), _aware(when))
        else:
            cluster = QuestionCluster(service_id=record.service_id, label=record.text, key=key,
                                      created_at=when, last_seen_at=when)
            session.add(cluster)
            session.flush()
        record.cluster_id = cluster.id
        return cluster


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


class QuestionRecorder:
    def __init__(self, clusterer: Optional[Clusterer] = None, zone: str = DEFAULT_ZONE):
        self.clusterer = clusterer or Clusterer()
        self.zone = zone

    def record_turn(self, session: Session, conversation: Conversation, question: Optional[str],
                    reply: Message, detected: dict, handed_over: bool) -> Optional[QuestionRecord]:
        """The record of one bot turn on a citizen's (masked) question, or None when the turn
        answered no question (a greeting, a yes/no)."""
        kind = detected.get("kind")
        recent = self.last_records(session, conversation.id, REPEAT_WINDOW)
        previous = recent[0] if recent else None
        if detected.get("intent") == "choose_service":
            # The citizen picked one of the services we offered: that settles the earlier question.
            if previous is not None and previous.kind == "clarify" and kind == "answer":
                previous.service_id = detected.get("service_id") or previous.service_id
                previous.aspect = detected.get("aspect") or previous.aspect
                previous.reply_message_id = reply.id
                previous.answered, previous.unanswered_reason, previous.cluster_id = True, None, None
            return None
        if kind not in QUESTION_KINDS or detected.get("intent") in REPLY_INTENTS:
            return None
        candidates = detected.get("candidates") or []
        now = utcnow()
        record = QuestionRecord(
            conversation_id=conversation.id, reply_message_id=reply.id, channel=conversation.channel,
            created_at=now, week=week_of(now, self.zone),
            # When the bot offered a choice, the likeliest service is the one it concerns.
            service_id=detected.get("service_id") or (candidates[0] if kind == "clarify" and candidates else None),
            aspect=detected.get("aspect"), intent=detected.get("intent"), kind=kind,
            confidence=detected.get("confidence"), language=detected.get("language"),
            answered=kind == "answer" and not handed_over, escalated=handed_over or kind == "handover",
            text=question,
        )
        session.add(record)
        for earlier in recent:
            if earlier.answered and same_question(earlier.text, question):
                self.mark_unanswered(session, earlier, "repeated")
        reason = UNANSWERED_BY_KIND.get(kind)
        if kind == "answer" and (record.confidence or 0.0) < LOW_CONFIDENCE:
            reason = "low_confidence"
        if reason and not record.escalated:
            self.mark_unanswered(session, record, reason)
        return record

    def record_unavailable(self, session: Session, conversation: Conversation, question: Optional[str]) -> QuestionRecord:
        """The bot could not be asked (Rasa down): the question went to a person."""
        now = utcnow()
        record = QuestionRecord(conversation_id=conversation.id, channel=conversation.channel, created_at=now,
                                week=week_of(now, self.zone), service_id=conversation.service_id,
                                kind="unavailable", answered=False, escalated=True, text=question)
        session.add(record)
        return record

    def feedback(self, session: Session, reply_message_id: int, value: int) -> Optional[QuestionRecord]:
        """A thumbs down makes the answered question unanswered; a thumbs up takes that back."""
        record = session.scalar(select(QuestionRecord).where(QuestionRecord.reply_message_id == reply_message_id))
        if record is None:
            return None
        if value < 0 and record.answered:
            self.mark_unanswered(session, record, "thumbs_down")
        elif value > 0 and record.unanswered_reason == "thumbs_down":
            record.answered, record.unanswered_reason, record.cluster_id = True, None, None
        return record

    def mark_unanswered(self, session: Session, record: QuestionRecord, reason: str) -> None:
        record.answered, record.unanswered_reason = False, reason
        session.flush()
        self.clusterer.assign(session, record)

    @staticmethod
    def last_records(session: Session, conversation_id: str, count: int) -> list[QuestionRecord]:
        """The conversation's newest question records, newest first."""
        return list(session.scalars(select(QuestionRecord).where(QuestionRecord.conversation_id == conversation_id)
                                    .order_by(QuestionRecord.id.desc()).limit(count)))


def naming_terms_from(catalog) -> Callable[[Optional[str]], frozenset[str]]:
    """The stemmed words naming each service (titles and keywords), for `question_key`."""
    cache: dict[str, frozenset[str]] = {}

    def naming(service_id: Optional[str]) -> frozenset[str]:
        if not service_id:
            return frozenset()
        if service_id not in cache:
            service = catalog.get(service_id) if catalog is not None else None
            words: set[str] = set()
            if service is not None:
                for text in (service.title.nb, service.title.nn, *service.keywords):
                    words.update(terms(text or ""))
            cache[service_id] = frozenset(words)
        return cache[service_id]

    return naming
