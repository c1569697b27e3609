"""Configuration from the environment, with the embedded defaults (SQLite, demo catalog)."""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def catalog_path() -> Path:
    return Path(os.environ.get("SERVICETORG_CATALOG", REPO_ROOT / "data" / "catalog"))


def handover_level() -> int:
    """Services at or above this tjenestetrapp level go to a person when a citizen describes
    their own situation (6: specialist casework, such as barnevern)."""
    return int(os.environ.get("SERVICETORG_HANDOVER_LEVEL", "6"))
