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
    from catalog_index import load_catalog
    from catalog_index.index import build_index
    from catalog_index.responder import Responder

    responder = Responder(build_index(load_catalog(args.catalog or settings.catalog_path())), settings.handover_level())
    print("servicetorg (index-only assistant). Still til et spørsmål; Ctrl-D avslutter.", file=sys.stderr)
    for line in sys.stdin:
        if line.strip():
            print(responder.respond(line.strip()[:2000], channel=args.channel).reply + "\n", flush=True)
    return 0
