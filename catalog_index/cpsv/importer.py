"""CPSV-AP-NO (Turtle or JSON-LD) into description files, reporting what cannot be mapped."""
from __future__ import annotations

import datetime as dt
import json
import logging
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Iterable, Optional

import yaml
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.namespace import DCTERMS as DCT, FOAF, RDF, RDFS, SKOS

from .. import model as m
from ..loader import parse_file
from ..schema import DURATION_RE, EMAIL_RE, PHONE_RE

from .vocabulary import CPSV, CPSVNO, CV, DCATNO, VCARD, SCHEMA, LANGUAGE, CURRENCY, PREFIXES, CHANNEL_TYPE_NAMES, PER_WORDS, DAYS

# --------------------------------------------------------------------------------------------
# Import
# --------------------------------------------------------------------------------------------


class ImportError_(Exception):
    """The input cannot be imported at all (unreadable or malformed); the message says where."""


@dataclass
class PlannedFile:
    slug: str
    subject: str
    text: Optional[str] = None  # the YAML, if it validated
    problems: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    source: Path
    target: Path
    dry_run: bool
    files: list[PlannedFile] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)

    def report_lines(self) -> list[str]:
        return list(self.lines)


SERVICE_CLASSES = (CPSV.PublicService, CPSVNO.Service)
PLACEHOLDER_EMAIL = "ukjent@eier.invalid"


def import_file(path, target_dir, dry_run: bool = False, force: bool = False,
                today: Optional[dt.date] = None) -> ImportResult:
    """Read CPSV-AP-NO services into description files in target_dir (see the module docstring)."""
    path, target = Path(path), Path(target_dir)
    today = today or dt.date.today()
    graph = parse_rdf(path)
    result = ImportResult(source=path, target=target, dry_run=dry_run)
    reader = _Reader(graph)
    subjects = sorted({s for cls in SERVICE_CLASSES for s in graph.subjects(RDF.type, cls)}, key=str)
    if not subjects:
        result.lines.append(
            f"{path}: no public service (cpsv:PublicService or cpsvno:Service) in the file; nothing to import")
    slugs = _assign_slugs(graph, subjects)
    for subject in subjects:
        result.lines.append(f"service {reader.show(subject)} -> {slugs[subject]}.yml")
        planned = _import_service(reader, subject, slugs, today, path, result.lines)
        result.files.append(planned)
    result.lines.extend(reader.unmapped_lines(visited_roots=subjects))
    for planned in result.files:
        _validate_and_write(planned, result, force)
    return result


def parse_rdf(path: Path) -> Graph:
    """Parse Turtle or JSON-LD (by extension; otherwise Turtle, then JSON-LD)."""
    if not path.is_file():
        raise ImportError_(f"{path}: no such file")
    suffix = path.suffix.lower()
    formats = {".ttl": ["turtle"], ".jsonld": ["json-ld"], ".json": ["json-ld"]}.get(suffix, ["turtle", "json-ld"])
    errors = []
    for fmt in formats:
        graph = Graph()
        try:
            # rdflib logs a traceback for every ill-typed literal; we report those ourselves.
            with _quiet_rdflib():
                graph.parse(path, format=fmt)
            return graph
        except Exception as err:  # rdflib raises many kinds; each is a malformed input here
            errors.append(_where(path, fmt, err))
    raise ImportError_("; ".join(errors))


class _quiet_rdflib:
    def __enter__(self):
        self.logger = logging.getLogger("rdflib.term")
        self.level = self.logger.level
        self.logger.setLevel(logging.CRITICAL)

    def __exit__(self, *exc):
        self.logger.setLevel(self.level)


