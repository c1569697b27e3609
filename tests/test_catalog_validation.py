"""Each kind of broken description file gets a clear message (file, line, field), a non-zero
exit from `servicetorg catalog validate`, and never a traceback; serving skips only the bad file."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from catalog_index import load_catalog
from servicetorg.cli import main

REPO = Path(__file__).resolve().parents[1]
GOOD = REPO / "data" / "catalog" / "servicetorget.yml"


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    """A two-file catalog that validates: the office and a copy of it as 'kontoret'."""
    shutil.copy(GOOD, tmp_path / "servicetorget.yml")
    text = GOOD.read_text(encoding="utf-8").replace("id: servicetorget", "id: kontoret", 1)
    (tmp_path / "kontoret.yml").write_text(text, encoding="utf-8")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def validate(path: Path, capsys) -> tuple[int, str]:
    code = main(["catalog", "validate", str(path)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out


def test_the_fixture_catalog_is_valid(catalog, capsys):
    code, out = validate(catalog, capsys)
    assert code == 0, out
    assert len(load_catalog(catalog)) == 2


def test_yaml_syntax_error_names_file_and_line(catalog, capsys):
    bad = catalog / "kontoret.yml"
    edit(bad, "updated: 2026-09-01", "updated: [2026-09-01")
    code, out = validate(catalog, capsys)
    assert code != 0
    assert f"{bad}:" in out and "not valid YAML" in out


def test_file_that_is_not_utf8(catalog, capsys):
    bad = catalog / "kontoret.yml"
    text = bad.read_text(encoding="utf-8")
    bad.write_bytes(text.encode("latin-1", errors="replace"))
    code, out = validate(catalog, capsys)
    assert code != 0
    expected_line = next(n for n, line in enumerate(text.splitlines(), 1) if set(line) & set("æøåÆØÅ"))
    assert "is not UTF-8" in out
    assert f"{bad}:{expected_line}:" in out


def test_unknown_field(catalog, capsys):
    bad = catalog / "kontoret.yml"
    edit(bad, "updated: 2026-09-01", "updated: 2026-09-01\ncolour: blue")
    code, out = validate(catalog, capsys)
    assert code != 0
    assert f"{bad}:{line_of(bad, 'colour')}: colour: unknown field 'colour'" in out


def test_missing_required_field(catalog, capsys):
    bad = catalog / "kontoret.yml"
    edit(bad, "review_by: 2027-03-01\n", "")
    code, out = validate(catalog, capsys)
    assert code != 0
    assert "review_by: is required but missing" in out


def test_missing_bokmal_text(catalog, capsys):
    bad = catalog / "kontoret.yml"
    edit(bad, "title:\n  nb: Servicetorget – kommunens førstelinje\n", "title:\n")
    code, out = validate(catalog, capsys)
    assert code != 0
    assert "title" in out and "required" in out


def test_bad_date(catalog, capsys):
    bad = catalog / "kontoret.yml"
    edit(bad, "review_by: 2027-03-01", "review_by: 2027-02-30")
    code, out = validate(catalog, capsys)
    assert code != 0
    assert f"{bad}:{line_of(bad, 'review_by')}: review_by: '2027-02-30' is not a valid date" in out


def test_bad_duration(catalog, capsys):
    bad = catalog / "kontoret.yml"
    edit(bad, "notes:", "processing_time:\n  duration: three weeks\nnotes:")
    code, out = validate(catalog, capsys)
    assert code != 0
    assert "processing_time.duration: 'three weeks' is not an ISO 8601 duration" in out


def test_related_id_that_does_not_exist(catalog, capsys):
    bad = catalog / "kontoret.yml"
    edit(bad, "notes:", "related:\n  - servicetorget\n  - finnes-ikke\nnotes:")
    code, out = validate(catalog, capsys)
    assert code != 0
    assert f"{bad}:{line_of(bad, 'finnes-ikke')}: related[1]: 'finnes-ikke' is not a service in the catalog" in out


def test_duplicate_ids(catalog, capsys):
    # Same id in two files: the file name check fires for the copy, so use a third, matching name.
    copy = catalog / "servicetorget.yaml"
    shutil.copy(catalog / "servicetorget.yml", copy)
    code, out = validate(catalog, capsys)
    assert code != 0
    assert "'servicetorget' is already used by" in out


def test_invalid_url(catalog, capsys):
    bad = catalog / "kontoret.yml"
    edit(bad, "web: https://www.fjordvik.kommune.no/tjenester/servicetorget", "web: www fjordvik")
    code, out = validate(catalog, capsys)
    assert code != 0
    assert f"{bad}:{line_of(bad, 'web: www')}: contact.web: 'www fjordvik' is not a valid web address" in out


def test_id_that_does_not_match_the_file_name(catalog, capsys):
    bad = catalog / "kontoret.yml"
    edit(bad, "id: kontoret", "id: noe-annet")
    code, out = validate(catalog, capsys)
    assert code != 0
    assert f"{bad}:1: id: 'noe-annet' does not match the file name (expected 'kontoret')" in out


def test_duplicate_key_in_one_file(catalog, capsys):
    bad = catalog / "kontoret.yml"
    edit(bad, "tjenestetrapp: 1", "tjenestetrapp: 1\ntjenestetrapp: 2")
    code, out = validate(catalog, capsys)
    assert code != 0
    assert "tjenestetrapp: is given twice" in out


def test_tjenestetrapp_out_of_range(catalog, capsys):
    bad = catalog / "kontoret.yml"
    edit(bad, "tjenestetrapp: 1", "tjenestetrapp: 7")
    code, out = validate(catalog, capsys)
    assert code != 0
    assert "tjenestetrapp: expected a whole number from 1 to 6" in out


def test_serving_skips_the_bad_file_and_keeps_the_good(catalog):
    edit(catalog / "kontoret.yml", "updated: 2026-09-01", "updated: [")
    loaded = load_catalog(catalog)
    assert list(loaded.services) == ["servicetorget"]
    assert len(loaded.problems) == 1


def test_missing_folder_is_reported(tmp_path, capsys):
    code, out = validate(tmp_path / "nowhere", capsys)
    assert code != 0
    assert "does not exist" in out


def test_the_demo_catalog_validates(capsys):
    code, out = validate(REPO / "data" / "catalog", capsys)
    assert code == 0, out
