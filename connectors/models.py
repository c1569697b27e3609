"""The store: conversations, messages, handovers, staff users and the audit log.

SQLAlchemy 2 typed models. Every query the app makes is portable between SQLite (the default)
and PostgreSQL. Schema changes go through Alembic (connectors/migrations).

Conversation states, after Chatwoot's life cycle:
  bot -> pending (waiting for staff) -> open (a worker owns it) -> resolved
  open -> bot when the worker hands back; a new message to a resolved conversation starts a new
  conversation with the bot.
"""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Optional

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

BOT, PENDING, OPEN, RESOLVED = "bot", "pending", "open", "resolved"
STATES = (BOT, PENDING, OPEN, RESOLVED)
CITIZEN, BOT_SENDER, STAFF, SYSTEM = "citizen", "bot", "staff", "system"
ROLES = ("staff", "content_owner", "admin")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def new_id() -> str:
    return uuid.uuid4().hex


class Base(DeclarativeBase):
    type_annotation_map = {dt.datetime: DateTime(timezone=True), dict[str, Any]: JSON}


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="staff")
    # For content owners: the owner e-mail in the descriptions they own.
    email: Mapped[Optional[str]] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Conversation(Base):
    __tablename__ = "conversations"
    __table_args__ = (
        Index("ix_conversations_handle_state", "channel", "citizen_handle", "state"),
        # /office: counts per week and channel over a period (covering, so no table lookups).
        Index("ix_conversations_created", "created_at", "channel", "week", "service_id", "escalated", "thumbs_down"),
        Index("ix_conversations_week", "week", "channel", "escalated", "thumbs_down"),
        Index("ix_conversations_updated", "updated_at"),  # retention
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    channel: Mapped[str] = mapped_column(String(10))  # web | sms
    # web: the widget's session id; sms: a keyed hash of the phone number (never the number).
    citizen_handle: Mapped[str] = mapped_column(String(128))
    # sms: the number, encrypted (connectors.crypto), so replies can reach it; web: None.
    reply_address: Mapped[Optional[str]] = mapped_column(String(255))
    state: Mapped[str] = mapped_column(String(10), default=BOT)
    assignee_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    service_id: Mapped[Optional[str]] = mapped_column(String(80))  # the last service talked about
    language: Mapped[str] = mapped_column(String(2), default="nb")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    resolved_at: Mapped[Optional[dt.datetime]]
    # For the office's measures, kept when the transcript is purged (aggregates stay):
    week: Mapped[Optional[dt.date]] = mapped_column(Date)  # Monday of the local week it started
    escalated: Mapped[bool] = mapped_column(Boolean, default=False)  # handed over at least once
    thumbs_down: Mapped[bool] = mapped_column(Boolean, default=False)  # an answer got a thumbs down
    # Set when the transcript was deleted (retention or the citizen's own request).
    purged_at: Mapped[Optional[dt.datetime]]

    messages: Mapped[list["Message"]] = relationship(back_populates="conversation", order_by="Message.id")
    handovers: Mapped[list["Handover"]] = relationship(back_populates="conversation", order_by="Handover.id")
    assignee: Mapped[Optional[User]] = relationship()


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (
        # Twilio retries: one inbound message per MessageSid.
        UniqueConstraint("channel", "external_id", name="uq_messages_channel_external_id"),
        Index("ix_messages_conversation", "conversation_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(10))
    sender: Mapped[str] = mapped_column(String(10))  # citizen | bot | staff | system
    text: Mapped[str] = mapped_column(Text)
    internal: Mapped[bool] = mapped_column(Boolean, default=False)  # a staff note the citizen never sees
    author_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    external_id: Mapped[Optional[str]] = mapped_column(String(64))  # Twilio MessageSid
    delivery_status: Mapped[Optional[str]] = mapped_column(String(20))
    # What the bot detected, on the bot's reply to a citizen message.
    kind: Mapped[Optional[str]] = mapped_column(String(20))
    intent: Mapped[Optional[str]] = mapped_column(String(40))
    service_id: Mapped[Optional[str]] = mapped_column(String(80))
    aspect: Mapped[Optional[str]] = mapped_column(String(20))
    confidence: Mapped[Optional[float]] = mapped_column(Float)
    buttons: Mapped[Optional[dict[str, Any]]]
    feedback: Mapped[Optional[int]] = mapped_column(Integer)  # +1 / -1 from the widget

    conversation: Mapped[Conversation] = relationship(back_populates="messages")


class Handover(Base):
    __tablename__ = "handovers"
    __table_args__ = (
        Index("ix_handovers_created", "created_at"),
        Index("ix_handovers_conversation", "conversation_id", "id"),
        # /office: handovers per reason, service and week over a period (covering)
        Index("ix_handovers_office", "created_at", "channel", "reason", "week", "outside_hours", "service_id",
              "tagged_service_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(String(30))
    service_id: Mapped[Optional[str]] = mapped_column(String(80))
    intent: Mapped[Optional[str]] = mapped_column(String(40))
    confidence: Mapped[Optional[float]] = mapped_column(Float)
    payload: Mapped[Optional[dict[str, Any]]]
    outside_hours: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    claimed_by: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    claimed_at: Mapped[Optional[dt.datetime]]
    first_reply_at: Mapped[Optional[dt.datetime]]
    resolved_at: Mapped[Optional[dt.datetime]]
    resolution_code: Mapped[Optional[str]] = mapped_column(String(30))
    tagged_service_id: Mapped[Optional[str]] = mapped_column(String(80))
    # Denormalised for the office's measures (percentiles without date arithmetic in SQL):
    week: Mapped[Optional[dt.date]] = mapped_column(Date)
    claim_seconds: Mapped[Optional[int]] = mapped_column(Integer)
    first_reply_seconds: Mapped[Optional[int]] = mapped_column(Integer)

    conversation: Mapped[Conversation] = relationship(back_populates="handovers")
    claimer: Mapped[Optional[User]] = relationship()


class QuestionCluster(Base):
    """Unanswered questions about one service that resemble each other (rapidfuzz), for the
    content owner. Closed by "description updated": later questions start a new cluster."""

    __tablename__ = "question_clusters"
    __table_args__ = (Index("ix_question_clusters_service", "service_id", "closed_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_id: Mapped[Optional[str]] = mapped_column(String(80))
    # A member's masked text and its normalised words, to show and to match. Transcript text:
    # retention replaces them with a newer member's, or clears them.
    label: Mapped[Optional[str]] = mapped_column(Text)
    key: Mapped[Optional[str]] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[Optional[dt.datetime]]
    closed_by: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    closed_catalog_version: Mapped[Optional[str]] = mapped_column(String(64))


class QuestionRecord(Base):
    """One citizen question the bot took a turn on, and how it went. Kept (without its text)
    when the transcript is purged, so the measures per service survive retention."""

    __tablename__ = "question_records"
    __table_args__ = (
        # /office: questions and unanswered per service over a period (covering: no row lookups)
        Index("ix_question_records_created", "created_at", "channel", "service_id", "unanswered_reason"),
        Index("ix_question_records_service", "service_id", "created_at", "unanswered_reason"),
        Index("ix_question_records_cluster", "cluster_id", "created_at"),
        Index("ix_question_records_conversation", "conversation_id", "id"),
        Index("ix_question_records_reply", "reply_message_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[Optional[str]] = mapped_column(ForeignKey("conversations.id", ondelete="SET NULL"))
    # The bot's reply, to find this record again on a thumbs down.
    reply_message_id: Mapped[Optional[int]] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    channel: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    week: Mapped[Optional[dt.date]] = mapped_column(Date)
    service_id: Mapped[Optional[str]] = mapped_column(String(80))
    aspect: Mapped[Optional[str]] = mapped_column(String(20))
    intent: Mapped[Optional[str]] = mapped_column(String(40))
    kind: Mapped[Optional[str]] = mapped_column(String(20))  # the bot's reply: answer, clarify, handover, ...
    confidence: Mapped[Optional[float]] = mapped_column(Float)
    language: Mapped[Optional[str]] = mapped_column(String(2))
    answered: Mapped[bool] = mapped_column(Boolean, default=True)
    # abstained | fallback | low_confidence | thumbs_down | repeated (None when answered or handed over)
    unanswered_reason: Mapped[Optional[str]] = mapped_column(String(20))
    escalated: Mapped[bool] = mapped_column(Boolean, default=False)  # this turn handed over
    text: Mapped[Optional[str]] = mapped_column(Text)  # masked; None once purged
    cluster_id: Mapped[Optional[int]] = mapped_column(ForeignKey("question_clusters.id", ondelete="SET NULL"))


class SmsOptOut(Base):
    """Numbers (hashed) that sent STOP: nothing is ever sent to them until START."""

    __tablename__ = "sms_opt_outs"

    citizen_handle: Mapped[str] = mapped_column(String(128), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CannedReply(Base):
    __tablename__ = "canned_replies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)


class AuditLog(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40))
    conversation_id: Mapped[Optional[str]] = mapped_column(String(32))
    detail: Mapped[Optional[str]] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
