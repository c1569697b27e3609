"""Staff sign-in: password hashing, users, the signed session cookie, CSRF and role checks.

Passwords are hashed with scrypt (hashlib, a random salt per password) and stored as
``scrypt$n$r$p$salt$hash`` (salt and hash in URL-safe base64). The session is a cookie signed
with the app's secret key (itsdangerous), HttpOnly, SameSite=Lax, Secure when configured, valid
for 12 hours. It carries the user id, a fingerprint of the password hash (a changed password
signs every session out) and a CSRF token. Every POST under /staff needs that token, as the form
field ``csrf_token`` or the header ``X-CSRF-Token``; the login form gets one from an anonymous
session cookie, so login CSRF is covered too.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Callable, Optional
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db import Database
from ..deps import get_session
from ..models import ROLES, User

COOKIE_NAME = "servicetorg_staff"
SESSION_MAX_AGE = 12 * 60 * 60  # seconds
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
INBOX_ROLES = ("staff", "admin")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 14, 8, 1
MIN_PASSWORD_LENGTH = 8
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")

DEMO_USERNAME = "demo"
DEMO_DISPLAY_NAME = "Demo Ansatt"


# -- passwords -----------------------------------------------------------------------------

def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32,
                          maxmem=128 * n * r * p + 1024 * 1024)


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: Optional[str]) -> bool:
    """Constant-time check of a password against a stored hash; False for anything malformed
    (such as "!", a user who cannot log in with a password)."""
    try:
        scheme, n, r, p, salt, digest = (stored or "").split("$")
        n, r, p = int(n), int(r), int(p)
        if scheme != "scrypt" or not (2 <= n <= 2 ** 20 and 1 <= r <= 32 and 1 <= p <= 16):
            return False
        expected = _unb64(digest)
        actual = _scrypt(password, _unb64(salt), n, r, p)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


_DUMMY_HASH: Optional[str] = None


def _burn_time(password: str) -> None:
    """As much work as a real check, for unknown usernames (no timing difference to probe)."""
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_password(secrets.token_urlsafe(12))
    verify_password(password, _DUMMY_HASH)


def generate_password() -> str:
    return secrets.token_urlsafe(12)


# -- users ---------------------------------------------------------------------------------

class UserError(ValueError):
    """A user that cannot be created as asked; the message says why."""


def normalize_username(username: str) -> str:
    return (username or "").strip().lower()


def create_user(session: Session, username: str, role: str, display_name: str, email: Optional[str] = None,
                password: Optional[str] = None) -> tuple[User, Optional[str]]:
    """Add a user (committed). Returns the user and the generated password when none was given
    (shown once, never stored in clear)."""
    username = normalize_username(username)
    if not USERNAME.match(username):
        raise UserError("brukernavnet må være 2–80 tegn: små bokstaver, tall, punktum, bindestrek eller understrek")
    if role not in ROLES:
        raise UserError(f"ukjent rolle {role!r}; velg en av {', '.join(ROLES)}")
    display_name = (display_name or "").strip()
    if not display_name:
        raise UserError("navnet mangler")
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise UserError(f"brukeren {username} finnes allerede")
    password, generated = _password_or_generated(password)
    user = User(username=username, display_name=display_name, role=role, email=(email or None),
                password_hash=hash_password(password))
    session.add(user)
    session.commit()
    return user, generated


def _password_or_generated(password: Optional[str]) -> tuple[str, Optional[str]]:
    """(the password to set, the generated one to show once, or None when one was given)."""
    if password is None:
        generated = generate_password()
        return generated, generated
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"passordet må ha minst {MIN_PASSWORD_LENGTH} tegn")
    return password, None


def set_password(session: Session, username: str, password: Optional[str] = None) -> tuple[User, Optional[str]]:
    user = session.scalar(select(User).where(User.username == normalize_username(username)))
    if user is None:
        raise UserError(f"brukeren {username} finnes ikke")
    password, generated = _password_or_generated(password)
    user.password_hash = hash_password(password)
    session.commit()
    return user, generated


def ensure_demo_user(db: Database) -> tuple[str, Optional[str]]:
    """The demo user ("demo", admin) with a random password the first time; (username, None)
    when it already exists (its password was printed when it was created)."""
    with db.sessions() as session:
        if session.scalar(select(User.id).where(User.username == DEMO_USERNAME)) is not None:
            return DEMO_USERNAME, None
        try:
            _, password = create_user(session, DEMO_USERNAME, "admin", DEMO_DISPLAY_NAME)
        except UserError:  # created meanwhile by another process
            return DEMO_USERNAME, None
        return DEMO_USERNAME, password


def authenticate(session: Session, username: str, password: str) -> Optional[User]:
    user = session.scalar(select(User).where(func.lower(User.username) == normalize_username(username)))
    if user is None:
        _burn_time(password)
        return None
    return user if verify_password(password, user.password_hash) else None


class LoginThrottle:
    """Per-username backoff: after `free` failed attempts in a row, each further attempt must
    wait 2^k × `base` seconds (capped); a success clears it. In-process, like the event hub."""

    def __init__(self, free: int = 5, base: float = 15.0, cap: float = 15 * 60, clock: Callable[[], float] = time.monotonic):
        self.free, self.base, self.cap, self.clock = free, base, cap, clock
        self._failures: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def blocked(self, username: str) -> bool:
        with self._lock:
            count, until = self._failures.get(normalize_username(username), (0, 0.0))
            return self.clock() < until

    def failed(self, username: str) -> None:
        key = normalize_username(username)
        with self._lock:
            count, _ = self._failures.get(key, (0, 0.0))
            count += 1
            until = 0.0
            if count >= self.free:
                until = self.clock() + min(self.cap, self.base * 2 ** (count - self.free))
            self._failures[key] = (count, until)
            if len(self._failures) > 10_000:  # never grows without bound under a spray of names
                self._failures.pop(next(iter(self._failures)))

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(normalize_username(username), None)


def login_throttle(request: Request) -> LoginThrottle:
    throttle = getattr(request.app.state, "login_throttle", None)
    if throttle is None:
        throttle = request.app.state.login_throttle = LoginThrottle()
    return throttle


# -- the session cookie --------------------------------------------------------------------

@dataclass
class StaffSession:
    csrf: str
    user_id: Optional[int] = None
    fingerprint: Optional[str] = None

    def dump(self) -> dict:
        return {"csrf": self.csrf, "uid": self.user_id, "fp": self.fingerprint}


def _serializer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.config.secret_key, salt="servicetorg.staff.session")


def fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode("utf-8")).hexdigest()[:16]


def read_session(request: Request) -> Optional[StaffSession]:
    cached = getattr(request.state, "staff_session", None)
    if cached is not None:
        return cached
    raw = request.cookies.get(COOKIE_NAME)
    if not raw:
        return None
    try:
        data = _serializer(request).loads(raw, max_age=SESSION_MAX_AGE)
    except BadSignature:  # also SignatureExpired
        return None
    if not isinstance(data, dict) or not isinstance(data.get("csrf"), str):
        return None
    staff_session = StaffSession(csrf=data["csrf"], user_id=data.get("uid"), fingerprint=data.get("fp"))
    request.state.staff_session = staff_session
    return staff_session


def new_session(user: Optional[User] = None) -> StaffSession:
    """A fresh session (and CSRF token): at login the token is rotated, so a token seen before
    login is worthless after it."""
    return StaffSession(csrf=secrets.token_urlsafe(32), user_id=user.id if user else None,
                        fingerprint=fingerprint(user) if user else None)


def set_session_cookie(request: Request, response, staff_session: StaffSession) -> None:
    response.set_cookie(
        COOKIE_NAME, _serializer(request).dumps(staff_session.dump()), max_age=SESSION_MAX_AGE, path="/",
        httponly=True, samesite="lax", secure=bool(request.app.state.config.secure_cookies),
    )
    request.state.staff_session = staff_session


def clear_session_cookie(request: Request, response) -> None:
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="lax",
                           secure=bool(request.app.state.config.secure_cookies))


def csrf_token(request: Request) -> Optional[str]:
    staff_session = read_session(request)
    return staff_session.csrf if staff_session else None


# -- dependencies --------------------------------------------------------------------------

async def verify_csrf(request: Request) -> None:
    """For every state-changing request: the session's CSRF token, in the form or a header."""
    if request.method in SAFE_METHODS:
        return
    staff_session = read_session(request)
    sent = request.headers.get(CSRF_HEADER)
    if not sent:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()  # cached on the request: the route reads it again
            value = form.get(CSRF_FIELD)
            sent = value if isinstance(value, str) else None
    if staff_session is None or not sent or not hmac.compare_digest(sent.encode(), staff_session.csrf.encode()):
        raise HTTPException(403, "Ugyldig eller manglende CSRF-token. Last inn siden på nytt og prøv igjen.")