def _where(path: Path, fmt: str, err: Exception) -> str:
    """'<file>, line L, column C: <what>' from whatever the parser gives."""
    if isinstance(err, BadSyntax):
        # Count the line from the character offset: rdflib's own line count drifts after
        # multi-line strings.
        text, offset = err._str.decode("utf-8", "replace"), err._i
        line = text.count("\n", 0, offset) + 1
        column = offset - text.rfind("\n", 0, offset)
        snippet = " ".join(text[max(0, offset - 40):offset + 30].split())
        return (f"{path}, line {line}, column {column}: malformed {fmt}: {err._why} "
                f"(near «{snippet}»)")
    if isinstance(err, json.JSONDecodeError):
        return f"{path}, line {err.lineno}, column {err.colno}: malformed {fmt}: {err.msg}"
    if isinstance(err, UnicodeDecodeError):
        return f"{path}: not UTF-8 (byte {err.start}): {err.reason}"
    match = re.search(r"line (\d+)", str(err))
    where = f", line {match.group(1)}" if match else ""
    return f"{path}{where}: malformed {fmt}: {type(err).__name__}: {err}"


def slugify(text: str) -> str:
    """Lower-case ASCII id: æ→ae, ø→o, å→a, anything else non-alphanumeric becomes '-'."""
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _assign_slugs(graph: Graph, subjects: list) -> dict:
    slugs, used = {}, set()
    for subject in subjects:
        base = _slug_for(graph, subject) or "tjeneste"
        slug, n = base, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        slugs[subject] = slug
    return slugs


def _slug_for(graph: Graph, subject) -> str:
    """From dct:identifier: a plain token, or a URL's last path segment if it has no file
    extension; otherwise from the nb title."""
    identifier = graph.value(subject, DCT.identifier)
    if identifier is not None:
        value = str(identifier).strip()
        if re.fullmatch(r"[A-Za-z0-9æøåÆØÅ _-]+", value):
            return slugify(value)
        if value.startswith(("http://", "https://")):
            last = value.rstrip("/").rsplit("/", 1)[-1].split("#")[0]
            if last and "." not in last and re.fullmatch(r"[A-Za-z0-9_-]+", last):
                return slugify(last)
    title = _Reader(graph).text(subject, DCT.title, consume=False)
    return slugify(title.nb) if title else ""


