"""`servicetorg nlu sync [--check]`: regenerate the Rasa lookup table and synonyms from the catalog."""
from __future__ import annotations

from pathlib import Path

HELP = "Keep the Rasa NLU data in step with the catalog (lookup table and synonyms for `service`)."


def add_arguments(parser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    sync = sub.add_parser("sync", help="write data/nlu/catalog_generated.yml from the catalog")
    sync.add_argument("--catalog", type=Path, help="the catalog folder (default: the demo catalog)")
    sync.add_argument("--out", type=Path, help="where to write (default: data/nlu/catalog_generated.yml)")
    sync.add_argument("--check", action="store_true", help="exit 1 if the file is out of date, write nothing")


def run(args) -> int:
    from bot import nlu_sync

    argv = ["--check"] if args.check else []
    if args.catalog:
        argv += ["--catalog", str(args.catalog)]
    if args.out:
        argv += ["--out", str(args.out)]
    return nlu_sync.main(argv)
