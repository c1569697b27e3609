"""The triage rules: what a person should take even when NLU reads it as a question.
Sentences written for the tests (none is from data/eval)."""
from __future__ import annotations

import pytest

from catalog_index.triage import triage


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # waiting and neglect are complaints, however they are phrased
        ("Det er umulig å komme gjennom på telefonen, jeg har ventet i 30 minutter", "complaint"),
        ("Jeg satt i kø i over en time på telefon", "complaint"),
        ("Hjemmetjenesten var bare innom i fem minutter", "complaint"),
        ("Vaskehjelpen gjorde ingenting i dag", "complaint"),
        # something the citizen paid for, or their place in a queue, is their own case
        ("Når får jeg parkeringskortet jeg betalte for i mai?", "own_case"),
        ("Hvor langt fram i køen er jeg for sykehjemsplass?", "own_case"),
        ("Kva plass har eg i køen til kommunal bustad?", "own_case"),
        ("Jeg vil snakke med en saksbehandler", "request_human"),
    ],
)
def test_handover_reasons(text, reason):
    assert triage(text) == reason


@pytest.mark.parametrize(
    "text",
    [
        "Hvor lenge må jeg vente på svar?",
        "Hva koster det å betale for feiing?",
        "Må jeg ha betalt før fristen?",
        "Hvor lang er ventelisten for sykehjem?",
        "Hvor mange minutter er hjemmetjenesten innom?",
        "Hva gjorde kommunen for de eldre?",
    ],
)
def test_general_questions_are_answered(text):
    assert triage(text) is None
