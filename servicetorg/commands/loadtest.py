"""`servicetorg loadtest`: many concurrent web chat sessions against the app, with the real Rasa.

Each session opens the widget's WebSocket, sends its messages one after another and waits for
the answer to each. Reports reply latency, and checks that no message was lost: every message
sent is in the store afterwards. Loopback only; bounded in count and time.

    servicetorg loadtest --start                  # starts Rasa, actions and the app itself
    servicetorg loadtest --url http://127.0.0.1:8000   # against a running `make run`
"""
from __future__ import annotations

import asyncio
import json
import os
import random
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

from servicetorg import settings

HELP = "Load test: concurrent web chat sessions (loopback), reply latency and lost messages."
DEV_SET = settings.REPO_ROOT / "data" / "eval" / "dev.jsonl"


def add_arguments(parser) -> None:
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--messages", type=int, default=10, help="messages per session")
    parser.add_argument("--url", help="a running app (default: start everything here with --start)")
    parser.add_argument("--start", action="store_true", help="start Rasa, the actions and the app on free ports")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for one reply")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--rasa-servers", type=int, default=min(2, os.cpu_count() or 1),
                        help="with --start: Rasa server processes (as `servicetorg serve`)")
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean seconds a citizen takes to write the next message (0: send at once, "
                             "which measures saturation rather than a realistic load)")


def _questions(seed: int) -> list[str]:
    """Ordinary questions (no handover expected), so the bot keeps answering."""
    rows = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [r["text"] for r in rows if r.get("expected_service") and not r.get("expected_handover")]
    random.Random(seed).shuffle(texts)
    return texts


async def _session(base_ws: str, questions: list[str], timeout: float, results: dict, think: float,
                   rng: random.Random) -> None:
    import websockets

    session_id = uuid.uuid4().hex
    async with websockets.connect(f"{base_ws}/ws/chat?session={session_id}", open_timeout=timeout,
                                  max_size=2**20) as ws:
        staff_owns = False  # after a handover the bot is silent: messages wait for a person
        for text in questions:
            if think:
                await asyncio.sleep(rng.uniform(0.5, 1.5) * think)
            started = time.perf_counter()
            await ws.send(json.dumps({"type": "message", "text": text}))
            results["sent"] += 1
            if staff_owns:
                results["kept_for_staff"] += 1
                continue
            answered = False
            deadline = started + timeout
            while time.perf_counter() < deadline:
                try:
                    raw = await asyncio.wait_for(ws.recv(), timeout=max(0.01, deadline - time.perf_counter()))
                except asyncio.TimeoutError:
                    break
                event = json.loads(raw)
                if event.get("type") == "message" and event.get("sender") in ("bot", "system"):
                    results["latencies"].append(time.perf_counter() - started)
                    answered = True
                    break
                if event.get("type") == "status" and event.get("state") in ("pending", "open"):
                    results["handed_over"] += 1  # a person owns it now: no bot answer is due
                    staff_owns = answered = True
                    break
            if not answered:
                results["unanswered"] += 1
        results["sessions_done"] += 1


async def _run(base_url: str, sessions: int, per_session: int, timeout: float, seed: int, think: float) -> dict:
    questions = _questions(seed)
    base_ws = base_url.replace("http://", "ws://").replace("https://", "wss://")
    results = {"sent": 0, "latencies": [], "unanswered": 0, "handed_over": 0, "kept_for_staff": 0,
               "sessions_done": 0, "errors": 0}
    tasks = []
    for n in range(sessions):
        picked = [questions[(n * per_session + i) % len(questions)] for i in range(per_session)]
        tasks.append(_session(base_ws, picked, timeout, results, think, random.Random(seed * 1000 + n)))
    outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    results["errors"] = sum(1 for o in outcomes if isinstance(o, Exception))
    results["error_examples"] = [repr(o) for o in outcomes if isinstance(o, Exception)][:3]
    return results


def _start_app(rasa_url: str, database_url: str):
    import dataclasses

    import uvicorn

    from connectors.app import create_app
    from connectors.config import AppConfig
    from servicetorg.rasa_stack import free_port

    config = dataclasses.replace(AppConfig(), rasa_url=rasa_url, database_url=database_url)
    app = create_app(config)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return app, server, thread, f"http://127.0.0.1:{port}"


def _count_stored(app) -> int:
    from sqlalchemy import func, select

    from connectors.models import CITIZEN, Message

    with app.state.db.sessions() as session:
        return session.scalar(select(func.count()).select_from(Message).where(Message.sender == CITIZEN))


def run(args) -> int:
    import tempfile

    from servicetorg.rasa_stack import RasaStack

    stack = server = app = None
    base_url = args.url
    try:
        if base_url is None:
            if not args.start:
                print("Give --url of a running app, or --start to start everything here.", file=sys.stderr)
                return 2
            stack = RasaStack(log_dir=settings.REPO_ROOT / "var" / "log", servers=args.rasa_servers)
            stack.start()
            database = Path(tempfile.mkdtemp(prefix="servicetorg-load-")) / "load.db"
            app, server, _thread, base_url = _start_app(stack.rasa_url, f"sqlite:///{database}")
            stored_before = _count_stored(app)
        started = time.perf_counter()
        results = asyncio.run(_run(base_url, args.sessions, args.messages, args.timeout, args.seed, args.think))
        elapsed = time.perf_counter() - started
        latencies = sorted(results["latencies"])
        print(f"sessions: {args.sessions} x {args.messages} messages, think time {args.think:.1f} s, "
              f"{elapsed:.1f} s wall time, {results['sent'] / elapsed:.1f} messages/s")
        print(f"sent: {results['sent']}, answered by the bot: {len(latencies)}, handed over: "
              f"{results['handed_over']} (then {results['kept_for_staff']} messages waited for a person), "
              f"unanswered within {args.timeout:.0f} s: {results['unanswered']}, "
              f"session errors: {results['errors']} {results['error_examples'] or ''}")
        if latencies:
            p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
            print(f"reply latency: median {statistics.median(latencies) * 1000:.0f} ms, "
                  f"p95 {p95 * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms")
        if app is not None:
            stored = _count_stored(app) - stored_before
            print(f"stored citizen messages: {stored} of {results['sent']} sent "
                  f"({'none lost' if stored == results['sent'] else 'LOST ' + str(results['sent'] - stored)})")
        return 0 if results["unanswered"] == 0 and results["errors"] == 0 else 1
    finally:
        if server is not None:
            server.should_exit = True
            time.sleep(0.5)
        if stack is not None:
            stack.stop()
