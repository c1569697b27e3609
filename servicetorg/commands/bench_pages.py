"""`servicetorg bench-pages`: how fast /office and /content render on a database.

Renders each page in-process (the app with its real templates and queries, signed in as an
admin and as a content owner) several times and prints the median and the slowest time per
page. Point it at a database filled by `servicetorg demo-traffic` to check the < 500 ms target.
Figures, not assertions.
"""
from __future__ import annotations

import statistics
import sys
import time
from dataclasses import replace

HELP = "Time the /office and /content pages on a database (e.g. one filled by demo-traffic)."

PAGES = [
    ("office, last 90 days", "admin", "/office"),
    ("office, last 12 months", "admin", "/office?period=365"),
    ("office, 12 months, SMS, one service", "admin", "/office?period=365&channel=sms&service=barnehageplass"),
    ("office CSV, weeks, 12 months", "admin", "/office/export.csv?table=weeks&period=365"),
    ("content, admin (every service)", "admin", "/content"),
    ("content, one owner", "owner", "/content"),
]
OWNER_EMAIL = "ingrid.berg@fjordvik.kommune.no"


def add_arguments(parser) -> None:
    parser.add_argument("--database", help="database URL (default: SERVICETORG_DATABASE_URL or var/servicetorg.db)")
    parser.add_argument("--runs", type=int, default=7, help="renders per page (the first warms the caches)")


def _sign_in(client, username: str, password: str) -> None:
    import re

    page = client.get("/staff/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = client.post("/staff/login", data={"username": username, "password": password, "csrf_token": token})
    if response.status_code != 200:
        raise SystemExit(f"could not sign in as {username}: HTTP {response.status_code}")


def run(args) -> int:
    import logging

    from fastapi.testclient import TestClient
    from sqlalchemy import func, select

    from connectors.app import create_app
    from connectors.config import AppConfig
    from connectors.models import Conversation, QuestionRecord, User
    from connectors.staff import auth

    logging.getLogger("servicetorg").setLevel(logging.ERROR)
    config = AppConfig()
    if args.database:
        config = replace(config, database_url=args.database)
    app = create_app(config)
    password = auth.generate_password()
    users = {"admin": "bench-admin", "owner": "bench-owner"}
    with app.state.db.sessions() as session:
        conversations = session.scalar(select(func.count()).select_from(Conversation))
        questions = session.scalar(select(func.count()).select_from(QuestionRecord))
        for role, username in users.items():
            # Kept between runs (the audit log refers to them); a fresh password each run.
            if session.scalar(select(User.id).where(User.username == username)) is not None:
                auth.set_password(session, username, password)
            elif role == "admin":
                auth.create_user(session, username, "admin", "Bench Admin", password=password)
            else:
                auth.create_user(session, username, "content_owner", "Bench Owner", email=OWNER_EMAIL,
                                 password=password)
    print(f"{config.database_url}: {conversations} conversations, {questions} question records", file=sys.stderr)
    clients = {}
    for role, username in users.items():
        clients[role] = TestClient(app)
        _sign_in(clients[role], username, password)
    print(f"{'page':<40} {'median ms':>10} {'max ms':>8}")
    for name, role, url in PAGES:
        times = []
        for _ in range(max(2, args.runs)):
            started = time.perf_counter()
            response = clients[role].get(url)
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
        timed = times[1:]  # the first run warms SQLite's page cache
        print(f"{name:<40} {statistics.median(timed):>10.0f} {max(timed):>8.0f}")
    return 0
