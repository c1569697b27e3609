"""The staff inbox at /staff: sign-in, the queue, a conversation (claim, reply, note, hand back,
resolve), canned replies, the audit log, and a live event stream (SSE) for the queue and the
transcript.

Pages are server-rendered (Jinja2); a little JS (static/staff.js) keeps them live. Every POST
needs the session's CSRF token (a router-wide dependency) and answers forms with a redirect
(Post/Redirect/Get) or, when the request accepts JSON, with JSON. The state machine itself is
in connectors.conversations; this module only checks who may do what and shows the result.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Optional
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from ..conversations import ClaimConflict, ConversationError, ConversationService, waiting_seconds
from ..deps import get_service, get_session
from ..models import OPEN, PENDING, RESOLVED, AuditLog, CannedReply, User
from ..paths import TEMPLATES_DIR
from ..realtime import STAFF_TOPIC
from . import auth, inbox
from .auth import INBOX_ROLES, admin_user, current_user, inbox_user, optional_user, verify_csrf, wants_json

log = logging.getLogger("servicetorg.staff")

router = APIRouter(prefix="/staff", dependencies=[Depends(verify_csrf)])
templates = Jinja2Templates(directory=str(TEMPLATES_DIR))

HEARTBEAT_SECONDS = 15.0
STREAM_SECONDS = 600.0  # then the browser reconnects (and the session is checked again)
LOGIN_FAILED = "Innloggingen mislyktes. Sjekk brukernavn og passord. Etter flere feil forsøk må du vente litt."

STATUS_MESSAGES = {
    "claimed": "Du har tatt samtalen. Innbyggeren ser at du er med.",
    "replied": "Svaret er sendt.",
    "noted": "Det interne notatet er lagret.",
    "handed_back": "Samtalen er gitt tilbake til assistenten.",
    "resolved": "Samtalen er avsluttet.",
    "logged_out": "Du er logget ut.",
    "canned_added": "Ferdigsvaret er lagt til.",
    "description_updated": "Gruppen er lukket. Nye spørsmål etter oppdateringen havner i nye grupper.",
}
ERRORS = {
    "claim the conversation first": "Du må ta samtalen før du kan gjøre dette.",
    "no open conversation to resolve": "Samtalen er allerede avsluttet.",
    "another worker owns this conversation": "En annen ansatt har denne samtalen.",
    "not waiting for staff": "Samtalen venter ikke lenger på en ansatt.",
}
SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


# -- helpers -------------------------------------------------------------------------------

def _zone(request: Request) -> ZoneInfo:
    return ZoneInfo(request.app.state.config.timezone)


def render(request: Request, name: str, context: dict, status_code: int = 200,
           user: Optional[User] = None) -> HTMLResponse:
    catalog = getattr(request.app.state, "catalog", None)
    zone = _zone(request)
    base = {
        "user": user,
        "csrf_token": auth.csrf_token(request) or "",
        "status_message": STATUS_MESSAGES.get(request.query_params.get("status", "")),
        "fmt_time": lambda moment, with_date=True: inbox.local_time(moment, zone, with_date),
        "iso": lambda moment: (inbox.aware(moment).isoformat() if moment else ""),
        "service_title": lambda service_id: inbox.service_title(catalog, service_id),
        "reason_label": inbox.reason_label,
        "waiting_label": inbox.waiting_label,
        "channels": inbox.CHANNELS,
        "states": inbox.STATES,
        "senders": inbox.SENDERS,
        "outside_hours_label": inbox.OUTSIDE_HOURS_LABEL,
        "is_admin": bool(user and user.role == "admin"),
    }
    return templates.TemplateResponse(request, name, {**base, **context}, status_code=status_code,
                                      headers=SECURITY_HEADERS)


def forbidden_page(request: Request, user: User) -> HTMLResponse:
    return render(request, "staff_forbidden.html", {"title": "Ingen tilgang"}, status_code=403, user=user)


def _safe_next(target: Optional[str]) -> str:
    if target and target.startswith(("/staff", "/office", "/content")) and not target.startswith("//") \
            and "\\" not in target:
        return target
    return "/staff"


def _redirect(url: str, **query: str) -> RedirectResponse:
    return RedirectResponse(url + (f"?{urlencode(query)}" if query else ""), status_code=303)


def _conversation_url(conversation_id: str) -> str:
    return f"/staff/conversations/{conversation_id}"


# -- sign-in -------------------------------------------------------------------------------

@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: Optional[str] = None, user: Optional[User] = Depends(optional_user)):
    if user is not None:
        return _redirect(_safe_next(next))
    staff_session = auth.read_session(request)
    fresh = staff_session is None
    if fresh:
        staff_session = auth.new_session()
        request.state.staff_session = staff_session
    response = render(request, "staff_login.html", {"title": "Logg inn", "next": _safe_next(next), "error": None,
                                                    "username": ""})
    if fresh:
        auth.set_session_cookie(request, response, staff_session)
    return response


@router.post("/login")
def login(request: Request, username: str = Form(""), password: str = Form(""), next: str = Form("/staff"),
          session: Session = Depends(get_session)):
    throttle = auth.login_throttle(request)
    user = None
    if username and password and not throttle.blocked(username):
        user = auth.authenticate(session, username, password)
    if user is None:
        throttle.failed(username)
        session.add(AuditLog(user_id=None, action="login_failed", detail=f"brukernavn: {username[:80]}"))
        session.commit()
        if wants_json(request):
            return JSONResponse({"error": LOGIN_FAILED}, status_code=401)
        return render(request, "staff_login.html", {"title": "Logg inn", "next": _safe_next(next),
                                                    "error": LOGIN_FAILED, "username": username[:80]},
                      status_code=401)
    throttle.succeeded(username)
    session.add(AuditLog(user_id=user.id, action="login"))
    session.commit()
    target = _safe_next(next)
    if user.role not in INBOX_ROLES and target.startswith("/staff"):
        target = "/content"  # a content owner's page is the unanswered questions, not the inbox
    response = JSONResponse({"ok": True, "next": target}) if wants_json(request) else _redirect(target)
    auth.set_session_cookie(request, response, auth.new_session(user))  # a new CSRF token at sign-in
    return response


@router.post("/logout")
def logout(request: Request, user: Optional[User] = Depends(optional_user), session: Session = Depends(get_session)):
    if user is not None:
        session.add(AuditLog(user_id=user.id, action="logout"))
        session.commit()
    response = JSONResponse({"ok": True}) if wants_json(request) else _redirect("/staff/login", status="logged_out")
    auth.clear_session_cookie(request, response)
    return response


# -- the queue -----------------------------------------------------------------------------

@router.get("", response_class=HTMLResponse)
def queue_page(request: Request, user: User = Depends(current_user), session: Session = Depends(get_session)):
    if user.role not in INBOX_ROLES:
        return forbidden_page(request, user)
    queue = inbox.load_queue(session, user)
    return render(request, "staff_queue.html", {"title": "Innboks", "queue": queue}, user=user)


@router.get("/queue", response_class=HTMLResponse)
def queue_fragment(request: Request, user: User = Depends(inbox_user), session: Session = Depends(get_session)):
    """The three lists alone: the page's script swaps them in on every event."""
    if wants_json(request):
        queue = inbox.load_queue(session, user)
        return JSONResponse({name: [{"conversation_id": i.conversation.id, "channel": i.conversation.channel,
                        "state": i.conversation.state, "reason": i.handover.reason if i.handover else None,
                        "outside_hours": bool(i.handover and i.handover.outside_hours),
                        "service_id": i.service_id, "waiting_seconds": round(i.waiting),
                        "assignee": i.assignee} for i in getattr(queue, name)]
                for name in ("pending", "mine", "others")})
    return render(request, "staff_queue_list.html", {"queue": inbox.load_queue(session, user)}, user=user)


