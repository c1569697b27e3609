"""`servicetorg serve`: the whole assistant on this machine: action server, Rasa server and the
app (web chat, SMS, staff inbox), on loopback. `make run` calls it."""
from __future__ import annotations

import os
import sys
import time

HELP = "Start the whole assistant (Rasa, actions and the app) and print where to find it."


def add_arguments(parser) -> None:
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--rasa-port", type=int, default=5005)
    parser.add_argument("--actions-port", type=int, default=5055)
    parser.add_argument("--no-rasa", action="store_true", help="do not start Rasa (use SERVICETORG_RASA_URL)")
    parser.add_argument("--rasa-servers", type=int, default=min(2, os.cpu_count() or 1),
                        help="Rasa server processes; each conversation sticks to one (default: 2 on 2+ cores)")


def run(args) -> int:
    import dataclasses

    import uvicorn

    from connectors.app import create_app
    from connectors.config import VAR, AppConfig
    from servicetorg.rasa_stack import RasaStack, StackError

    started = time.monotonic()
    stack = None
    config = AppConfig()
    if not args.no_rasa:
        print("Starter Rasa og action-serveren (laster modellen) ...", file=sys.stderr, flush=True)
        stack = RasaStack(rasa_port=args.rasa_port, actions_port=args.actions_port, log_dir=VAR / "log",
                          servers=args.rasa_servers)
        try:
            stack.start()
        except StackError as err:
            print(f"Rasa did not start: {err}. Logs: {VAR / 'log'}", file=sys.stderr)
            return 1
        config = dataclasses.replace(config, rasa_url=stack.rasa_url)
    try:
        app = create_app(config)
        demo = _demo_user(app)
        base = f"http://{args.host}:{args.port}"
        lines = [
            "",
            f"servicetorg is running ({time.monotonic() - started:.0f} s to start):",
            f"  Demo municipal page with the chat widget: {base}/",
            f"  SMS simulator (dev mode, no real SMS):    {base}/dev/sms",
            f"  Staff inbox:                              {base}/staff",
            f"  The office's measures:                    {base}/office",
            f"  Unanswered questions (content owners):    {base}/content",
        ]
        if demo:
            lines.append(f"    demo user (admin, sees all three): {demo[0]}" + (f" / password: {demo[1]}" if demo[1] else
                                                           " (password printed when it was created; reset with `servicetorg user password demo`)"))
        lines += [f"  Rasa server:                              {config.rasa_url}",
                  f"  Logs: {VAR / 'log'}", "Stop with Ctrl-C.", ""]
        print("\n".join(lines), file=sys.stderr, flush=True)
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning", timeout_graceful_shutdown=3)
    finally:
        if stack is not None:
            stack.stop()
    return 0


def _demo_user(app):
    """The demo staff user, created at first start (the staff module owns how)."""
    try:
        from connectors.staff.auth import ensure_demo_user
    except ImportError:
        return None
    return ensure_demo_user(app.state.db)