class _Reader:
    """Reads values out of the graph and remembers which triples it used, so the rest can be
    reported as not mapped."""

    def __init__(self, graph: Graph):
        self.g = graph
        self.used: set[tuple] = set()
        self.visited: set = set()
        self.notes: list[str] = []
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns, override=False)

    def show(self, node) -> str:
        if isinstance(node, URIRef):
            try:
                prefix, _, name = self.g.namespace_manager.compute_qname(str(node), generate=False)
                if prefix in PREFIXES or prefix in ("rdf", "dc", "adms", "locn", "time", "xkos", "odrl"):
                    return f"{prefix}:{name}"
            except (ValueError, KeyError):
                pass
            return f"<{node}>"
        if isinstance(node, BNode):
            return "[blank node]"
        return repr(str(node)[:60])

    def visit(self, node) -> bool:
        """Mark a node as read; False if the file says nothing about it."""
        self.visited.add(node)
        for t in self.g.triples((node, RDF.type, None)):
            self.used.add(t)
        return (node, None, None) in self.g

    def objects(self, subject, predicate) -> list:
        return sorted(self.g.objects(subject, predicate), key=str)

    def use(self, subject, predicate, obj) -> None:
        self.used.add((subject, predicate, obj))

    def first(self, subject, *predicates):
        """The first value of the first predicate that has one (and mark it used)."""
        for predicate in predicates:
            for obj in self.objects(subject, predicate):
                self.use(subject, predicate, obj)
                return obj
        return None

    def text(self, subject, predicate, consume: bool = True) -> Optional[m.Text]:
        """nb and nn values; an untagged value (or 'no') counts as nb. Other languages stay
        unused and are reported."""
        by_lang: dict[str, list] = {}
        for obj in self.objects(subject, predicate):
            if not isinstance(obj, Literal):
                continue
            lang = (obj.language or "").lower().split("-")[0]
            by_lang.setdefault(lang, []).append(obj)
        nb = by_lang.get("nb") or by_lang.get("") or by_lang.get("no") or by_lang.get("nob")
        nn = by_lang.get("nn") or by_lang.get("nno")
        if not nb and nn:
            nb, nn = nn, None  # nynorsk only: it has to fill the required bokmål slot
            if consume:
                self.notes.append(f"note: {self.show(predicate)} on {self.show(subject)} has only nynorsk; used as nb too")
        if not nb:
            return None
        if consume:
            for obj in nb[:1] + (nn or [])[:1]:
                self.use(subject, predicate, obj)
        return m.Text(str(nb[0]).strip(), str(nn[0]).strip() if nn else None)

    def unmapped_lines(self, visited_roots: Iterable) -> list[str]:
        lines = list(self.notes)
        groups: dict[tuple, list] = {}
        for s, p, o in self.g:
            if (s, p, o) in self.used:
                continue
            if s in self.visited:
                groups.setdefault((s, p), []).append(o)
        for (s, p), objs in sorted(groups.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
            lines.append(f"not mapped: {self._describe(p, objs)} on {self.show(s)}")
        others: dict = {}
        for s, p, o in self.g:
            if s not in self.visited and (s, p, o) not in self.used and not isinstance(s, BNode):
                others.setdefault(s, 0)
                others[s] += 1
        for s in sorted(others, key=str):
            kinds = ", ".join(self.show(t) for t in sorted(self.g.objects(s, RDF.type), key=str)) or "untyped"
            lines.append(f"not mapped: {self.show(s)} ({kinds}, {others[s]} triple(s)): not used by any imported service")
        return lines

    def _describe(self, predicate, objs) -> str:
        langs = sorted({o.language for o in objs if isinstance(o, Literal) and o.language})
        what = self.show(predicate)
        if langs:
            what += "@" + "@".join(langs)
        if len(objs) == 1:
            obj = objs[0]
            detail = self.show(obj)
            if isinstance(obj, Literal) and obj.ill_typed:
                detail += f" (not a valid {self.show(obj.datatype)})"
            elif isinstance(obj, URIRef) and (obj, None, None) not in self.g:
                detail += " (not described in this file)"
            return f"{what} {detail}"
        undescribed = [o for o in objs if isinstance(o, URIRef) and (o, None, None) not in self.g]
        extra = f", {len(undescribed)} not described in this file" if undescribed else ""
        return f"{what} ({len(objs)} values{extra})"


def _import_service(reader: _Reader, s, slugs: dict, today: dt.date, source: Path, lines: list) -> PlannedFile:
    """Build the YAML for one service; placeholders are added to `lines`."""
    g = reader.g
    reader.visit(s)
    slug = slugs[s]
    planned = PlannedFile(slug=slug, subject=str(s))
    placeholders: list[str] = []

    def placeholder(field_name: str, value, why: str):
        shown = value.isoformat() if isinstance(value, dt.date) else repr(value)
        placeholders.append(f"placeholder: {slug}.{field_name} = {shown} ({why})")
        return value

    title = reader.text(s, DCT.title)
    if title is None:
        planned.problems.append("has no dct:title in nb, nn or without language; a description needs a title")
        return planned
    reader.first(s, DCT.identifier)
    for lang in (LANGUAGE.NOB, LANGUAGE.NNO):  # said by the language tags we read anyway
        if (s, DCT.language, lang) in g:
            reader.use(s, DCT.language, lang)
    description = reader.text(s, DCT.description) or placeholder(
        "description", m.Text("Beskrivelse mangler."), "no dct:description in nb/nn")
    modified = reader.first(s, DCT.modified)
    updated = _as_date(modified)
    if updated is None:
        updated = placeholder("updated", today, "no dct:modified on the service")

    org, org_name = _read_organisation(reader, s)
    contact = _read_contact(reader, s, org_name, placeholder)
    data: dict = {"id": slug, "title": _text_dict(title), "updated": updated, "description": _text_dict(description)}

    audience = _read_audience(reader, s)
    if audience:
        data["target_group"] = _text_dict(audience)
    eligibility = _read_joined(reader, s, CV.holdsRequirement, CV.Requirement)
    if eligibility:
        data["eligibility"] = _text_dict(eligibility)
    related = _read_related(reader, s, slugs)
    if related:
        data["related"] = related
    legal = _read_legal(reader, s)
    if legal:
        data["legal_basis"] = legal
    channels = _read_channels(reader, s)
    if channels:
        data["how_to_apply"] = {"channels": channels}
    attachments = _read_joined(reader, s, CPSVNO.hasRequiredEvidence, CPSVNO.RequiredEvidence)
    if attachments:
        data["attachments"] = _text_dict(attachments)
    duration = _read_duration(reader, s)
    if duration:
        data["processing_time"] = {"duration": duration}
    price = _read_price(reader, s)
    if price:
        data["price"] = price
    data["contact"] = contact

    owner_name = org_name or contact["unit"]
    data["owner"] = {
        "name": placeholder("owner.name", f"{owner_name} (eier ikke oppgitt)", "CPSV-AP-NO has no content owner"),
        "unit": placeholder("owner.unit", contact["unit"], "from the contact point"),
        "email": placeholder("owner.email", contact.get("email") or PLACEHOLDER_EMAIL,
                             "the contact e-mail" if contact.get("email") else "no e-mail in the file"),
    }
    data["published"] = placeholder("published", today, "the day of the import")
    data["review_by"] = placeholder("review_by", _one_year_after(today), "one year after the import")
    data["tjenestetrapp"] = placeholder("tjenestetrapp", 1, "level unknown; 1 = information only")
    data["meta"] = {
        "municipality": placeholder("meta.municipality", org_name or "Ukjent kommune",
                                    "from the publisher" if org_name else "no publisher name in the file"),
        "fictional": placeholder("meta.fictional", False, "imported from an outside source"),
        "note": f"Importert fra {source.name} ({s}) {today.isoformat()}.",
    }
    lines.extend(placeholders)
    planned.text = _to_yaml(data, source, s, placeholders)
    return planned


def _text_dict(text: m.Text) -> dict:
    return {"nb": text.nb, **({"nn": text.nn} if text.nn else {})}


def _as_date(value) -> Optional[dt.date]:
    if isinstance(value, Literal) and not value.ill_typed:
        v = value.toPython()
        if isinstance(v, dt.datetime):
            return v.date()
        if isinstance(v, dt.date):
            return v
    return None


def _one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day + dt.timedelta(days=365)


def _read_organisation(reader: _Reader, s):
    """The competent authority (or owner, or the publisher of a catalog holding the service)."""
    g = reader.g
    candidates = [(s, p, o) for p in (CV.hasCompetentAuthority, CV.ownedBy) for o in reader.objects(s, p)]
    for cat in g.subjects(DCATNO.containsService, s):
        candidates += [(cat, DCT.publisher, o) for o in reader.objects(cat, DCT.publisher)]
    for subj, pred, org in candidates:
        if reader.visit(org):
            name = reader.text(org, SKOS.prefLabel) or reader.text(org, DCT.title) or reader.text(org, FOAF.name)
            if name:
                if subj == s:
                    reader.use(s, pred, org)
                reader.first(org, DCT.identifier)
                return org, name.nb
    return None, None


def _read_contact(reader: _Reader, s, org_name, placeholder) -> dict:
    contact: dict = {}
    for cp in reader.objects(s, CV.contactPoint):
        if not reader.visit(cp):
            continue
        reader.use(s, CV.contactPoint, cp)
        unit = reader.first(cp, VCARD["organization-unit"])
        unit_text = unit and str(unit) or _text_nb(reader, cp, VCARD.hasOrganizationUnit) or \
            _text_nb(reader, cp, VCARD.hasOrganizationName) or _text_nb(reader, cp, SCHEMA.contactType)
        if unit_text:
            contact["unit"] = unit_text
        for key, predicates, parse in (
            ("email", (CV.email, VCARD.hasEmail), _email),
            ("phone", (CV.telephone, VCARD.hasTelephone), _phone),
            ("web", (CV.contactPage, VCARD.hasURL), _url),
        ):
            value = _take(reader, cp, predicates, parse)
            if value:
                contact[key] = value
        for address in reader.objects(cp, VCARD.hasAddress):
            text = _address_text(reader, address)
            if text:
                key = "postal_address" if (address, RDF.type, VCARD.Postal) in reader.g else "visiting_address"
                if key not in contact:
                    contact[key] = text
                    reader.use(cp, VCARD.hasAddress, address)
        hours = _read_opening_hours(reader, cp)
        if hours:
            contact["opening_hours"] = hours
        break  # our format has one contact; any others are reported as not mapped
    if "web" not in contact:
        homepage = _take(reader, s, (FOAF.homepage,), _url)
        if homepage:
            contact["web"] = homepage
    elif _url(reader.g.value(s, FOAF.homepage) or "") == contact["web"]:
        reader.use(s, FOAF.homepage, reader.g.value(s, FOAF.homepage))
    if "unit" not in contact:
        contact = {"unit": placeholder("contact.unit", org_name or "Ukjent enhet",
                                       "no unit name on the contact point"), **contact}
    return {"unit": contact.pop("unit"), **contact}


def _take(reader: _Reader, subject, predicates, parse) -> Optional[str]:
    """The first value that `parse` accepts; only that one counts as used (bad ones get reported)."""
    for predicate in predicates:
        for obj in reader.objects(subject, predicate):
            value = parse(obj)
            if value:
                reader.use(subject, predicate, obj)
                return value
    return None


def _text_nb(reader: _Reader, subject, predicate) -> Optional[str]:
    text = reader.text(subject, predicate)
    return text.nb if text else None


def _email(value) -> Optional[str]:
    text = str(value).strip()
    text = text[7:] if text.lower().startswith("mailto:") else text
    return text if EMAIL_RE.match(text) else None


def _phone(value) -> Optional[str]:
    text = str(value).strip()
    text = text[4:] if text.lower().startswith("tel:") else text
    digits = text.replace(" ", "")
    if re.fullmatch(r"\+47\d{8}", digits):  # write Norwegian numbers the way our files do
        d = digits[3:]
        text = f"+47 {d[0:2]} {d[2:4]} {d[4:6]} {d[6:8]}"
    return text if PHONE_RE.match(text) else None


def _url(value) -> Optional[str]:
    text = str(value).strip()
    return text if re.match(r"https?://[^\s/]+\.[^\s/]+", text) and " " not in text else None


def _address_text(reader: _Reader, address) -> Optional[str]:
    if isinstance(address, Literal):
        return str(address)
    if not reader.visit(address):
        return None
    street = reader.first(address, VCARD["street-address"], SCHEMA.streetAddress)
    code = reader.first(address, VCARD["postal-code"])
    place = reader.first(address, VCARD.locality)
    reader.text(address, VCARD["country-name"])  # Norway goes without saying in our format
    tail = " ".join(str(x) for x in (code, place) if x is not None)
    parts = [str(street)] if street is not None else []
    if tail:
        parts.append(tail)
    return ", ".join(parts) or None


def _read_opening_hours(reader: _Reader, node) -> Optional[dict]:
    hours: dict = {}
    text = reader.text(node, SCHEMA.openingHours)
    if text:
        hours["text"] = _text_dict(text)
    slots = []
    for spec in reader.objects(node, SCHEMA.hoursAvailable):
        if not reader.visit(spec):
            continue
        days = []
        for day in reader.objects(spec, SCHEMA.dayOfWeek):
            name = str(day).rsplit("/", 1)[-1]
            key = next((k for k, v in DAYS.items() if v == name), None)
            if key:
                days.append(key)
                reader.use(spec, SCHEMA.dayOfWeek, day)
        opens, closes = reader.first(spec, SCHEMA.opens), reader.first(spec, SCHEMA.closes)
        if days and opens is not None and closes is not None:
            slots.append({"days": sorted(days, key=list(DAYS).index), "opens": str(opens)[:5], "closes": str(closes)[:5]})
            reader.use(node, SCHEMA.hoursAvailable, spec)
    if slots:  # RDF keeps no order: sort by first day, then opening time
        hours["hours"] = sorted(slots, key=lambda x: (list(DAYS).index(x["days"][0]), x["opens"]))
    return hours or None


def _read_audience(reader: _Reader, s) -> Optional[m.Text]:
    for concept in reader.objects(s, DCT.audience):
        if reader.visit(concept):
            label = reader.text(concept, SKOS.prefLabel)
            if label:
                reader.use(s, DCT.audience, concept)
                return label
    return None


def _read_joined(reader: _Reader, s, predicate, cls) -> Optional[m.Text]:
    """Requirements or evidence as one text: the description, or 'title: description' each."""
    parts = []
    for node in reader.objects(s, predicate):
        if not reader.visit(node):
            continue
        title, description = reader.text(node, DCT.title), reader.text(node, DCT.description)
        reader.first(node, DCT.identifier)
        if title or description:
            parts.append((title, description))
            reader.use(s, predicate, node)
    if not parts:
        return None
    if len(parts) == 1:
        title, description = parts[0]
        return description or title

    def join(lang):
        out = []
        for title, description in parts:
            t = title.get(lang) if title else None
            d = description.get(lang) if description else None
            out.append(f"{t}: {d}" if t and d else (t or d))
        return "\n".join(out)

    nn_ok = all((t is None or t.nn) and (d is None or d.nn) for t, d in parts)
    return m.Text(join("nb"), join("nn") if nn_ok else None)


def _read_related(reader: _Reader, s, slugs: dict) -> list:
    related = []
    for other in reader.objects(s, CV.relatedService):
        if other in slugs and other != s:
            related.append(slugs[other])
            reader.use(s, CV.relatedService, other)
    return related


def _read_legal(reader: _Reader, s) -> list:
    links, seen = [], set()

    def add(resource) -> bool:
        if not reader.visit(resource):
            return False
        url = reader.first(resource, RDFS.seeAlso)
        url = _url(url) if url is not None else _url(resource)
        title = reader.text(resource, DCT.title)
        if not url or not title:
            return False
        reader.first(resource, DCT.identifier)
        if url not in seen:
            seen.add(url)
            links.append({"title": _text_dict(title), "url": url})
        return True

    for resource in reader.objects(s, CV.hasLegalResource):
        if add(resource):
            reader.use(s, CV.hasLegalResource, resource)
    # A rule (cpsv:follows) counts through the legal resources it implements.
    for rule in reader.objects(s, CPSV.follows):
        if not reader.visit(rule):
            continue
        for resource in reader.objects(rule, CPSV.implements):
            if add(resource):
                reader.use(rule, CPSV.implements, resource)
                reader.use(s, CPSV.follows, rule)
    return links


def _read_channels(reader: _Reader, s) -> list:
    channels = []
    for node in reader.objects(s, CV.hasChannel):
        if not reader.visit(node):
            continue
        channel = _read_channel(reader, node)
        if channel:
            channels.append(channel)
            reader.use(s, CV.hasChannel, node)
            reader.first(node, DCT.identifier)
    return channels


def _read_channel(reader: _Reader, node) -> Optional[dict]:
    kind_uri = reader.g.value(node, DCT.type)
    kind = CHANNEL_TYPE_NAMES.get(kind_uri)
    addresses = reader.objects(node, VCARD.hasAddress)
    if kind is None and kind_uri is None and addresses:
        kind = "post" if any((a, RDF.type, VCARD.Postal) in reader.g for a in addresses) else "in_person"
    if kind is None:
        return None
    channel: dict = {"type": kind}
    if kind == "online":
        url = reader.first(node, VCARD.hasURL)
        if url is None or not _url(url):
            return None
        channel["url"] = _url(url)
    elif kind == "email":
        email = reader.g.value(node, VCARD.hasEmail)
        if email is None or not _email(email):
            return None
        reader.use(node, VCARD.hasEmail, email)
        channel["address"] = _email(email)
    elif kind == "phone":
        phone = reader.g.value(node, VCARD.hasTelephone)
        if phone is None or not _phone(phone):
            return None
        reader.use(node, VCARD.hasTelephone, phone)
        channel["phone"] = _phone(phone)
    else:
        text = next((t for t in (_address_text(reader, a) for a in addresses) if t), None)
        if not text:
            return None
        reader.use(node, VCARD.hasAddress, addresses[0])
        channel["address"] = text
    if kind_uri is not None:
        reader.use(node, DCT.type, kind_uri)
    description = reader.text(node, DCT.description)
    if description:
        channel["text"] = _text_dict(description)
    return channel


def _read_duration(reader: _Reader, s) -> Optional[str]:
    for value in reader.objects(s, CV.processingTime):
        if DURATION_RE.match(str(value)):
            reader.use(s, CV.processingTime, value)
            return str(value)
    return None


def _read_price(reader: _Reader, s) -> Optional[dict]:
    texts, amounts = [], []
    for cost in reader.objects(s, CV.hasCost):
        if not reader.visit(cost):
            continue
        description = reader.text(cost, DCT.description)
        value = next((v for p in (CV.hasValue, CV.value) for v in reader.objects(cost, p)), None)
        currency = reader.g.value(cost, CV.currency)
        if value is None:
            if description:
                texts.append(description)
                reader.use(s, CV.hasCost, cost)
                reader.first(cost, DCT.identifier)
            continue
        nok = _amount(value)
        if nok is None or currency not in (None, CURRENCY["NOK"]):
            continue  # left unused: reported with the reason (ill-typed value, other currency)
        for p in (CV.hasValue, CV.value):
            reader.use(cost, p, value)
        if currency is not None:
            reader.use(cost, CV.currency, currency)
        reader.first(cost, DCT.identifier)
        label, per = _split_per(description) if description else (m.Text("Gebyr", "Gebyr"), None)
        amount = {"label": _text_dict(label), "nok": int(nok) if nok == nok.to_integral_value() else str(nok)}
        if per:
            amount["per"] = per
        amounts.append(amount)
        reader.use(s, CV.hasCost, cost)
    if not texts and not amounts:
        return None
    price: dict = {}
    if texts:
        price["text"] = {"nb": "\n".join(t.nb for t in texts)}
        if all(t.nn for t in texts):
            price["text"]["nn"] = "\n".join(t.nn for t in texts)
    if amounts:
        price["amounts"] = amounts
    return price


def _amount(value) -> Optional[Decimal]:
    if not isinstance(value, Literal) or value.ill_typed:
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    return amount if amount.is_finite() and amount >= 0 else None


def _split_per(text: m.Text) -> tuple[m.Text, Optional[str]]:
    for per, (nb_word, nn_word) in PER_WORDS.items():
        if text.nb.endswith(", " + nb_word):
            nn = text.nn
            if nn and nn.endswith(", " + nn_word):
                nn = nn[: -len(", " + nn_word)]
            return m.Text(text.nb[: -len(", " + nb_word)], nn), per
    return text, None


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):  # the same date twice is written twice, not as &id001
        return True