@router.get("/events")
async def events(request: Request):
    """Server-sent events from the staff topic: handovers, claims and every message, so the
    queue and an open transcript update without a reload. A comment every 15 s keeps proxies
    from closing the stream."""
    with request.app.state.db.sessions() as session:  # not a request-long session: streams are long
        user = auth.session_user(request, session)
        role = user.role if user else None
    if user is None:
        raise HTTPException(401, "Du er ikke logget inn.")
    if role not in INBOX_ROLES:
        raise HTTPException(403, "Du har ikke tilgang til dette.")
    hub = request.app.state.hub
    heartbeat, lifetime = HEARTBEAT_SECONDS, STREAM_SECONDS

    async def stream():
        inbox_queue: asyncio.Queue = asyncio.Queue(512)

        async def pump():
            async for event in hub.subscribe(STAFF_TOPIC):
                with contextlib.suppress(asyncio.QueueFull):
                    inbox_queue.put_nowait(event)

        task = asyncio.ensure_future(pump())
        try:
            await asyncio.sleep(0)  # the pump runs first and subscribes, before we say we are connected
            yield "retry: 3000\n: tilkoblet\n\n"
            loop = asyncio.get_running_loop()
            ends = loop.time() + lifetime
            while loop.time() < ends:
                try:
                    event = await asyncio.wait_for(inbox_queue.get(), heartbeat)
                except asyncio.TimeoutError:
                    yield ": hjerteslag\n\n"
                    continue
                yield f"data: {json.dumps(event, ensure_ascii=False, default=str)}\n\n"
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


