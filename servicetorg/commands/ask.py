"""`servicetorg ask "..."`: answer one question, as a citizen would get it."""
from __future__ import annotations

import json
from dataclasses import asdict

HELP = "Answer one question (through Rasa, or --engine index for the index alone)."


def add_arguments(parser) -> None:
    from servicetorg.commands.evaluate import add_engine_arguments

    parser.add_argument("text", help="the question")
    parser.add_argument("--channel", choices=("web", "sms"), default="web")
    parser.add_argument("--json", action="store_true", help="print the whole outcome as JSON")
    add_engine_arguments(parser)


def run(args) -> int:
    from servicetorg.commands.evaluate import open_engine

    with open_engine(args) as answering:
        outcome = answering.respond(args.text, channel=args.channel)
    if args.json:
        print(json.dumps(asdict(outcome), ensure_ascii=False, indent=2))
    else:
        print(outcome.reply)
        for n, button in enumerate(outcome.buttons, start=1):
            print(f"  [{n}] {button.get('title')}")
    return 0
