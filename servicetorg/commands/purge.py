"""`servicetorg purge [--days N] [--dry-run]`: deletes transcripts older than the retention period.

    servicetorg purge                 # SERVICETORG_RETENTION_DAYS, 90 by default
    servicetorg purge --days 30 --dry-run

Conversations last active more than N days ago lose their messages, question texts and handover
transcripts (connectors.retention); the rows the office's measures count stay. Idempotent: run
it daily from cron or a systemd timer (see the README).
"""
from __future__ import annotations

import sys

HELP = "Delete conversation transcripts older than the retention period (aggregates stay)."


def add_arguments(parser) -> None:
    parser.add_argument("--days", type=int, default=None,
                        help="keep transcripts this many days (default: SERVICETORG_RETENTION_DAYS, 90)")
    parser.add_argument("--dry-run", action="store_true", help="only count what would be deleted")


def _naming_terms(config):
    """The words naming each service, so repaired question clusters match as new ones do."""
    try:
        from catalog_index import load_catalog
        from connectors.records import naming_terms_from

        return naming_terms_from(load_catalog(config.catalog_path))
    except Exception as err:  # noqa: BLE001 - a broken catalog must not stop the purge
        print(f"servicetorg purge: catalog not loaded ({err}); cluster keys without service words",
              file=sys.stderr)
        return None


def run(args) -> int:
    from connectors.config import AppConfig
    from connectors.db import Database
    from connectors.retention import purge

    config = AppConfig()
    days = config.retention_days if args.days is None else args.days
    if days < 0:
        print("servicetorg purge: --days must be 0 or more", file=sys.stderr)
        return 2
    db = Database(config.database_url)
    db.migrate()
    naming = None if args.dry_run else _naming_terms(config)
    result = purge(db, days, dry_run=args.dry_run, naming_terms=naming)
    if result.conversations and not args.dry_run:
        db.refresh_statistics()
    if args.dry_run:
        print(f"Tørrkjøring: {result.conversations} samtaler og {result.messages} meldinger eldre enn "
              f"{days} dager ville blitt slettet. Ingenting er endret.")
    else:
        print(f"Slettet utskriften av {result.conversations} samtaler ({result.messages} meldinger) eldre enn "
              f"{days} dager. Tallene for kontoret er beholdt.")
    return 0
