"""What answers a question for `eval`, `ask` and `bench`: the served path (Rasa and its actions,
over HTTP) or the search index alone. Both give the same Outcome."""
from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from servicetorg import settings


@dataclass
class Outcome:
    reply: str
    service_id: Optional[str]
    aspect: Optional[str]
    handover: bool
    confidence: float
    candidates: tuple[str, ...] = ()
    kind: str = "answer"
    buttons: list = field(default_factory=list)


class IndexEngine:
    """The index-only assistant (catalog_index.responder): no Rasa."""

    name = "index"

    def __init__(self, catalog_path: Optional[Path] = None):
        from catalog_index import load_catalog
        from catalog_index.index import build_index
        from catalog_index.responder import Responder

        catalog = load_catalog(catalog_path or settings.catalog_path())
        self.problems = catalog.problems
        self.responder = Responder(build_index(catalog), handover_level=settings.handover_level())

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None

    def respond(self, text: str, channel: str = "web") -> Outcome:
        r = self.responder.respond(text, channel=channel)
        return Outcome(r.reply, r.service_id, r.aspect, r.handover, r.confidence, r.candidates, r.kind)


class RasaEngine:
    """The served path: Rasa NLU and dialogue, then the actions, over HTTP. Starts (and stops)
    the Rasa server and the action server unless `url` points at running ones. Each call is a
    fresh conversation."""

    name = "rasa"

    def __init__(self, url: Optional[str] = None, log_dir: Optional[Path] = None):
        self.url = url
        self.log_dir = log_dir
        self.problems: list = []
        self._stack = None
        self._loop = asyncio.new_event_loop()
        self._client = None

    def __enter__(self) -> "RasaEngine":
        from connectors.rasa_client import RasaClient
        from servicetorg.rasa_stack import RasaStack

        if self.url is None:
            self._stack = RasaStack(log_dir=self.log_dir)
            self._stack.start()
            self.url = self._stack.rasa_url
        self._client = RasaClient(self.url, timeout=30.0)
        return self

    def __exit__(self, *exc) -> None:
        if self._client is not None:
            self._loop.run_until_complete(self._client.close())
        self._loop.close()
        if self._stack is not None:
            self._stack.stop()

    def respond(self, text: str, channel: str = "web", sender_id: Optional[str] = None) -> Outcome:
        reply = self._loop.run_until_complete(self._client.send(sender_id or uuid.uuid4().hex, text, channel))
        detected = reply.detected
        kind = detected.get("kind", "answer")
        answered = kind in ("answer", "handover")
        return Outcome(
            reply=reply.text,
            service_id=detected.get("service_id") if answered else None,
            aspect=detected.get("aspect") if kind == "answer" else None,
            handover=reply.handover is not None,
            confidence=float(detected.get("confidence") or 0.0),
            candidates=tuple(detected.get("candidates") or ()),
            kind=kind,
            buttons=reply.buttons,
        )


def engine(name: str, catalog_path: Optional[Path] = None, url: Optional[str] = None):
    if name == "index":
        return IndexEngine(catalog_path)
    return RasaEngine(url=url, log_dir=settings.REPO_ROOT / "var" / "log")
