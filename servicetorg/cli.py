"""The `servicetorg` command. Each subcommand lives in its own module under servicetorg.commands
and is imported only when used, so `servicetorg catalog validate` starts fast and needs no app
libraries."""
from __future__ import annotations

import argparse
import importlib
import sys

# subcommand -> module in servicetorg.commands that defines add_arguments(parser) and run(args)
COMMANDS = {
    "catalog": "catalog",
    "eval": "evaluate",
    "bench": "bench",
    "bench-pages": "bench_pages",
    "ask": "ask",
    "chat": "chat",
    "calibrate": "calibrate",
    "nlu": "nlu",
    "serve": "serve",
    "loadtest": "loadtest",
    "user": "user",
    "demo-traffic": "demo_traffic",
    "purge": "purge",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="servicetorg", description="The service office assistant.")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(f"servicetorg.commands.{module_name}")
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