# -- one conversation ----------------------------------------------------------------------

def _conversation_context(request: Request, session: Session, conversation_id: str, user: User) -> dict:
    view = inbox.load_conversation(session, conversation_id)
    if view is None:
        raise HTTPException(404, "Fant ikke samtalen.")
    conversation = view.conversation
    return {
        "title": "Samtale",
        "view": view,
        "conversation": conversation,
        "mine": conversation.state == OPEN and conversation.assignee_id == user.id,
        "owner": conversation.assignee.display_name if conversation.assignee else None,
        "canned": inbox.canned_replies(session),
        "services": inbox.service_choices(getattr(request.app.state, "catalog", None)),
        "resolutions": inbox.RESOLUTIONS,
        "detection": inbox.detection,
        "last_id": view.messages[-1].id if view.messages else 0,
        "waiting": waiting_seconds(view.handover) if view.handover else 0,
        "error": None,
        "PENDING": PENDING, "OPEN": OPEN, "RESOLVED": RESOLVED,
    }


@router.get("/conversations/{conversation_id}", response_class=HTMLResponse)
def conversation_page(conversation_id: str, request: Request, user: User = Depends(current_user),
                      session: Session = Depends(get_session)):
    if user.role not in INBOX_ROLES:
        return forbidden_page(request, user)
    return render(request, "staff_conversation.html", _conversation_context(request, session, conversation_id, user),
                  user=user)


@router.get("/conversations/{conversation_id}/messages", response_class=HTMLResponse)
def transcript_fragment(conversation_id: str, request: Request, after: int = 0, user: User = Depends(inbox_user),
                        session: Session = Depends(get_session)):
    """Transcript entries after a message id: the page appends them when an event comes."""
    messages, authors = inbox.messages_after(session, conversation_id, after)
    if wants_json(request):
        return JSONResponse([{"id": m.id, "sender": m.sender, "text": m.text, "internal": m.internal,
                 "created_at": inbox.aware(m.created_at).isoformat(), "intent": m.intent,
                 "service_id": m.service_id, "aspect": m.aspect, "confidence": m.confidence} for m in messages])
    return render(request, "staff_messages.html", {"messages": messages, "authors": authors,
                                                    "detection": inbox.detection}, user=user)


def _failure(request: Request, session: Session, conversation_id: str, user: User, message: str,
             status_code: int, **extra) -> Response:
    if wants_json(request):
        return JSONResponse({"error": message, **extra}, status_code=status_code)
    session.expire_all()
    context = _conversation_context(request, session, conversation_id, user)
    context["error"] = message
    return render(request, "staff_conversation.html", context, status_code=status_code, user=user)


def _done(request: Request, conversation_id: str, status: str, target: Optional[str] = None, **data) -> Response:
    if wants_json(request):
        return JSONResponse({"ok": True, "conversation_id": conversation_id, "status": status, **data})
    return _redirect(target or _conversation_url(conversation_id), status=status)


def _conversation_error(request: Request, session: Session, conversation_id: str, user: User,
                        err: ConversationError) -> Response:
    text = str(err)
    if text == "no such conversation":
        raise HTTPException(404, "Fant ikke samtalen.")
    return _failure(request, session, conversation_id, user, ERRORS.get(text, text), 409)


@router.post("/conversations/{conversation_id}/claim")
async def claim(conversation_id: str, request: Request, user: User = Depends(inbox_user),
                service: ConversationService = Depends(get_service), session: Session = Depends(get_session)):
    try:
        await service.claim(conversation_id, user)
    except ClaimConflict as conflict:
        message = (f"Samtalen er allerede tatt av {conflict.owner}." if conflict.owner
                   else ERRORS["not waiting for staff"])
        return _failure(request, session, conversation_id, user, message, 409, owner=conflict.owner)
    except ConversationError as err:
        return _conversation_error(request, session, conversation_id, user, err)
    return _done(request, conversation_id, "claimed", assignee=user.display_name, state=OPEN)


def _text(request: Request, session: Session, conversation_id: str, user: User, text: str,
          what: str) -> tuple[Optional[str], Optional[Response]]:
    text = (text or "").strip()
    limit = request.app.state.config.max_message_chars
    if not text:
        return None, _failure(request, session, conversation_id, user, f"Skriv {what} før du sender.", 400)
    if len(text) > limit:
        return None, _failure(request, session, conversation_id, user,
                              f"Teksten er for lang (høyst {limit} tegn).", 400)
    return text, None


