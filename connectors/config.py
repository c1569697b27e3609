"""The app's configuration, from the environment, with embedded defaults (SQLite, local Rasa).

Production swaps in PostgreSQL by SERVICETORG_DATABASE_URL alone.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from servicetorg import settings

VAR = settings.REPO_ROOT / "var"


def _secret_key() -> str:
    """A stable secret for session cookies: from the environment, else one kept in var/."""
    if os.environ.get("SERVICETORG_SECRET_KEY"):
        return os.environ["SERVICETORG_SECRET_KEY"]
    path = VAR / "secret_key"
    if not path.exists():
        VAR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


@dataclass(frozen=True)
class AppConfig:
    database_url: str = field(default_factory=lambda: os.environ.get(
        "SERVICETORG_DATABASE_URL", f"sqlite:///{VAR / 'servicetorg.db'}"))
    rasa_url: str = field(default_factory=lambda: os.environ.get("SERVICETORG_RASA_URL", "http://127.0.0.1:5005"))
    # The address Twilio calls: signatures are computed over it, so behind a proxy set it.
    public_url: str = field(default_factory=lambda: os.environ.get("SERVICETORG_PUBLIC_URL", "http://127.0.0.1:8000"))
    secret_key: str = field(default_factory=_secret_key)
    twilio_account_sid: Optional[str] = field(default_factory=lambda: os.environ.get("TWILIO_ACCOUNT_SID"))
    twilio_auth_token: Optional[str] = field(default_factory=lambda: os.environ.get("TWILIO_AUTH_TOKEN"))
    twilio_from_number: Optional[str] = field(default_factory=lambda: os.environ.get("TWILIO_FROM_NUMBER"))
    catalog_path: Path = field(default_factory=settings.catalog_path)
    timezone: str = field(default_factory=lambda: os.environ.get("SERVICETORG_TIMEZONE", "Europe/Oslo"))
    retention_days: int = field(default_factory=lambda: int(os.environ.get("SERVICETORG_RETENTION_DAYS", "90")))
    max_message_chars: int = 4000  # longer citizen messages are refused with a clear status
    secure_cookies: bool = field(default_factory=lambda: os.environ.get("SERVICETORG_SECURE_COOKIES", "") == "1")

    @property
    def twilio_enabled(self) -> bool:
        return bool(self.twilio_account_sid and self.twilio_auth_token and self.twilio_from_number)
