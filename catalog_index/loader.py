"""Reading description files: the schema of the format, validation, and loading for serving.

`validate_catalog` reports every problem in every file. `load_catalog` does the same checks,
skips the files that have problems and serves the rest, so one bad file never takes the
assistant down.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

import yaml

from . import model as m
from .schema import (
    BOOL, DATE, DECIMAL, DURATION, EMAIL, PHONE, SLUG, STRING, TIME, URL,
    Context, Enum, Field, IntRange, ListOf, Object, Problem,
)

TEXT = Object({"nb": Field(STRING, True), "nn": Field(STRING)}, m.Text)
LINK = Object({"title": Field(TEXT, True), "url": Field(URL, True)}, m.Link)

CHANNEL_NEEDS = {"online": "url", "email": "address", "phone": "phone", "in_person": "address", "post": "address"}


def _channel_rules(values, node, ctx: Context, path: str) -> None:
    needed = CHANNEL_NEEDS[values["type"]]
    if needed not in values:
        ctx.report(node, f"{path}.{needed}", f"a channel of type {values['type']} needs '{needed}'")
    if values["type"] == "email" and "address" in values:
        EMAIL.check(yaml.ScalarNode("tag:yaml.org,2002:str", values["address"], node.start_mark), ctx, f"{path}.address")


CHANNEL = Object(
    {
        "type": Field(Enum(*CHANNEL_NEEDS), True),
        "url": Field(URL),
        "address": Field(STRING),
        "phone": Field(PHONE),
        "text": Field(TEXT),
    },
    m.Channel,
    _channel_rules,
)
HOW_TO_APPLY = Object({"text": Field(TEXT), "channels": Field(ListOf(CHANNEL))}, m.HowToApply)
PROCESSING_TIME = Object({"duration": Field(DURATION), "text": Field(TEXT)}, m.ProcessingTime)
AMOUNT = Object(
    {
        "label": Field(TEXT, True),
        "nok": Field(DECIMAL, True),
        "per": Field(Enum("once", "hour", "day", "week", "month", "year", "visit", "unit")),
    },
    m.Amount,
)
PRICE = Object({"text": Field(TEXT), "amounts": Field(ListOf(AMOUNT))}, m.Price)


def _slot_rules(values, node, ctx: Context, path: str) -> None:
    if values["opens"] >= values["closes"]:
        ctx.report(node, f"{path}.closes", "closes before it opens")


SLOT = Object(
    {
        "days": Field(ListOf(Enum(*m.WEEKDAYS), unique=True), True),
        "opens": Field(TIME, True),
        "closes": Field(TIME, True),
    },
    m.OpeningSlot,
    _slot_rules,
)
OPENING_HOURS = Object({"text": Field(TEXT), "hours": Field(ListOf(SLOT))}, m.OpeningHours)
CONTACT = Object(
    {
        "unit": Field(STRING, True),
        "phone": Field(PHONE),
        "email": Field(EMAIL),
        "web": Field(URL),
        "postal_address": Field(STRING),
        "visiting_address": Field(STRING),
        "opening_hours": Field(OPENING_HOURS),
    },
    m.Contact,
)
OWNER = Object({"name": Field(STRING, True), "unit": Field(STRING, True), "email": Field(EMAIL, True)}, m.Owner)
META = Object(
    {"municipality": Field(STRING, True), "fictional": Field(BOOL, True), "note": Field(STRING)}, m.Meta
)


def _service_rules(values, node, ctx: Context, path: str) -> None:
    if values.get("id") in values.get("related", ()):
        ctx.report(node, "related", "a service cannot be related to itself")
    if values.get("valid_from") and values.get("valid_to") and values["valid_to"] < values["valid_from"]:
        ctx.report(node, "valid_to", "is before valid_from")


SERVICE = Object(
    {
        # public
        "id": Field(SLUG, True),
        "title": Field(TEXT, True),
        "updated": Field(DATE, True),
        "description": Field(TEXT, True),
        "target_group": Field(TEXT),
        "eligibility": Field(TEXT),
        "deadline": Field(TEXT),
        "expectation": Field(TEXT),
        "documents": Field(ListOf(LINK)),
        "related": Field(ListOf(SLUG, unique=True)),
        "legal_basis": Field(ListOf(LINK)),
        "guidance": Field(TEXT),
        "how_to_apply": Field(HOW_TO_APPLY),
        "attachments": Field(TEXT),
        "processing": Field(TEXT),
        "processing_time": Field(PROCESSING_TIME),
        "appeal": Field(TEXT),
        "price": Field(PRICE),
        "notes": Field(TEXT),
        "contact": Field(CONTACT, True),
        # internal
        "internal_process": Field(TEXT),
        "internal_notes": Field(TEXT),
        "responsible_officers": Field(ListOf(STRING)),
        "office_responsibility": Field(TEXT),
        "owner": Field(OWNER, True),
        "created": Field(DATE),
        "published": Field(DATE, True),
        "valid_from": Field(DATE),
        "valid_to": Field(DATE),
        "review_by": Field(DATE, True),
        "keywords": Field(ListOf(STRING)),
        "situations": Field(ListOf(STRING)),
        "life_events": Field(ListOf(STRING)),
        "kostra_id": Field(STRING),
        "tjenestetrapp": Field(IntRange(1, 6), True),
        "meta": Field(META, True),
    },
    m.ServiceDescription,
    _service_rules,
)


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def parse_file(path: Path) -> tuple[Optional[m.ServiceDescription], list[Problem]]:
    """Read and check one description file on its own (no cross-file checks)."""
    service, ctx = _parse(path)
    return service, ctx.problems


def _parse(path: Path) -> tuple[Optional[m.ServiceDescription], Context]:
    ctx = Context(str(path))
    try:
        data = path.read_bytes()
    except OSError as err:
        ctx.report(None, "", f"cannot be read: {err.strerror}")
        return None, ctx
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = _line_of_offset(data, err.start)
        ctx.problems.append(
            Problem(str(path), line, None, f"is not UTF-8 (byte 0x{data[err.start]:02x} at line {line}); save the file as UTF-8")
        )
        return None, ctx
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        what = " ".join(p for p in (err.context, err.problem) if p)
        ctx.problems.append(Problem(str(path), line, None, f"is not valid YAML: {what}"))
        return None, ctx
    except yaml.YAMLError as err:
        ctx.problems.append(Problem(str(path), None, None, f"is not valid YAML: {err}"))
        return None, ctx
    if node is None:
        ctx.problems.append(Problem(str(path), None, None, "is empty"))
        return None, ctx
    service = SERVICE.check(node, ctx, "")
    if service is not None:
        expected = path.stem
        if service.id != expected:
            id_line = next((k.start_mark.line + 1 for k, _ in node.value if k.value == "id"), None)
            ctx.problems.append(
                Problem(str(path), id_line, "id", f"'{service.id}' does not match the file name (expected '{expected}')")
            )
            return None, ctx
        service = _with_source(service, str(path))
    return service, ctx


def _with_source(service: m.ServiceDescription, source: str) -> m.ServiceDescription:
    from dataclasses import replace

    return replace(service, source_path=source)


@dataclass
class Catalog:
    """The services that passed validation, by id, with a version for change detection."""

    services: dict[str, m.ServiceDescription]
    version: str
    problems: list[Problem] = field(default_factory=list)

    def get(self, service_id: str) -> Optional[m.ServiceDescription]:
        return self.services.get(service_id)

    def __iter__(self):
        return iter(self.services.values())

    def __len__(self) -> int:
        return len(self.services)

    def __contains__(self, service_id: str) -> bool:
        return service_id in self.services


def catalog_files(root: Path) -> list[Path]:
    root = Path(root)
    if root.is_file():
        return [root]
    return sorted(p for p in root.glob("*.y*ml") if p.suffix in (".yml", ".yaml"))


def catalog_version(files: Iterable[Path]) -> str:
    """A short hash of the files' names and bytes: changes whenever any description changes."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.name.encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            pass
    return digest.hexdigest()[:12]


