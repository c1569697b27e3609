"""Phone numbers: a keyed hash as the citizen's handle, and the number itself only encrypted,
because staff replies and callbacks must reach it later."""
from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken


def handle_for(secret_key: str, address: str) -> str:
    """A stable, non-reversible handle for a phone number (or any address)."""
    normalized = "".join(ch for ch in address if ch.isdigit() or ch == "+")
    return hmac.new(secret_key.encode(), normalized.encode(), hashlib.sha256).hexdigest()


def _fernet(secret_key: str) -> Fernet:
    key = hashlib.sha256(("servicetorg-address:" + secret_key).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt_address(secret_key: str, address: str) -> str:
    return _fernet(secret_key).encrypt(address.encode()).decode()


def decrypt_address(secret_key: str, token: str) -> str | None:
    try:
        return _fernet(secret_key).decrypt(token.encode()).decode()
    except (InvalidToken, ValueError):
        return None
