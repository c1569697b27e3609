"""A small schema language over YAML nodes, so that every problem has a line and a field.

We validate the composed node tree (not the constructed Python values) because only nodes
know their line numbers, and because PyYAML silently drops duplicate keys when it constructs.
Each spec checks a node and returns the Python value, or reports problems and returns None.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Optional
from urllib.parse import urlsplit

import yaml

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ]{2,18}$")
TIME_RE = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")
DURATION_RE = re.compile(
    r"^P(?!$)(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?=\d)(?:(?P<hours>\d+)H)?)?$"
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a description file, said in plain words."""

    file: str
    line: Optional[int]
    field: Optional[str]
    message: str

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class Context:
    """Collects problems for one file."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        # The line of every checked field, so cross-file checks can point at it later.
        self.lines: dict[str, int] = {}

    def report(self, node: Optional[yaml.Node], path: str, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else None
        self.problems.append(Problem(self.file, line, path or None, message))


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"'{node.value}'"


class Spec:
    def check(self, node: yaml.Node, ctx: Context, path: str) -> Any:  # pragma: no cover
        raise NotImplementedError


class Scalar(Spec):
    """A scalar parsed by `parse`, which raises ValueError with a plain message."""

    def __init__(self, parse: Callable[[str, yaml.ScalarNode], Any], expected: str):
        self.parse = parse
        self.expected = expected

    def check(self, node, ctx, path):
        if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
            ctx.report(node, path, f"expected {self.expected}, found {_describe(node) if not isinstance(node, yaml.ScalarNode) else 'nothing'}")
            return None
        try:
            return self.parse(node.value.strip(), node)
        except ValueError as err:
            ctx.report(node, path, str(err))
            return None


def _string(value: str, node) -> str:
    if not value:
        raise ValueError("is empty")
    return value


def _slug(value: str, node) -> str:
    if not SLUG_RE.match(value):
        raise ValueError(f"'{value}' is not a valid id: use lower-case letters a-z, digits and hyphens")
    return value


def _url(value: str, node) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or "." not in parts.netloc or " " in value:
        raise ValueError(f"'{value}' is not a valid web address (it must start with https://)")
    return value


def _email(value: str, node) -> str:
    if not EMAIL_RE.match(value):
        raise ValueError(f"'{value}' is not a valid e-mail address")
    return value


def _phone(value: str, node) -> str:
    if not PHONE_RE.match(value):
        raise ValueError(f"'{value}' is not a valid phone number (digits and spaces, optionally +47)")
    return value


def _date(value: str, node) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a valid date: write it as YYYY-MM-DD") from None


def _time(value: str, node) -> dt.time:
    match = TIME_RE.match(value)
    if not match:
        raise ValueError(f"'{value}' is not a valid time: write it as \"HH:MM\" in quotes")
    return dt.time(int(match.group(1)), int(match.group(2)))


def _bool(value: str, node) -> bool:
    lowered = value.lower()
    if lowered in ("true", "yes"):
        return True
    if lowered in ("false", "no"):
        return False
    raise ValueError(f"'{value}' is not true or false")


def _decimal(value: str, node) -> Decimal:
    try:
        amount = Decimal(value.replace(" ", ""))
    except InvalidOperation:
        raise ValueError(f"'{value}' is not a number") from None
    if amount < 0 or not amount.is_finite():
        raise ValueError(f"'{value}' is not an amount of zero or more")
    return amount


def duration_from_iso(value: str):
    from .model import Duration

    match = DURATION_RE.match(value)
    if not match:
        raise ValueError(
            f"'{value}' is not an ISO 8601 duration: write for example P3W (3 weeks), P12W, P1M or P2D"
        )
    parts = {k: int(v) for k, v in match.groupdict().items() if v}
    return Duration(iso=value, **parts)


def _duration(value: str, node):
    return duration_from_iso(value)


STRING = Scalar(_string, "text")
SLUG = Scalar(_slug, "an id")
URL = Scalar(_url, "a web address")
EMAIL = Scalar(_email, "an e-mail address")
PHONE = Scalar(_phone, "a phone number")
DATE = Scalar(_date, "a date (YYYY-MM-DD)")
TIME = Scalar(_time, "a time (\"HH:MM\")")
BOOL = Scalar(_bool, "true or false")
DECIMAL = Scalar(_decimal, "an amount")
DURATION = Scalar(_duration, "an ISO 8601 duration")


class IntRange(Spec):
    def __init__(self, low: int, high: int):
        self.low, self.high = low, high

    def check(self, node, ctx, path):
        if isinstance(node, yaml.ScalarNode) and re.fullmatch(r"-?\d+", node.value.strip()):
            value = int(node.value)
            if self.low <= value <= self.high:
                return value
        ctx.report(node, path, f"expected a whole number from {self.low} to {self.high}, found {_describe(node)}")
        return None


class Enum(Spec):
    def __init__(self, *values: str):
        self.values = values

    def check(self, node, ctx, path):
        if isinstance(node, yaml.ScalarNode) and node.value in self.values:
            return node.value
        ctx.report(node, path, f"expected one of {', '.join(self.values)}, found {_describe(node)}")
        return None


class ListOf(Spec):
    def __init__(self, item: Spec, unique: bool = False):
        self.item = item
        self.unique = unique

    def check(self, node, ctx, path):
        if not isinstance(node, yaml.SequenceNode):
            ctx.report(node, path, f"expected a list, found {_describe(node)}")
            return None
        values = []
        for i, child in enumerate(node.value):
            ctx.lines[f"{path}[{i}]"] = child.start_mark.line + 1
            value = self.item.check(child, ctx, f"{path}[{i}]")
            if value is not None:
                if self.unique and value in values:
                    ctx.report(child, f"{path}[{i}]", f"'{value}' is listed twice")
                    continue
                values.append(value)
        return tuple(values)


@dataclass(frozen=True)
class Field:
    spec: Spec
    required: bool = False


class Object(Spec):
    """A mapping with known keys; unknown keys, duplicates and missing required keys are problems.

    `build` makes the model object from the checked values, only when the subtree had no problem.
    `rules` adds checks across keys (a channel of type online needs a url).
    """

    def __init__(
        self,
        fields: dict[str, Field],
        build: Callable[..., Any],
        rules: Optional[Callable[[dict, yaml.Node, Context, str], None]] = None,
    ):
        self.fields = fields
        self.build = build
        self.rules = rules

    def check(self, node, ctx, path):
        if not isinstance(node, yaml.MappingNode):
            ctx.report(node, path, f"expected a mapping of fields, found {_describe(node)}")
            return None
        before = len(ctx.problems)
        values: dict[str, Any] = {}
        seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            key_path = f"{path}.{key}" if path else key
            if key in seen:
                ctx.report(key_node, key_path, f"is given twice (first on line {seen[key].start_mark.line + 1})")
                continue
            seen[key] = key_node
            ctx.lines[key_path] = key_node.start_mark.line + 1
            spec = self.fields.get(key)
            if spec is None:
                known = ", ".join(sorted(self.fields))
                ctx.report(key_node, key_path, f"unknown field '{key}' (known fields here: {known})")
                continue
            if isinstance(value_node, yaml.ScalarNode) and value_node.tag == "tag:yaml.org,2002:null":
                if spec.required:
                    ctx.report(value_node, key_path, "is required but empty")
                continue
            value = spec.spec.check(value_node, ctx, key_path)
            if value is not None:
                values[key] = value
        for key, spec in self.fields.items():
            if spec.required and key not in seen:
                ctx.report(node, f"{path}.{key}" if path else key, "is required but missing")
        if self.rules is not None and len(ctx.problems) == before:
            self.rules(values, node, ctx, path)
        if len(ctx.problems) > before:
            return None
        return self.build(**values)
