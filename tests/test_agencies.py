"""State agencies the assistant points to. Sentences written for the tests (none is from data/eval)."""
from __future__ import annotations

import pytest

from catalog_index.agencies import other_agency


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("Når får jeg skattekortet for neste år?", "skatteetaten"),
        ("kor mykje får eg i sjukepengar frå nav", "nav"),
        ("Kvar fornyar eg passet til dottera mi?", "politiet"),
        ("Hvordan bytter jeg et utenlandsk førerkort?", "vegvesen"),
        ("Can I get a residence permit for my husband?", "udi"),
        ("Hvor mye kan jeg låne i Lånekassen?", "lanekassen"),
        ("Når får jeg time til operasjon på sjukehuset?", "helseforetaket"),
        ("Er det noen som har levert inn lommeboka mi?", "politiet"),
    ],
)
def test_finds_the_agency(text, agency):
    found = other_agency(text)
    assert found is not None and found.key == agency
    assert found.url.startswith("https://")


@pytest.mark.parametrize(
    "text",
    [
        "Pass på at søknaden om barnehageplass er sendt før fristen",
        "Hva er eiendomsskatten for en enebolig?",
        "Hvordan søker jeg om startlån?",
        # legevakt and sykehjem are the municipality's
        "Hvor er legevakta?",
        "Kan mor få plass på sykehjem?",
    ],
)
def test_municipal_questions_name_no_agency(text):
    assert other_agency(text) is None
