"""Talking to the Rasa server over HTTP (its REST channel), as the app does in production.

Citizen text is cleaned before it leaves: a leading "/" would make Rasa treat it as an intent
command and skip NLU (`/restart`, `/greet{...}`), so it is stripped; very long text is cut to
what NLU needs. Button payloads the app itself offered go through `choose`, unchanged.
"""
from __future__ import annotations

import json
import logging
import zlib
from dataclasses import dataclass, field
from typing import Any, Optional
from urllib.parse import quote

import httpx

log = logging.getLogger("servicetorg.rasa")

MAX_NLU_CHARS = 1000  # the app keeps the whole message; NLU needs no more than this


def clean_citizen_text(text: str) -> str:
    """Text a citizen typed, made safe to send to Rasa as a message (never as a command)."""
    text = text.strip()
    while text.startswith("/"):
        text = text[1:].lstrip()
    return text[:MAX_NLU_CHARS]


@dataclass
class BotReply:
    """What the assistant answered to one message."""

    texts: list[str] = field(default_factory=list)
    buttons: list[dict] = field(default_factory=list)
    detected: dict = field(default_factory=dict)  # kind, intent, service_id, aspect, confidence, ...
    handover: Optional[dict] = None  # reason, service_id, intent, confidence, last_messages

    @property
    def text(self) -> str:
        return "\n\n".join(t for t in self.texts if t)

    @classmethod
    def from_rasa(cls, messages: list[dict]) -> "BotReply":
        reply = cls()
        for message in messages:
            if message.get("text"):
                reply.texts.append(message["text"])
            reply.buttons.extend(message.get("buttons") or [])
            custom = message.get("custom") or {}
            if isinstance(custom, dict):
                reply.detected.update(custom.get("servicetorg") or {})
                if custom.get("handover"):
                    reply.handover = custom["handover"]
        return reply


class RasaUnavailable(Exception):
    """Rasa did not answer (down, timed out, or an error): the app keeps the message for a person."""


class RasaClient:
    """`base_url` may list several Rasa servers, comma-separated. Each conversation always goes
    to the same one (a stable hash of its id), so every server can keep its trackers and locks
    in memory; more servers use more cores."""

    def __init__(self, base_url: str, timeout: float = 10.0, client: Optional[httpx.AsyncClient] = None):
        self.base_urls = [url.strip().rstrip("/") for url in base_url.split(",") if url.strip()]
        self.base_url = self.base_urls[0]
        self._client = client or httpx.AsyncClient(timeout=timeout)

    def url_for(self, sender_id: str) -> str:
        return self.base_urls[zlib.crc32(sender_id.encode()) % len(self.base_urls)]

    async def close(self) -> None:
        await self._client.aclose()

    async def send(self, sender_id: str, text: str, channel: str = "web", **metadata: Any) -> BotReply:
        return await self._post(sender_id, clean_citizen_text(text), {"channel": channel, **metadata})

    async def choose(self, sender_id: str, service_id: str, channel: str = "web") -> BotReply:
        """A clarifying choice the app offered (a button), sent as Rasa's intent command."""
        payload = "/choose_service" + json.dumps({"service": service_id})
        return await self._post(sender_id, payload, {"channel": channel})

    async def healthy(self) -> bool:
        try:
            for url in self.base_urls:
                response = await self._client.get(f"{url}/status")
                if response.status_code != 200 or not response.json().get("model_file"):
                    return False
            return True
        except (httpx.HTTPError, ValueError):
            return False

    async def forget(self, sender_id: str) -> bool:
        """Empties Rasa's tracker for this conversation ("Slett samtalen min"): replaces its
        events with none (`PUT /conversations/{id}/tracker/events`, Rasa runs with
        --enable-api). Best effort: a failure is logged and False returned, never raised."""
        url = f"{self.url_for(sender_id)}/conversations/{quote(sender_id, safe='')}/tracker/events"
        try:
            response = await self._client.put(url, json=[])
            response.raise_for_status()
            return True
        except Exception as err:  # noqa: BLE001 - the store is already clean; Rasa may be down
            log.warning("could not empty Rasa's tracker for conversation %s: %s", sender_id,
                        str(err) or type(err).__name__)
            return False

    async def _post(self, sender_id: str, message: str, metadata: dict) -> BotReply:
        try:
            response = await self._client.post(
                f"{self.url_for(sender_id)}/webhooks/rest/webhook",
                json={"sender": sender_id, "message": message, "metadata": metadata},
            )
            response.raise_for_status()
            return BotReply.from_rasa(response.json())
        except (httpx.HTTPError, ValueError) as err:
            raise RasaUnavailable(str(err) or type(err).__name__) from err
