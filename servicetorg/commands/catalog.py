"""`servicetorg catalog validate|export|import|stale`: the description files, CPSV-AP-NO, and
the descriptions due for review."""
from __future__ import annotations

import sys
from pathlib import Path

from servicetorg import settings

HELP = "Validate the service descriptions, or export/import them as CPSV-AP-NO."


def add_arguments(parser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    validate = sub.add_parser("validate", help="Report every problem in the description files.")
    validate.add_argument("path", nargs="?", type=Path, help="a catalog folder or one file (default: the demo catalog)")
    export = sub.add_parser("export", help="Write the public catalog as CPSV-AP-NO (Turtle or JSON-LD).")
    export.add_argument("--format", choices=("turtle", "json-ld"), default="turtle")
    export.add_argument("--catalog", type=Path, help="the catalog folder (default: the demo catalog)")
    export.add_argument("--output", "-o", type=Path, help="write here instead of to stdout")
    importer = sub.add_parser("import", help="Read CPSV-AP-NO (Turtle or JSON-LD) into description files.")
    importer.add_argument("file", type=Path)
    importer.add_argument("--dry-run", action="store_true", help="report what would be written, write nothing")
    importer.add_argument("--catalog", type=Path, help="where to write the files (default: the demo catalog)")
    importer.add_argument("--force", action="store_true", help="replace description files that already exist")
    stale = sub.add_parser("stale", help="List descriptions past or within 30 days of their review date, and "
                                         "report them through the notification hook (the log, or "
                                         "SERVICETORG_STALE_WEBHOOK).")
    stale.add_argument("--catalog", type=Path, help="the catalog folder (default: the demo catalog)")
    stale.add_argument("--on", type=lambda v: __import__("datetime").date.fromisoformat(v),
                       help="the day to check for (YYYY-MM-DD; default today)")


def run(args) -> int:
    return {"validate": _validate, "export": _export, "import": _import, "stale": _stale}[args.action](args)


def _stale(args) -> int:
    """Exit 0 when nothing is due, 3 when something is (so a scheduler can alert on it)."""
    import datetime as dt
    import logging

    from catalog_index import load_catalog
    from connectors.insights.stale import notifier_from_env, review_items

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    items = review_items(load_catalog(args.catalog or settings.catalog_path()), args.on or dt.date.today())
    for item in items:
        when = item.review_by.isoformat() if item.review_by else "not set"
        print(f"{item.status:<6} {item.service_id:<28} review by {when:<10}  {item.owner_email or '-'}")
    if items:
        notifier_from_env().notify(items)
    print(f"{len(items)} description(s) due for review", file=sys.stderr)
    return 3 if items else 0


def _validate(args) -> int:
    from catalog_index import load_catalog

    path = args.path or settings.catalog_path()
    catalog = load_catalog(path)
    for problem in catalog.problems:
        print(problem)
    files = "file" if len(catalog) == 1 else "files"
    if catalog.problems:
        print(f"{len(catalog.problems)} problem(s); {len(catalog)} valid description {files} in {path}", file=sys.stderr)
        return 1
    print(f"OK: {len(catalog)} description {files} in {path}, no problems", file=sys.stderr)
    return 0


def _export(args) -> int:
    from catalog_index import load_catalog
    from catalog_index.cpsv import export_catalog

    catalog = load_catalog(args.catalog or settings.catalog_path())
    for problem in catalog.problems:
        print(f"skipped: {problem}", file=sys.stderr)
    data = export_catalog(catalog, args.format)
    if args.output:
        args.output.write_text(data, encoding="utf-8")
    else:
        sys.stdout.write(data)
    return 0


def _import(args) -> int:
    from catalog_index.cpsv import ImportError_, import_file

    target = args.catalog or settings.catalog_path()
    try:
        result = import_file(args.file, target, dry_run=args.dry_run, force=args.force)
    except ImportError_ as err:  # the message names the file and, for syntax errors, the line
        print(f"refused: {err}", file=sys.stderr)
        return 2
    for line in result.report_lines():
        print(line)
    return 0 if result.written or args.dry_run else 1
