"""CPSV-AP-NO v1.1: the export passes the official SHACL shapes and leaks no internal field; the
import turns the official examples into valid description files (or refuses malformed ones with
file and line), reports what it could not map, and round-trips our own export.

The official shapes and examples are read from ../shared/cpsv-ap-no/ next to the repository
(override with SERVICETORG_CPSV_DIR); nothing from there is copied into the project.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, URIRef

from catalog_index import load_catalog
from catalog_index import model as m
from catalog_index.cpsv import vocabulary as cpsv
from catalog_index.cpsv import ImportError_, export_catalog, import_file
from catalog_index.loader import parse_file
from servicetorg.cli import main

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "data" / "catalog"
CPSV_DIR = Path(os.environ.get("SERVICETORG_CPSV_DIR") or REPO.parent / "shared" / "cpsv-ap-no")
SHAPES = CPSV_DIR / "shacl" / "CPSV-AP-NO_shacl_shapes_v1.ttl"
ONTOLOGIES = CPSV_DIR / "shacl" / "ontologies.ttl"
EXAMPLES = CPSV_DIR / "examples"
MISSING = f"the official CPSV-AP-NO shapes and examples are not at {CPSV_DIR} (set SERVICETORG_CPSV_DIR)"
needs_official = pytest.mark.skipif(not SHAPES.is_file(), reason=MISSING)

# The official examples that are not valid Turtle, and the text on the line the error is at.
FLAWED = {
    "exOffentligTjeneste.ttl": "dct:audience",  # missing ';' at the end of the line before
    "exKontaktPunkt.ttl": "xsd:anyURI",  # prefix xsd: never declared
    "exRegulativRessursDummy.ttl": "rdfs::Literal",  # prefix rdfs: never declared
    "exTidsrom.ttl": "time:ProperInterval",  # prefix time: never declared
}
FORMATS = {"turtle": "ttl", "json-ld": "jsonld"}
# Open namespaces: pytest probes module-level names, and rdflib's closed ones warn on that.
CPSV = cpsv.CPSV
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")


@pytest.fixture(scope="module")
def catalog():
    catalog = load_catalog(DEMO)
    assert len(catalog) > 0, f"no valid description in {DEMO}: {catalog.problems[:3]}"
    return catalog


@pytest.fixture(scope="module")
def shapes():
    if not SHAPES.is_file():
        pytest.skip(MISSING)
    return rdflib.Graph().parse(SHAPES), rdflib.Graph().parse(ONTOLOGIES)


@pytest.fixture(scope="module")
def exported(catalog):
    return {fmt: export_catalog(catalog, fmt) for fmt in FORMATS}


def shacl(graph: rdflib.Graph, shapes) -> tuple[bool, str]:
    import pyshacl

    shape_graph, ontologies = shapes
    # inference="none": ontologies.ttl only lists owl:imports of remote files (not fetched), so
    # RDFS inference adds nothing; the export states every class it uses explicitly.
    conforms, _report, text = pyshacl.validate(graph, shacl_graph=shape_graph, ont_graph=ontologies, inference="none")
    return conforms, text


# ---------------------------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_parses_back_and_conforms_to_the_official_shapes(fmt, catalog, exported, shapes):
    graph = rdflib.Graph().parse(data=exported[fmt], format=fmt)
    services = set(graph.subjects(RDF.type, CPSV.PublicService))
    assert {str(s).rsplit("/", 1)[-1] for s in services} == set(catalog.services)
    (cat,) = graph.subjects(RDF.type, DCAT.Catalog)
    assert set(graph.objects(cat, URIRef("https://data.norge.no/vocabulary/dcatno#containsService"))) == services
    titles = {(str(t), t.language) for s in services for t in graph.objects(s, DCT.title)}
    for service in catalog:
        assert (service.title.nb, "nb") in titles
        if service.title.nn:
            assert (service.title.nn, "nn") in titles
    conforms, report = shacl(graph, shapes)
    assert conforms, report


def test_the_shapes_do_check_our_export(exported, shapes):
    """Guard against a validation that passes because no shape targets our nodes."""
    graph = rdflib.Graph().parse(data=exported["turtle"], format="turtle")
    service = next(iter(graph.subjects(RDF.type, CPSV.PublicService)))
    graph.remove((service, DCT.title, None))
    conforms, report = shacl(graph, shapes)
    assert not conforms
    assert "dct:title" in report and str(service) in report


def test_internal_fields_never_leave(catalog, exported):
    graph = rdflib.Graph().parse(data=exported["json-ld"], format="json-ld")
    everything = "\n".join([exported["turtle"]] + [str(node) for triple in graph for node in triple])
    assert not list(graph.subjects(DCAT.keyword, None)), "keywords are internal"
    public_dates = {s.updated.isoformat() for s in catalog}
    # All public text of the whole catalog: an internal word that also occurs there proves nothing.
    public = " ".join(repr(getattr(s, f.name)) for s in catalog for f in dataclasses.fields(s)
                      if f.name not in m.INTERNAL_FIELDS).lower()
    checked_keywords = checked_situations = 0
    for s in catalog:
        if s.owner:
            assert s.owner.email not in everything, s.id
            assert s.owner.name not in everything, s.id
        if s.review_by and s.review_by.isoformat() not in public_dates:
            assert s.review_by.isoformat() not in everything, s.id
        for text in (s.internal_notes, s.internal_process, s.office_responsibility):
            if text:
                assert text.nb.strip()[:80] not in everything, s.id
        if s.meta and s.meta.note:
            assert s.meta.note[:60] not in everything, s.id
        for officer in s.responsible_officers:
            if officer.lower() not in public:
                assert officer not in everything, s.id
        for keyword in s.keywords:
            if keyword.lower() not in public and len(keyword) > 3:
                checked_keywords += 1
                assert keyword not in everything, f"{s.id}: keyword {keyword!r} was exported"
        for situation in s.situations:
            if situation.lower() not in public:
                checked_situations += 1
                assert situation not in everything, f"{s.id}: situation {situation!r} was exported"
    assert checked_keywords > 0, "the demo catalog should have keywords that are not in any public text"
    assert checked_situations > 0, "the demo catalog should have situations"


# ---------------------------------------------------------------------------------------------
# Import of the official examples
# ---------------------------------------------------------------------------------------------


def repaired_skjenkebevilling(tmp_path: Path) -> Path:
    """exOffentligTjeneste.ttl with its two punctuation flaws fixed (';' missing after
    cv:holdsRequirement, ',' instead of ';' after dct:audience), in tmp_path."""
    text = (EXAMPLES / "exOffentligTjeneste.ttl").read_text(encoding="utf-8")
    fixed, count = re.subn(r"(exKrav\.ttl>)(\s*dct:audience <[^>]*>),", r"\1;\2;", text)
    assert count == 1, "the example changed; update the repair"
    path = tmp_path / "exOffentligTjeneste.ttl"
    path.write_text(fixed, encoding="utf-8")
    return path


@needs_official
def test_the_skjenkebevilling_example_is_refused_with_the_line(tmp_path):
    source = EXAMPLES / "exOffentligTjeneste.ttl"
    expected_line = next(n for n, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1)
                         if "dct:audience" in line)
    with pytest.raises(ImportError_) as err:
        import_file(source, tmp_path)
    assert "exOffentligTjeneste.ttl" in str(err.value)
    assert f"line {expected_line}," in str(err.value)
    assert list(tmp_path.iterdir()) == []


@needs_official
def test_the_repaired_skjenkebevilling_example_imports(tmp_path):
    target = tmp_path / "catalog"
    today = dt.date.today()
    result = import_file(repaired_skjenkebevilling(tmp_path), target)
    assert result.written == [target / "skjenkebevilling.yml"]
    catalog = load_catalog(target)
    assert catalog.problems == []
    service = catalog.get("skjenkebevilling")
    assert service.title == m.Text("Skjenkebevilling", "Skjenkjeløyve")
    assert service.description.nb.startswith("Bevilling for skjenking av alkoholholdig drikk")
    assert service.processing_time.duration.days == 6
    assert service.contact.web == "https://kommune24-7.no/1813"  # from foaf:homepage
    # Required internal fields get placeholders ...
    assert (service.published, service.review_by, service.tjenestetrapp) == (today, today.replace(year=today.year + 1), 1)
    assert service.meta.fictional is False
    # ... and each placeholder is reported.
    report = "\n".join(result.report_lines())
    for name in ("owner.name", "owner.email", "published", "review_by", "tjenestetrapp", "meta.municipality", "contact.unit"):
        assert f"placeholder: skjenkebevilling.{name} =" in report
    # English and everything without a place in our format is reported as not mapped.
    assert "not mapped: dct:title@en 'Liquor license'" in report
    assert "not mapped: dct:description@en" in report
    assert re.search(r"not mapped: dcat:keyword\S* \(3 values\)", report)
    assert "not mapped: cv:hasChannel (4 values, 4 not described in this file)" in report
    assert "not mapped: cv:thematicArea" in report


def example_files() -> list:
    if not EXAMPLES.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=MISSING))]
    return sorted(EXAMPLES.glob("*.ttl"), key=lambda p: p.name)


@pytest.mark.parametrize("example", example_files(), ids=lambda p: p.name if p else "missing")
def test_every_official_example_imports_or_is_refused_with_its_position(example, tmp_path):
    try:
        result = import_file(example, tmp_path)
    except ImportError_ as err:
        message = str(err)
        assert example.name in FLAWED, f"refused a well-formed example: {message}"
        assert example.name in message
        line = int(re.search(r"line (\d+), column \d+", message).group(1))
        assert FLAWED[example.name] in example.read_text(encoding="utf-8").splitlines()[line - 1]
        return
    assert example.name not in FLAWED, "a known-flawed example was accepted"
    report = "\n".join(result.report_lines())
    if not result.files:
        assert "no public service (cpsv:PublicService or cpsvno:Service)" in report
        assert list(tmp_path.iterdir()) == []
    for written in result.written:
        service, problems = parse_file(written)
        assert problems == [] and service is not None
    assert len(result.written) == len(result.files), report


@needs_official
def test_the_all_classes_example_maps_channels_costs_rules_and_requirements(tmp_path):
    result = import_file(EXAMPLES / "exAlleKlasser2.ttl", tmp_path)
    assert sorted(p.name for p in result.written) == ["dummytjeneste-nb.yml", "skjenkebevilling.yml"]
    service = load_catalog(tmp_path).get("skjenkebevilling")
    assert {c.type for c in service.how_to_apply.channels} == {"online", "email", "phone", "in_person"}
    assert service.contact.email == "postmottak@bronnoy.kommune.no"
    assert service.contact.phone == "+47 75 01 20 00"
    assert [a.nok for a in service.price.amounts] == [Decimal("0.51")]
    assert "https://lovdata.no/dokument/NL/lov/1989-06-02-27" in {link.url for link in service.legal_basis}
    assert service.eligibility is not None
    assert service.related == ("dummytjeneste-nb",)


# ---------------------------------------------------------------------------------------------
# Malformed input, dry run, overwriting
# ---------------------------------------------------------------------------------------------

BROKEN_TURTLE = """@prefix dct: <http://purl.org/dc/terms/> .
@prefix cpsv: <http://purl.org/vocab/cpsv#> .
<https://example.org/t> a cpsv:PublicService ;
    dct:title "Tittel"@nb
    dct:description "Mangler semikolon på linja over"@nb .