def load_catalog(root: Path | str, strict_related: bool = True) -> Catalog:
    """Load every file; report problems; keep the good files.

    Cross-file checks: duplicate ids (the later file, by name, is skipped) and `related` ids
    that do not exist (reported; the file is still served, without the dangling reference).
    """
    root = Path(root)
    files = catalog_files(root)
    problems: list[Problem] = []
    if not root.exists():
        problems.append(Problem(str(root), None, None, "does not exist"))
    elif not files:
        problems.append(Problem(str(root), None, None, "has no description files (*.yml)"))
    services: dict[str, m.ServiceDescription] = {}
    lines: dict[str, dict[str, int]] = {}
    for path in files:
        service, ctx = _parse(path)
        problems.extend(ctx.problems)
        if service is None:
            continue
        if service.id in services:
            first = services[service.id].source_path
            problems.append(Problem(str(path), None, "id", f"'{service.id}' is already used by {first}; this file is skipped"))
            continue
        services[service.id] = service
        lines[service.id] = ctx.lines
    if strict_related:
        from dataclasses import replace

        for service_id, service in list(services.items()):
            missing = [(i, r) for i, r in enumerate(service.related) if r not in services]
            for i, related_id in missing:
                problems.append(
                    Problem(
                        service.source_path or service_id,
                        lines[service_id].get(f"related[{i}]"),
                        f"related[{i}]",
                        f"'{related_id}' is not a service in the catalog",
                    )
                )
            if missing:
                services[service_id] = replace(service, related=tuple(r for r in service.related if r in services))
    return Catalog(services=services, version=catalog_version(files), problems=problems)


def validate_catalog(root: Path | str) -> list[Problem]:
    return load_catalog(root).problems