@router.post("/conversations/{conversation_id}/reply")
async def reply(conversation_id: str, request: Request, text: str = Form(""), user: User = Depends(inbox_user),
                service: ConversationService = Depends(get_service), session: Session = Depends(get_session)):
    text, problem = _text(request, session, conversation_id, user, text, "et svar")
    if problem:
        return problem
    try:
        message = await service.staff_reply(conversation_id, user, text)
    except ConversationError as err:
        return _conversation_error(request, session, conversation_id, user, err)
    return _done(request, conversation_id, "replied", message_id=message.id)


@router.post("/conversations/{conversation_id}/note")
def note(conversation_id: str, request: Request, text: str = Form(""), user: User = Depends(inbox_user),
         service: ConversationService = Depends(get_service), session: Session = Depends(get_session)):
    text, problem = _text(request, session, conversation_id, user, text, "et notat")
    if problem:
        return problem
    try:
        message = service.note(conversation_id, user, text)
    except ConversationError as err:
        return _conversation_error(request, session, conversation_id, user, err)
    return _done(request, conversation_id, "noted", message_id=message.id)


@router.post("/conversations/{conversation_id}/hand-back")
async def hand_back(conversation_id: str, request: Request, user: User = Depends(inbox_user),
                    service: ConversationService = Depends(get_service), session: Session = Depends(get_session)):
    try:
        await service.hand_back(conversation_id, user)
    except ConversationError as err:
        return _conversation_error(request, session, conversation_id, user, err)
    return _done(request, conversation_id, "handed_back", target="/staff", state="bot")


@router.post("/conversations/{conversation_id}/resolve")
async def resolve(conversation_id: str, request: Request, resolution_code: str = Form(""),
                  service_id: str = Form(""), user: User = Depends(inbox_user),
                  service: ConversationService = Depends(get_service), session: Session = Depends(get_session)):
    if resolution_code not in inbox.RESOLUTIONS:
        return _failure(request, session, conversation_id, user, "Velg hvordan saken ble løst.", 400)
    catalog = getattr(request.app.state, "catalog", None)
    service_id = service_id.strip() or None
    if service_id and catalog is not None and service_id not in catalog:
        return _failure(request, session, conversation_id, user, "Ukjent tjeneste.", 400)
    try:
        await service.resolve(conversation_id, user, resolution_code, service_id)
    except ConversationError as err:
        return _conversation_error(request, session, conversation_id, user, err)
    return _done(request, conversation_id, "resolved", target="/staff", state=RESOLVED,
                 resolution_code=resolution_code, service_id=service_id)


# -- canned replies and the audit log ------------------------------------------------------

@router.get("/canned")
def canned_page(request: Request, user: User = Depends(current_user), session: Session = Depends(get_session)):
    if user.role not in INBOX_ROLES:
        return forbidden_page(request, user)
    replies = inbox.canned_replies(session)
    if wants_json(request):
        return JSONResponse([{"id": r.id, "title": r.title, "text": r.text} for r in replies])
    return render(request, "staff_canned.html", {"title": "Ferdigsvar", "replies": replies, "error": None}, user=user)


@router.post("/canned")
def add_canned(request: Request, title: str = Form(""), text: str = Form(""), user: User = Depends(admin_user),
               session: Session = Depends(get_session)):
    title, text = title.strip(), text.strip()
    if not title or not text or len(title) > 120 or len(text) > 2000:
        message = "Skriv en tittel (høyst 120 tegn) og en tekst (høyst 2000 tegn)."
        if wants_json(request):
            return JSONResponse({"error": message}, status_code=400)
        return render(request, "staff_canned.html", {"title": "Ferdigsvar", "replies": inbox.canned_replies(session),
                                                     "error": message}, status_code=400, user=user)
    inbox.canned_replies(session)  # seed first, so the defaults are not lost behind the first addition
    reply = CannedReply(title=title, text=text)
    session.add(reply)
    session.add(AuditLog(user_id=user.id, action="canned_add", detail=title))
    session.commit()
    if wants_json(request):
        return JSONResponse({"ok": True, "id": reply.id})
    return _redirect("/staff/canned", status="canned_added")


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, user: User = Depends(current_user), session: Session = Depends(get_session)):
    if user.role != "admin":
        return forbidden_page(request, user)
    entries = inbox.audit_entries(session)
    if wants_json(request):
        return JSONResponse([{"id": e.id, "user": name, "action": e.action, "conversation_id": e.conversation_id,
                              "detail": e.detail, "created_at": inbox.aware(e.created_at).isoformat()}
                             for e, name in entries])
    return render(request, "staff_audit.html", {"title": "Revisjonslogg", "entries": entries,
                                                "actions": inbox.AUDIT_ACTIONS, "resolutions": inbox.RESOLUTIONS},
                  user=user)