"""


def test_malformed_turtle_is_refused_with_the_line(tmp_path, capsys):
    source = tmp_path / "broken.ttl"
    source.write_text(BROKEN_TURTLE, encoding="utf-8")
    with pytest.raises(ImportError_, match=r"broken\.ttl, line 5, column \d+"):
        import_file(source, tmp_path / "out")
    assert main(["catalog", "import", str(source), "--catalog", str(tmp_path / "out")]) == 2
    assert "broken.ttl, line 5" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_malformed_json_ld_is_refused_with_the_line(tmp_path):
    source = tmp_path / "broken.jsonld"
    source.write_text('{\n  "@id": "https://example.org/t",\n  "@type": \n}\n', encoding="utf-8")
    with pytest.raises(ImportError_, match=r"broken\.jsonld, line 4, column \d+"):
        import_file(source, tmp_path / "out")


def test_a_file_that_would_not_validate_is_not_written(tmp_path):
    source = tmp_path / "blank.ttl"
    source.write_text(BROKEN_TURTLE.replace('"Tittel"@nb', '"   "@nb ;'), encoding="utf-8")
    result = import_file(source, tmp_path / "out")
    assert result.written == []
    assert any(line.startswith("refused:") and "does not validate" in line and "title" in line
               for line in result.report_lines()), result.report_lines()
    assert not (tmp_path / "out").exists()


@pytest.fixture
def small_export(tmp_path, catalog) -> Path:
    """Our own export of two services, as a Turtle file."""
    two = dict(list(sorted(catalog.services.items()))[:2])
    two = {k: dataclasses.replace(v, related=()) for k, v in two.items()}
    path = tmp_path / "export.ttl"
    path.write_text(export_catalog(two.values(), "turtle"), encoding="utf-8")
    return path


def test_dry_run_writes_nothing_but_reports(small_export, tmp_path, capsys):
    target = tmp_path / "target"
    target.mkdir()
    code = main(["catalog", "import", str(small_export), "--dry-run", "--catalog", str(target)])
    out = capsys.readouterr().out
    assert code == 0
    assert list(target.iterdir()) == []
    assert out.count("would write: ") == 2
    assert "placeholder:" in out


def test_existing_files_are_not_overwritten_without_force(small_export, tmp_path):
    target = tmp_path / "target"
    first = import_file(small_export, target)
    assert len(first.written) == 2
    victim = first.written[0]
    victim.write_text(victim.read_text(encoding="utf-8") + "# edited by hand\n", encoding="utf-8")
    again = import_file(small_export, target)
    assert again.written == [] and len(again.skipped) == 2
    assert any(line.startswith(f"skipped: {victim}") for line in again.report_lines())
    assert victim.read_text(encoding="utf-8").endswith("# edited by hand\n")
    forced = import_file(small_export, target, force=True)
    assert len(forced.written) == 2
    assert not victim.read_text(encoding="utf-8").endswith("# edited by hand\n")


# ---------------------------------------------------------------------------------------------
# Round trip
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_keeps_ids_and_titles(fmt, catalog, exported, tmp_path):
    source = tmp_path / f"export.{FORMATS[fmt]}"
    source.write_text(exported[fmt], encoding="utf-8")
    result = import_file(source, tmp_path / "back")
    back = load_catalog(tmp_path / "back")
    assert back.problems == [], back.problems[:5]
    assert set(back.services) == set(catalog.services)
    assert len(result.written) == len(catalog)
    for service in catalog:
        again = back.get(service.id)
        assert again.title == service.title
        assert again.description.nb == service.description.nb.strip()
        assert again.updated == service.updated
        assert set(again.related) == set(service.related)
        assert again.contact.email == service.contact.email
        if service.price:
            assert {a.nok for a in again.price.amounts} == {a.nok for a in service.price.amounts}
