"""Helpers for the retention tests: marker words put into transcripts, and a scan of every
table for them."""
from __future__ import annotations

import json
from typing import Iterable

from sqlalchemy import select

from connectors.models import Base

# Distinctive words (they survive masking; stemming only trims their ends, so the scan looks for
# a prefix each, which also finds their stems in question cluster keys).
MARKERS = {
    "citizen": "zqvcitizenword",
    "clarify": "zqvplassword",
    "thumbs": "zqvthumbword",
    "handover": "zqvhandoverword",
    "staff": "zqvstaffreplyword",
    "note": "zqvinternalnote",
    "payload": "zqvpayloadword",
}
PREFIX_LEN = 9  # "zqv" + 6 letters of each marker


def prefixes(markers: Iterable[str]) -> set[str]:
    return {m[:PREFIX_LEN].lower() for m in markers}


def dump(app) -> dict[str, list[tuple]]:
    """Every row of every table in the store, as plain values."""
    tables = {}
    with app.state.db.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            tables[table.name] = [tuple(row) for row in connection.execute(select(table))]
    return tables


def _text(value) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False) + str(value)
    return str(value)


def find_markers(app, markers: Iterable[str]) -> list[str]:
    """Where any of the markers (or their stems) is still stored: "table.column: value"."""
    wanted = prefixes(markers)
    found = []
    with app.state.db.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for row in connection.execute(select(table)).mappings():
                for column, value in row.items():
                    text = _text(value).lower()
                    if any(p in text for p in wanted):
                        found.append(f"{table.name}.{column}: {value!r}")
    return found


def count(app, model) -> int:
    from sqlalchemy import func

    with app.state.db.sessions() as session:
        return session.scalar(select(func.count()).select_from(model))
