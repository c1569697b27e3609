"""Reading the NLU training data as the tests need it: examples, entity annotations."""
from __future__ import annotations

import json
import re
import string
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
NLU_DIR = REPO_ROOT / "data" / "nlu"
EVAL_DIR = REPO_ROOT / "data" / "eval"  # dev.jsonl and holdout.jsonl
GENERATED = NLU_DIR / "catalog_generated.yml"

# [text](entity) or [text]{"entity": "...", "value": "..."}
_ANNOTATION = re.compile(r"\[(?P<text>[^\]]+)\](?:\((?P<entity>[^)]+)\)|(?P<json>\{[^}]*\}))")


@dataclass(frozen=True)
class Example:
    intent: str
    raw: str  # with annotations
    file: str

    @property
    def text(self) -> str:
        return _ANNOTATION.sub(lambda m: m.group("text"), self.raw)

    def annotations(self) -> list[tuple[str, str, str | None]]:
        """(surface text, entity, explicit value or None)."""
        out = []
        for m in _ANNOTATION.finditer(self.raw):
            if m.group("json"):
                data = json.loads(m.group("json"))
                out.append((m.group("text"), data["entity"], data.get("value")))
            else:
                out.append((m.group("text"), m.group("entity"), None))
        return out


def normalise(text: str) -> str:
    """Case-insensitive, punctuation stripped, whitespace collapsed."""
    table = str.maketrans({c: " " for c in string.punctuation + "«»“”‘’–—…"})
    return " ".join(text.lower().translate(table).split())


def examples() -> list[Example]:
    out: list[Example] = []
    for path in sorted(NLU_DIR.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("nlu", []):
            if "intent" not in item:
                continue
            for line in item["examples"].splitlines():
                line = line.strip()
                if line.startswith("- "):
                    out.append(Example(item["intent"], line[2:].strip(), path.name))
    return out


def eval_texts() -> set[str]:
    return {
        normalise(json.loads(line)["text"])
        for path in sorted(EVAL_DIR.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
