"""The served path end to end: the Rasa server and the action server started as in production,
questions sent over HTTP. Needs the trained model (`make test` trains it first)."""
from __future__ import annotations

import pytest

from servicetorg.rasa_stack import MODEL, RASA_VENV

pytestmark = pytest.mark.skipif(
    not MODEL.exists() or not (RASA_VENV / "bin" / "rasa").exists(),
    reason="no trained model or Rasa environment: run `make model`",
)


@pytest.fixture(scope="module")
def rasa():
    from servicetorg.engines import RasaEngine

    with RasaEngine() as engine:
        yield engine


def test_answers_from_the_catalog_naming_the_description(rasa):
    outcome = rasa.respond("hva koster barnehageplass?")
    assert outcome.service_id == "barnehageplass" and outcome.aspect == "price"
    assert "sist oppdatert" in outcome.reply and "barnehageplass" in outcome.reply
    assert not outcome.handover


def test_remembers_the_service_for_a_follow_up(rasa):
    first = rasa.respond("når er søknadsfristen for sfo?", sender_id="follow-up-1")
    follow = rasa.respond("og hva koster det?", sender_id="follow-up-1")
    assert first.service_id == "sfo"
    assert follow.service_id == "sfo" and follow.aspect == "price"


def test_hands_over_a_request_for_a_person_with_a_payload(rasa):
    outcome = rasa.respond("jeg vil snakke med et menneske")
    assert outcome.handover and outcome.kind == "handover"


def test_a_leading_slash_is_not_a_command(rasa):
    # Were "/restart" obeyed, the conversation would forget the service it is about.
    assert rasa.respond("hva koster sfo?", sender_id="slash-1").service_id == "sfo"
    rasa.respond("/restart", sender_id="slash-1")
    follow = rasa.respond("og når er fristen?", sender_id="slash-1")
    assert follow.service_id == "sfo" and follow.aspect == "deadline"


def test_sms_answer_fits_three_segments(rasa):
    from catalog_index.gsm import is_gsm7, septets

    outcome = rasa.respond("hvordan søker jeg om byggetillatelse", channel="sms")
    assert is_gsm7(outcome.reply) and septets(outcome.reply) <= 459


def test_out_of_scope_is_refused_politely(rasa):
    outcome = rasa.respond("hvem vant eurovision i fjor?")
    assert outcome.service_id is None and not outcome.handover
