"""`servicetorg demo-traffic`: a seeded year of realistic traffic for the office and content pages.

    servicetorg demo-traffic [--conversations 100000] [--seed N] [--days 365] [--database URL] [--replace]

Writes conversations, messages, question records and clusters, handovers and the staff's audit
entries, as live traffic writes them (connectors.demo_traffic). Demo conversations are marked
(citizen handle ``demo:<n>``); without --replace the command refuses when they exist already,
with --replace it deletes them first. The same seed (and --end) gives the same rows.
"""
from __future__ import annotations

import datetime as dt
import sys

DEFAULT_SEED = 20261  # = connectors.demo_traffic.DEFAULT_SEED (not imported: `servicetorg --help` stays light)
HELP = "Write a seeded year of demo traffic (conversations, handovers, question records) into the database."


def _moment(value: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def add_arguments(parser) -> None:
    parser.add_argument("--conversations", type=int, default=100_000, help="how many conversations (default 100000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--days", type=int, default=365, help="how many days back from --end (default 365)")
    parser.add_argument("--end", type=_moment, default=None,
                        help="when the traffic ends, ISO 8601 (default now; fix it for identical output)")
    parser.add_argument("--database", default=None, help="database URL (default: the app's, SERVICETORG_DATABASE_URL)")
    parser.add_argument("--catalog", default=None, help="catalog directory (default: the app's)")
    parser.add_argument("--replace", action="store_true", help="delete earlier demo traffic first")


def run(args) -> int:
    from catalog_index import load_catalog
    from connectors.config import AppConfig
    from connectors.db import Database
    from connectors.demo_traffic import DemoRowsExist, Options, write_demo_traffic
    from connectors.office import OFFICE_ID, OfficeHours

    if args.conversations < 1 or args.days < 1:
        print("servicetorg demo-traffic: --conversations and --days must be at least 1", file=sys.stderr)
        return 2
    config = AppConfig()
    url = args.database or config.database_url
    catalog = load_catalog(args.catalog or config.catalog_path)
    if not len(catalog):
        print(f"servicetorg demo-traffic: no services in {args.catalog or config.catalog_path}", file=sys.stderr)
        return 1
    db = Database(url)
    db.migrate()
    office = OfficeHours(catalog.get(OFFICE_ID), config.timezone)
    options = Options(conversations=args.conversations, seed=args.seed, days=args.days, end=args.end)
    print(f"Demotrafikk: {args.conversations} samtaler over {args.days} dager, seed {args.seed}, i {_safe(url)}")
    try:
        summary = write_demo_traffic(db, catalog, office, options, replace=args.replace, zone=config.timezone,
                                     progress=lambda line: print(line, flush=True))
    except DemoRowsExist as err:
        print(f"servicetorg demo-traffic: databasen har allerede {err.count} demosamtaler. "
              "Kjør med --replace for å slette dem og skrive nye.", file=sys.stderr)
        return 1
    else:
        db.refresh_statistics()  # the planner's statistics, for the pages' queries
    finally:
        db.engine.dispose()
    if summary.deleted:
        print("Slettet: " + ", ".join(f"{name} {count}" for name, count in summary.deleted.items() if count))
    print(f"Periode: {summary.start:%Y-%m-%d %H:%M} – {summary.end:%Y-%m-%d %H:%M} UTC")
    width = max(len(name) for name in summary.rows)
    for name, count in summary.rows.items():
        print(f"  {name:<{width}}  {count:>9}")
    print(f"Ferdig på {summary.seconds:.1f} s.")
    return 0


def _safe(url: str) -> str:
    """The URL without a password."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