def wants_html(request: Request) -> bool:
    return request.method == "GET" and "text/html" in request.headers.get("accept", "")


def wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def login_url(request: Request) -> str:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return f"/staff/login?next={quote(target, safe='')}"


def session_user(request: Request, session: Session) -> Optional[User]:
    staff_session = read_session(request)
    if staff_session is None or staff_session.user_id is None:
        return None
    user = session.get(User, staff_session.user_id)
    if user is None or not hmac.compare_digest(fingerprint(user), staff_session.fingerprint or ""):
        return None
    return user


def current_user(request: Request, session: Session = Depends(get_session)) -> User:
    """The signed-in user; pages redirect to the login form, everything else gets 401."""
    user = session_user(request, session)
    if user is None:
        if wants_html(request):
            raise HTTPException(303, "Logg inn", headers={"Location": login_url(request)})
        raise HTTPException(401, "Du er ikke logget inn.")
    return user


def optional_user(request: Request, session: Session = Depends(get_session)) -> Optional[User]:
    return session_user(request, session)


def require_role(*roles: str) -> Callable[..., User]:
    def dependency(user: User = Depends(current_user)) -> User:
        if user.role not in roles:
            raise HTTPException(403, "Du har ikke tilgang til dette.")
        return user

    return dependency


inbox_user = require_role(*INBOX_ROLES)
admin_user = require_role("admin")