def _str_presenter(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


def _to_yaml(data: dict, source: Path, subject, placeholders: list[str]) -> str:
    header = [f"# Imported from {source.name} ({subject}) by `servicetorg catalog import`."]
    if placeholders:
        header.append("# Placeholders to check and replace before publishing:")
        header += [f"#   {p.split(': ', 1)[1]}" for p in placeholders]
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return "\n".join(header) + "\n" + body


def _validate_and_write(planned: PlannedFile, result: ImportResult, force: bool) -> None:
    target = result.target / f"{planned.slug}.yml"
    if planned.text is None:
        result.lines.append(f"refused: {target.name}: " + "; ".join(planned.problems))
        return
    with tempfile.TemporaryDirectory() as tmp:
        candidate = Path(tmp) / f"{planned.slug}.yml"
        candidate.write_text(planned.text, encoding="utf-8")
        _service, problems = parse_file(candidate)
    if problems:
        planned.problems = [str(p).replace(str(candidate), target.name) for p in problems]
        result.lines.append(f"refused: {target.name} does not validate: " + "; ".join(planned.problems))
        return
    if target.exists() and not force:
        result.skipped.append(target)
        result.lines.append(f"skipped: {target} already exists (not overwritten; use --force to replace it)")
        return
    verb = "would write" if result.dry_run else "wrote"
    if not result.dry_run:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(planned.text, encoding="utf-8")
        result.written.append(target)
    result.lines.append(f"{verb}: {target}")

