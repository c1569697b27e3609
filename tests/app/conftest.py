"""Fixtures for the app: a fresh SQLite database per test and a fake Rasa behind httpx.

FakeRasa answers like the real REST channel does (texts, buttons, the servicetorg payload and a
handover payload), from rules the test sets, and can be switched off to test Rasa being down.
"""
from __future__ import annotations

import json
from dataclasses import replace
from typing import Callable, Optional

import httpx
import pytest

from connectors.config import AppConfig
from connectors.rasa_client import RasaClient


class FakeRasa:
    def __init__(self):
        self.down = False
        self.received: list[dict] = []
        self.forgotten: list[str] = []  # conversation ids whose tracker was emptied
        self.rule: Callable[[str], list[dict]] = self.default_rule

    @staticmethod
    def default_rule(text: str) -> list[dict]:
        lowered = text.lower()
        if "menneske" in lowered or "person" in lowered:
            return [{"text": "Jeg setter deg over til en ansatt.",
                     "custom": {"servicetorg": {"kind": "handover", "intent": "request_human", "confidence": 0.97},
                                "handover": {"reason": "request_human", "service_id": None, "intent": "request_human",
                                             "confidence": 0.97, "last_messages": [text]}}}]
        if "plass" in lowered:
            return [{"text": "Mente du en av disse?",
                     "buttons": [{"title": "Barnehageplass", "payload": '/choose_service{"service": "barnehageplass"}'},
                                 {"title": "Sykehjemsplass", "payload": '/choose_service{"service": "sykehjemsplass"}'}],
                     "custom": {"servicetorg": {"kind": "clarify", "intent": "ask_description", "confidence": 0.5,
                                                "candidates": ["barnehageplass", "sykehjemsplass"]}}}]
        return [{"text": f"Svar på: {text}",
                 "custom": {"servicetorg": {"kind": "answer", "intent": "ask_price", "service_id": "sfo",
                                            "aspect": "price", "confidence": 0.91, "language": "nb"}}}]

    def handler(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        if request.url.path == "/status":
            return httpx.Response(200, json={"model_file": "fake.tar.gz"})
        if request.method == "PUT" and request.url.path.endswith("/tracker/events"):
            # "Slett samtalen min": the tracker's events replaced by none
            assert json.loads(request.content) == []
            self.forgotten.append(request.url.path.split("/")[2])
            return httpx.Response(200, json={"sender_id": self.forgotten[-1], "events": []})
        body = json.loads(request.content)
        self.received.append(body)
        return httpx.Response(200, json=self.rule(body["message"]))

    def client(self) -> RasaClient:
        return RasaClient("http://rasa.test", client=httpx.AsyncClient(transport=httpx.MockTransport(self.handler)))


@pytest.fixture
def fake_rasa() -> FakeRasa:
    return FakeRasa()


@pytest.fixture
def config(tmp_path) -> AppConfig:
    return replace(AppConfig(), database_url=f"sqlite:///{tmp_path / 'test.db'}", secret_key="test-secret",
                   public_url="http://testserver", twilio_account_sid=None, twilio_auth_token=None,
                   twilio_from_number=None)


@pytest.fixture
def app(config, fake_rasa):
    from connectors.app import create_app

    return create_app(config, brain=fake_rasa.client())


@pytest.fixture
def service(app):
    return app.state.conversations


@pytest.fixture
def make_user(app) -> Callable[..., object]:
    from connectors.models import User

    def make(username: str = "kari", role: str = "staff", display_name: Optional[str] = None):
        with app.state.db.sessions() as session:
            user = User(username=username, display_name=display_name or username.title(), role=role,
                        password_hash="!")
            session.add(user)
            session.commit()
            return user

    return make


@pytest.fixture
def always_open(app, monkeypatch):
    monkeypatch.setattr(app.state.office, "is_open", lambda at=None: True)


@pytest.fixture
def always_closed(app, monkeypatch):
    monkeypatch.setattr(app.state.office, "is_open", lambda at=None: False)
