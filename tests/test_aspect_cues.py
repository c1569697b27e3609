"""Aspect cues added for deadlines, contact, eligibility, typos, and the index's word-level
spelling correction. Sentences written for the tests (none is from data/eval)."""
from __future__ import annotations

from pathlib import Path

import pytest

from catalog_index import load_catalog
from catalog_index.aspects import cue_words, detect_aspect
from catalog_index.index import SearchIndex

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(load_catalog(REPO / "data" / "catalog"))


@pytest.mark.parametrize(
    ("question", "aspect"),
    [
        ("Når må skjemaet for kulturmidler være levert?", "deadline"),
        ("Hvor tidlig må vi bestille vigsel?", "deadline"),
        ("Hvor lang tid i forkant må vi søke om skjenkebevilling?", "deadline"),
        ("How early should I book the wedding?", "deadline"),
        ("Kor e legevakta henne?", "contact"),
        ("Hvor er biblioteket hen?", "contact"),
        ("Åpnigstid gjenvinningsstasjonen", "opening_hours"),
        ("skoleskyss søkknad", "how_to_apply"),
        ("påmeldng kulturskole", "how_to_apply"),
        ("bytte fastlege", "how_to_apply"),
        ("Hva skal til for at mor skal få trygghetsalarm?", "eligibility"),
        ("Can we apply for a grant for the choir?", "eligibility"),
        ("Do I need a permit for a garage?", "eligibility"),
        ("Må me søkje om å setje opp ein levegg?", "eligibility"),
        # unchanged: "hvor lang tid" alone is processing time, a bare name is the description
        ("Hvor lang tid tar byggesøknad?", "processing_time"),
        ("byggesøknad", "description"),
    ],
)
def test_detects_the_aspect(question, aspect):
    assert detect_aspect(question).aspect == aspect


@pytest.mark.parametrize(
    ("question", "service_word"),
    [
        ("Når må søknaden om startlån være sendt inn?", "startlan"),
        ("Kor e legevakta henne?", "legevakta"),
        ("Hva skal til for at mor skal få trygghetsalarm?", "mor"),
        ("Can our choir apply for a grant?", "choir"),
    ],
)
def test_words_a_cue_needs_around_it_stay_evidence_for_the_service(question, service_word):
    assert service_word not in cue_words(question)


@pytest.mark.parametrize(
    ("question", "service"),
    [
        ("fastlgee", "fastlege"),  # the stemmer mangles the misspelling; the word still matches
        ("Hvordan søker jeg om vilsel", "vigsel"),  # one wrong letter in a six-letter word
    ],
)
def test_misspelt_service_words_are_corrected(index, question, service):
    result = index.search(question)
    assert result.service_id == service
