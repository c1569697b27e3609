"""FastAPI dependencies shared by the routers: the app's services and a session per request."""
from __future__ import annotations

from typing import Iterator

from fastapi import Request
from sqlalchemy.orm import Session

from .config import AppConfig
from .conversations import ConversationService
from .realtime import EventHub


def get_config(request: Request) -> AppConfig:
    return request.app.state.config


def get_service(request: Request) -> ConversationService:
    return request.app.state.conversations


def get_hub(request: Request) -> EventHub:
    return request.app.state.hub


def get_session(request: Request) -> Iterator[Session]:
    yield from request.app.state.db.session()
