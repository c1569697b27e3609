"""Staff sign-in: scrypt password hashes, the login form with CSRF, the session cookie, roles,
and the `servicetorg user` command."""
from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from connectors.models import AuditLog, User
from connectors.staff import auth


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html) or re.search(
        r'<meta name="csrf-token" content="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def login(client: TestClient, username: str, password: str, follow: bool = True):
    page = client.get("/staff/login")
    assert page.status_code == 200
    return client.post("/staff/login", data={"username": username, "password": password,
                                             "csrf_token": csrf_from(page.text)}, follow_redirects=follow)


@pytest.fixture
def add_user(app):
    def add(username="kari", role="staff", name=None, password="hemmelig-passord"):
        with app.state.db.sessions() as session:
            user, _ = auth.create_user(session, username, role, name or username.title(), password=password)
            return user
    return add


# -- hashing -------------------------------------------------------------------------------

def test_password_hash_verifies_and_rejects_a_wrong_password():
    stored = auth.hash_password("riktig hest batteri")
    assert stored.startswith("scrypt$16384$8$1$") and len(stored.split("$")) == 6
    assert auth.verify_password("riktig hest batteri", stored)
    assert not auth.verify_password("feil passord", stored)
    assert not auth.verify_password("riktig hest batteri", "!")
    assert not auth.verify_password("x", "scrypt$abc$8$1$salt$hash")
    assert not auth.verify_password("x", None)


def test_the_same_password_gets_different_salts():
    first, second = auth.hash_password("samme"), auth.hash_password("samme")
    assert first != second and first.split("$")[4] != second.split("$")[4]
    assert auth.verify_password("samme", first) and auth.verify_password("samme", second)


def test_create_user_refuses_bad_input(app):
    with app.state.db.sessions() as session:
        auth.create_user(session, "Kari", "staff", "Kari Nordvik", password="langt-nok")
        with pytest.raises(auth.UserError):
            auth.create_user(session, "kari", "staff", "Kari igjen", password="langt-nok")
        with pytest.raises(auth.UserError):
            auth.create_user(session, "ola", "boss", "Ola", password="langt-nok")
        with pytest.raises(auth.UserError):
            auth.create_user(session, "ola", "staff", "Ola", password="kort")
        user = session.scalar(select(User).where(User.username == "kari"))
        assert user.display_name == "Kari Nordvik" and user.password_hash.startswith("scrypt$")


def test_demo_user_is_created_once_with_a_random_password(app):
    username, password = auth.ensure_demo_user(app.state.db)
    assert username == "demo" and password and len(password) >= 12
    assert auth.ensure_demo_user(app.state.db) == ("demo", None)
    with app.state.db.sessions() as session:
        demo = session.scalar(select(User).where(User.username == "demo"))
        assert demo.role == "admin" and demo.display_name == "Demo Ansatt"
        assert auth.verify_password(password, demo.password_hash)


# -- login and logout ----------------------------------------------------------------------

def test_login_sets_a_hardened_session_cookie_and_logout_clears_it(app, add_user):
    add_user("kari", name="Kari Nordvik")
    client = TestClient(app)
    assert client.get("/staff", follow_redirects=False).status_code in (303, 401)
    page = client.get("/staff", headers={"Accept": "text/html"}, follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/staff/login?next=")
    response = login(client, "kari", "hemmelig-passord", follow=False)
    assert response.status_code == 303 and response.headers["location"] == "/staff"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower() and "Max-Age=43200" in cookie
    assert "Secure" not in cookie
    inbox = client.get("/staff")
    assert inbox.status_code == 200 and "Kari Nordvik" in inbox.text
    logout = client.post("/staff/logout", data={"csrf_token": csrf_from(inbox.text)}, follow_redirects=False)
    assert logout.status_code == 303
    assert client.get("/staff", headers={"Accept": "text/html"}, follow_redirects=False).status_code == 303
    with app.state.db.sessions() as session:
        actions = session.scalars(select(AuditLog.action).order_by(AuditLog.id)).all()
    assert actions == ["login", "logout"]


def test_secure_cookie_when_configured(config, fake_rasa, add_user):
    from dataclasses import replace

    from connectors.app import create_app

    app = create_app(replace(config, secure_cookies=True), brain=fake_rasa.client())
    with app.state.db.sessions() as session:
        auth.create_user(session, "kari", "staff", "Kari", password="hemmelig-passord")
    client = TestClient(app, base_url="https://testserver")
    response = login(client, "kari", "hemmelig-passord", follow=False)
    assert "Secure" in response.headers["set-cookie"]


def test_a_wrong_password_and_an_unknown_user_get_the_same_generic_message(app, add_user):
    add_user("kari")
    client = TestClient(app)
    wrong = login(client, "kari", "galt-passord")
    unknown = login(client, "finnesikke", "galt-passord")
    assert wrong.status_code == unknown.status_code == 401
    assert "Innloggingen mislyktes" in wrong.text and "Innloggingen mislyktes" in unknown.text
    assert client.get("/staff", follow_redirects=False).status_code == 401


def test_repeated_failures_lock_the_username_for_a_while(app, add_user):
    add_user("kari")
    client = TestClient(app)
    for _ in range(5):
        assert login(client, "kari", "galt-passord").status_code == 401
    assert login(client, "kari", "hemmelig-passord").status_code == 401, "locked: even the right password waits"
    throttle = app.state.login_throttle
    throttle.clock = lambda: 1e12  # time passes
    assert login(client, "kari", "hemmelig-passord").status_code == 200


def test_login_needs_the_csrf_token(app, add_user):
    add_user("kari")
    client = TestClient(app)
    client.get("/staff/login")
    response = client.post("/staff/login", data={"username": "kari", "password": "hemmelig-passord"})
    assert response.status_code == 403
    response = client.post("/staff/login", data={"username": "kari", "password": "hemmelig-passord",
                                                 "csrf_token": "forfalsket"})
    assert response.status_code == 403


def test_the_csrf_token_is_rotated_at_login(app, add_user):
    add_user("kari")
    client = TestClient(app)
    before = csrf_from(client.get("/staff/login").text)
    login(client, "kari", "hemmelig-passord")
    after = csrf_from(client.get("/staff").text)
    assert before != after
    assert client.post("/staff/logout", data={"csrf_token": before}).status_code == 403


def test_a_tampered_or_foreign_cookie_is_not_a_session(app, add_user):
    add_user("kari")
    client = TestClient(app)
    login(client, "kari", "hemmelig-passord")
    value = client.cookies.get(auth.COOKIE_NAME)
    client.cookies.set(auth.COOKIE_NAME, value[:-2] + ("AA" if not value.endswith("AA") else "BB"))
    assert client.get("/staff", follow_redirects=False).status_code == 401


def test_changing_the_password_ends_existing_sessions(app, add_user):
    add_user("kari")
    client = TestClient(app)
    login(client, "kari", "hemmelig-passord")
    assert client.get("/staff").status_code == 200
    with app.state.db.sessions() as session:
        auth.set_password(session, "kari", "et-nytt-passord")
    assert client.get("/staff", follow_redirects=False).status_code == 401


def test_roles_content_owner_is_refused_the_inbox(app, add_user, service, always_open):
    import asyncio

    add_user("eier", role="content_owner")
    conversation_id = asyncio.run(service.receive("web", "w1", "jeg vil snakke med et menneske")).conversation_id
    client = TestClient(app)
    login(client, "eier", "hemmelig-passord")
    page = client.get("/staff")
    assert page.status_code == 403 and "Ingen tilgang" in page.text
    assert client.get(f"/staff/conversations/{conversation_id}").status_code == 403
    assert client.get("/staff/queue").status_code == 403
    assert client.get("/staff/events").status_code == 403
    assert client.get("/staff/audit").status_code == 403
    token = csrf_from(page.text)
    claim = client.post(f"/staff/conversations/{conversation_id}/claim", data={"csrf_token": token})
    assert claim.status_code == 403


def test_staff_may_not_read_the_audit_log_but_admin_may(app, add_user):
    add_user("kari", role="staff")
    add_user("sjef", role="admin")
    staff = TestClient(app)
    login(staff, "kari", "hemmelig-passord")
    assert staff.get("/staff/audit").status_code == 403
    admin = TestClient(app)
    login(admin, "sjef", "hemmelig-passord")
    assert admin.get("/staff/audit").status_code == 200


def test_next_only_leads_inside_the_inbox(app, add_user):
    add_user("kari")
    client = TestClient(app)
    page = client.get("/staff/login?next=https://evil.example/")
    response = client.post("/staff/login", data={"username": "kari", "password": "hemmelig-passord",
                                                 "csrf_token": csrf_from(page.text), "next": "//evil.example/"},
                           follow_redirects=False)
    assert response.headers["location"] == "/staff"


# -- the CLI -------------------------------------------------------------------------------

def test_user_add_creates_a_user_that_can_log_in(tmp_path, monkeypatch, config, fake_rasa, capsys):
    from dataclasses import replace

    from connectors.app import create_app
    from servicetorg.cli import main

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("SERVICETORG_DATABASE_URL", url)
    assert main(["user", "add", "kari", "--role", "staff", "--name", "Kari Nordvik", "--email", "kari@example.no",
                 "--password", "hemmelig-passord"]) == 0
    assert main(["user", "add", "kari", "--role", "staff", "--name", "Kari igjen", "--password", "hemmelig-passord"]) == 1
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(""))  # no terminal, no password: generated
    assert main(["user", "add", "ola", "--role", "admin", "--name", "Ola Nordmann"]) == 0
    out = capsys.readouterr().out
    generated = re.search(r"Passord \(vises bare nå\): (\S+)", out).group(1)
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("fra-stdin-passord\n"))
    assert main(["user", "add", "per", "--name", "Per", "--password", "-"]) == 0
    assert main(["user", "list"]) == 0
    listing = capsys.readouterr().out
    assert "kari" in listing and "Kari Nordvik" in listing and "content_owner" not in listing and "admin" in listing

    app = create_app(replace(config, database_url=url), brain=fake_rasa.client())
    for username, password, name in [("kari", "hemmelig-passord", "Kari Nordvik"), ("ola", generated, "Ola Nordmann"),
                                     ("per", "fra-stdin-passord", "Per")]:
        client = TestClient(app)
        response = login(client, username, password)
        assert response.status_code == 200 and name in response.text
