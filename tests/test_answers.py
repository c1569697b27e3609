"""Answers name their source and date, use Babel, follow the citizen's written standard and fit SMS."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from catalog_index import ASPECTS, load_catalog
from catalog_index.answers import compose, format_money, format_updated
from catalog_index.gsm import MAX_SMS_CHARS, is_gsm7, septets
from catalog_index.index import SearchIndex
from catalog_index.responder import Responder

REPO = Path(__file__).resolve().parents[1]
CATALOG = load_catalog(REPO / "data" / "catalog")


def service(service_id: str):
    return CATALOG.get(service_id)


def test_dates_and_money_are_written_by_babel():
    assert format_updated(dt.date(2026, 3, 3), "nb") == "3. mars 2026"
    assert format_updated(dt.date(2026, 3, 3), "nn") == "3. mars 2026"
    assert format_money(Decimal("2000"), "nb").replace("\u00a0", " ") == "2 000 kr"
    assert format_money(Decimal("1234.5"), "nb").replace("\u00a0", " ") == "1 234,5 kr"


@pytest.mark.parametrize("aspect", ASPECTS)
def test_every_answer_names_its_description_date_and_link(aspect):
    s = service("barnehageplass")
    answer = compose(s, aspect, "nb", "web", office=service("servicetorget"))
    assert f"«{s.title.nb}», sist oppdatert {format_updated(s.updated, 'nb')}" in answer.text
    assert s.url in answer.text


def test_price_answer_lists_the_amounts():
    s = service("barnehageplass")
    answer = compose(s, "price", "nb")
    for amount in s.price.amounts:
        assert amount.label.nb in answer.text
    assert answer.answered


def test_nynorsk_question_gets_nynorsk_when_the_description_has_it():
    s = service("barnehageplass")
    assert s.has_nynorsk()
    answer = compose(s, "description", "nn")
    assert answer.language == "nn"
    assert s.description.nn in answer.text
    assert "Kjelde:" in answer.text


def test_nynorsk_question_gets_bokmal_when_the_description_has_none():
    s = next(x for x in CATALOG if not x.has_nynorsk())
    answer = compose(s, "description", "nn")
    assert answer.language == "nb"
    assert "Kilde:" in answer.text


def test_english_question_gets_an_english_pointer_and_the_bokmal_facts():
    s = service("bibliotek")
    answer = compose(s, "description", "en")
    assert answer.text.startswith("Here is what the municipality's description")
    assert s.description.nb in answer.text


def test_missing_field_says_so_and_points_to_the_unit():
    s = replace(service("bibliotek"), appeal=None)
    answer = compose(s, "appeal", "nb")
    assert not answer.answered
    assert "sier ikke noe om klage" in answer.text
    assert s.contact.unit in answer.text


@pytest.mark.parametrize("service_id", [s.id for s in CATALOG])
def test_sms_answers_fit_three_gsm7_segments(service_id):
    s = service(service_id)
    for aspect in ASPECTS:
        text = compose(s, aspect, "nb", "sms", office=service("servicetorget")).text
        assert is_gsm7(text), [c for c in text if not is_gsm7(c)]
        assert septets(text) <= MAX_SMS_CHARS
        assert "sist oppdatert" in text  # the source survives the cut


def test_responder_never_leaks_internal_fields():
    responder = Responder(SearchIndex(CATALOG))
    for question in ["hva koster barnehageplass", "hvem eier beskrivelsen av barnehage", "interne notater sfo"]:
        reply = responder.respond(question).reply
        for s in CATALOG:
            if s.owner:
                assert s.owner.email not in reply
            if s.internal_notes:
                assert s.internal_notes.nb not in reply


def test_responder_clarifies_with_numbered_choices_by_sms():
    responder = Responder(SearchIndex(CATALOG))
    response = responder._clarify(SearchIndex(CATALOG).search("søke plass"), "sms")
    assert response.kind == "clarify"
    assert "1. " in response.reply and "3. " in response.reply
    assert response.reply.rstrip().endswith("Svar 1, 2 eller 3.")
    assert len(response.candidates) == 3


def test_responder_hands_over_own_case_and_requests_for_a_person():
    responder = Responder(SearchIndex(CATALOG))
    assert responder.respond("jeg vil snakke med et menneske").handover_reason == "request_human"
    own = responder.respond("hvor langt har byggesøknaden min kommet?")
    assert own.handover and own.handover_reason == "own_case"


def test_responder_refuses_out_of_scope_politely_and_points_to_the_office():
    responder = Responder(SearchIndex(CATALOG))
    response = responder.respond("hvem vant eurovision i fjor")
    assert response.kind == "out_of_scope" and response.service_id is None
    assert service("servicetorget").contact.phone in response.reply
