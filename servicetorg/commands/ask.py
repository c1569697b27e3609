"""`servicetorg ask "..."`: answer one question, as a citizen would get it."""
from __future__ import annotations

import json
from pathlib import Path

from servicetorg import settings

HELP = "Answer one question (index-only assistant)."


def add_arguments(parser) -> None:
    parser.add_argument("text", help="the question")
    parser.add_argument("--channel", choices=("web", "sms"), default="web")
    parser.add_argument("--json", action="store_true", help="print the whole response as JSON")
    parser.add_argument("--catalog", type=Path, help="the catalog folder (default: the demo catalog)")


def run(args) -> int:
    from dataclasses import asdict

    from servicetorg.commands.evaluate import build_responder

    responder = build_responder(args.catalog or settings.catalog_path())
    response = responder.respond(args.text, channel=args.channel)
    if args.json:
        print(json.dumps(asdict(response), ensure_ascii=False, indent=2))
    else:
        print(response.reply)
    return 0
