"""Tests of the Rasa assistant (bot/, data/nlu/): run with .venv-rasa/bin/python -m pytest tests/rasa.

The data tests need only PyYAML and catalog_index and also run in the app's environment; the
action tests need rasa-sdk and skip without it.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
for path in (REPO_ROOT, REPO_ROOT / "scripts"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))
