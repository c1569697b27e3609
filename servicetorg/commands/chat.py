"""`servicetorg chat`: talk to the assistant in the terminal (each line is a question)."""
from __future__ import annotations

import sys
from pathlib import Path

from servicetorg import settings

HELP = "Talk to the assistant in the terminal."


def add_arguments(parser) -> None:
    parser.add_argument("--channel", choices=("web", "sms"), default="web")
    parser.add_argument("--catalog", type=Path, help="the catalog folder (default: the demo catalog)")


def run(args) -> int:
    from servicetorg.commands.evaluate import build_responder

    responder = build_responder(args.catalog or settings.catalog_path())
    print("servicetorg (index-only assistant). Still til et spørsmål; Ctrl-D avslutter.", file=sys.stderr)
    for line in sys.stdin:
        if line.strip():
            print(responder.respond(line.strip()[:2000], channel=args.channel).reply + "\n", flush=True)
    return 0
