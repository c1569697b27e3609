"""The custom actions with a fake dispatcher and tracker (no Rasa server, no model)."""
from __future__ import annotations

import pytest

pytest.importorskip("rasa_sdk")

from rasa_sdk import Tracker  # noqa: E402
from rasa_sdk.events import SlotSet  # noqa: E402
from rasa_sdk.executor import CollectingDispatcher  # noqa: E402

from bot.actions import actions as A  # noqa: E402
from bot.actions.brain import Brain, get_brain, set_brain  # noqa: E402
from catalog_index.gsm import is_gsm7  # noqa: E402
from catalog_index.loader import load_catalog  # noqa: E402
from servicetorg.settings import catalog_path  # noqa: E402

SLOTS = ("service", "aspect", "clarify_options", "failed_turns", "channel", "pending_offer")


@pytest.fixture(scope="module", autouse=True)
def brain():
    b = Brain(load_catalog(catalog_path()), handover_level=6)
    set_brain(b)
    yield b
    set_brain(None)


def tracker(text, intent, confidence=0.95, entities=(), slots=None, channel=None, history=()):
    """A tracker whose latest user message is `text`, after `history` (earlier user texts)."""
    values = {name: None for name in SLOTS}
    values["failed_turns"] = 0.0
    values.update(slots or {})
    ents = [{"entity": "service", "value": v, "start": 0, "end": 0} for v in entities]
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": ents,
        "metadata": {"channel": channel} if channel else {},
    }
    events = [{"event": "user", "text": t, "parse_data": {}} for t in history]
    events.append({"event": "user", "text": text, "parse_data": latest, "metadata": latest["metadata"]})
    return Tracker("test", values, latest, events, False, None, {}, "action_listen")


def run(action, trk):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, trk, {})
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_index_is_built_once(brain):
    assert get_brain() is brain
    run(A.ActionAnswer(), tracker("Hva koster SFO?", "ask_price", entities=["sfo"]))
    assert get_brain() is brain


def test_answer_with_entity_names_the_description_and_date():
    messages, slots = run(A.ActionAnswer(), tracker("Hva koster SFO?", "ask_price", entities=["sfo"]))
    text = messages[0]["text"]
    assert "Skolefritidsordning (SFO)" in text
    assert "sist oppdatert" in text and "kr" in text
    assert slots["service"] == "sfo"
    assert slots["aspect"] == "price"


def test_entity_value_that_is_not_an_id_is_resolved():
    messages, slots = run(A.ActionAnswer(), tracker("hva koster barnehagen", "ask_price", entities=["barnehagen"]))
    assert slots["service"] == "barnehageplass"


def test_follow_up_uses_the_service_slot():
    messages, slots = run(A.ActionAnswer(), tracker("og hva koster det?", "ask_price", slots={"service": "sfo"},
                                                    history=["Hva er SFO?"]))
    assert "Skolefritidsordning (SFO)" in messages[0]["text"]
    assert slots.get("service", "sfo") == "sfo"
    assert slots["aspect"] == "price"


def test_deadline_follow_up_uses_the_slot():
    messages, slots = run(A.ActionAnswer(), tracker("når er fristen da?", "ask_deadline",
                                                    slots={"service": "kulturskole"}))
    assert "kulturskole" in messages[0]["text"].lower()
    assert slots["aspect"] == "deadline"


def test_follow_up_without_a_service_asks_which():
    messages, slots = run(A.ActionAnswer(), tracker("og hva koster det?", "ask_price"))
    assert "Hvilken tjeneste" in messages[0]["text"]
    assert slots["failed_turns"] == 1.0


def test_service_without_aspect_gives_summary_and_offers_aspects():
    messages, slots = run(A.ActionAnswer(), tracker("trygghetsalarm", "ask_description", entities=["trygghetsalarm"]))
    text = messages[0]["text"]
    assert "Jeg kan fortelle mer om" in text
    assert slots["pending_offer"] == "aspects"


def test_nynorsk_question_gets_nynorsk_answer():
    messages, _ = run(A.ActionAnswer(), tracker("Kva kostar SFO?", "ask_price", entities=["sfo"]))
    assert "Skulefritidsordning (SFO)" in messages[0]["text"]


def test_english_question_gets_english_pointer():
    messages, _ = run(A.ActionAnswer(), tracker("How much does SFO cost?", "ask_price", entities=["sfo"]))
    assert messages[0]["text"].startswith("Here is what the municipality's description")


def test_clarify_on_web_has_buttons_with_choose_payloads():
    messages, slots = run(A.ActionAnswer(), tracker("husbanken", "ask_description", confidence=0.5))
    message = messages[0]
    assert len(message["buttons"]) >= 2
    assert all(b["payload"].startswith('/choose_service{"service":"') for b in message["buttons"])
    assert {"bostotte", "startlan"} <= set(slots["clarify_options"])
    assert "1." not in message["text"]


def test_clarify_by_sms_is_numbered_and_gsm7():
    messages, slots = run(A.ActionAnswer(), tracker("husbanken", "ask_description", confidence=0.5, channel="sms"))
    message = messages[0]
    assert not message.get("buttons")
    assert "1. " in message["text"] and "2. " in message["text"]
    assert "Svar 1, 2 eller 3." in message["text"]
    assert is_gsm7(message["text"]) and len(message["text"]) <= 459
    assert slots["channel"] == "sms"


def test_sms_digit_picks_the_offered_service():
    options = ["bostotte", "startlan", "kommunal-bolig"]
    messages, slots = run(A.ActionChooseService(), tracker("2", "choose_service",
                                                           slots={"clarify_options": options, "aspect": "price",
                                                                  "channel": "sms"}))
    assert slots["service"] == "startlan"
    assert slots["clarify_options"] is None
    assert is_gsm7(messages[0]["text"]) and len(messages[0]["text"]) <= 459


def test_digit_under_nlu_fallback_also_picks():
    options = ["bostotte", "startlan", "kommunal-bolig"]
    _, slots = run(A.ActionFallback(), tracker("1", "nlu_fallback", confidence=0.3,
                                               slots={"clarify_options": options}))
    assert slots["service"] == "bostotte"


def test_button_payload_picks_only_a_catalog_service():
    text = '/choose_service{"service":"sfo"}'
    _, slots = run(A.ActionChooseService(), tracker(text, "choose_service", entities=["sfo"]))
    assert slots["service"] == "sfo"
    messages, slots = run(A.ActionChooseService(), tracker('/choose_service{"service":"nope"}', "choose_service",
                                                           entities=["nope"]))
    assert "service" not in slots or slots["service"] is None
    assert "Svar 1, 2 eller 3" in messages[0]["text"]


def test_slash_text_is_never_searched_or_triaged(brain, monkeypatch):
    searched = []
    original = brain.index.search
    monkeypatch.setattr(brain.index, "search", lambda text, *a, **k: searched.append(text) or original(text, *a, **k))
    run(A.ActionAnswer(), tracker("/restart", "ask_price", slots={"service": "sfo"}))
    assert "/restart" not in searched


def test_handover_payload_fields():
    trk = tracker("Jeg vil snakke med en saksbehandler", "request_human", confidence=0.88,
                  slots={"service": "byggesoknad"}, history=["Hva koster byggesøknad?", "og fristen?"])
    messages, slots = run(A.ActionHandover(), trk)
    payload = next(m["custom"] for m in messages if m.get("custom"))["handover"]
    assert set(payload) == {"reason", "service_id", "intent", "confidence", "last_messages"}
    assert payload["reason"] == "request_human"
    assert payload["service_id"] == "byggesoknad"
    assert payload["intent"] == "request_human"
    assert payload["confidence"] == pytest.approx(0.88)
    assert payload["last_messages"] == ["Hva koster byggesøknad?", "og fristen?", "Jeg vil snakke med en saksbehandler"]
    assert "ansatt" in messages[0]["text"]


@pytest.mark.parametrize("intent", ["own_case", "complaint"])
def test_handover_reason_is_the_intent(intent):
    messages, _ = run(A.ActionHandover(), tracker("Fakturaen min er feil", intent))
    assert messages[0]["custom"]["handover"]["reason"] == intent


def test_own_case_wording_under_an_aspect_intent_still_hands_over():
    messages, _ = run(A.ActionAnswer(), tracker("Hva er status på søknaden min om bostøtte?", "ask_processing_time",
                                                entities=["bostotte"]))
    payload = messages[0]["custom"]["handover"]
    assert payload["reason"] == "own_case" and payload["service_id"] == "bostotte"


def test_personal_data_hands_over():
    messages, _ = run(A.ActionAnswer(), tracker("fødselsnummeret er 01017012345, hva koster sfo", "ask_price",
                                                entities=["sfo"]))
    assert messages[0]["custom"]["handover"]["reason"] in ("own_case", "personal_data")


def test_tjenestetrapp_level_and_personal_situation_hands_over():
    messages, _ = run(A.ActionAnswer(), tracker("Jeg er bekymret for barnet mitt og trenger hjelp fra barnevernet",
                                                "ask_description", entities=["barnevern"]))
    payload = messages[0]["custom"]["handover"]
    assert payload["reason"] == "tjenestetrapp" and payload["service_id"] == "barnevern"
    assert "Barnevern" in messages[0]["text"]  # the general facts come first


def test_out_of_scope_points_to_the_office_and_names_no_service():
    messages, slots = run(A.ActionOutOfScope(), tracker("Hvordan stemmer jeg gitaren min?", "out_of_scope"))
    text = messages[0]["text"]
    assert "Servicetorget" in text and "Kilde" not in text
    assert slots["failed_turns"] == 1.0
    assert not slots.get("service")


def test_two_failed_turns_offer_a_person_and_yes_hands_over():
    messages, slots = run(A.ActionFallback(), tracker("qwerty asdf", "nlu_fallback", confidence=0.2,
                                                      slots={"failed_turns": 1.0}))
    assert "Vil du at jeg setter deg over" in messages[0]["text"]
    assert slots["pending_offer"] == "handover" and slots["failed_turns"] == 2.0
    messages, slots = run(A.ActionAffirm(), tracker("ja", "affirm", slots={"pending_offer": "handover",
                                                                          "failed_turns": 2.0},
                                                    history=["blabla", "qwerty asdf"]))
    assert messages[0]["custom"]["handover"]["reason"] == "failed_turns"
    assert slots["failed_turns"] == 0.0


def test_no_after_offer_resets():
    messages, slots = run(A.ActionDeny(), tracker("nei", "deny", slots={"pending_offer": "handover", "failed_turns": 2.0}))
    assert "servicetorget" in messages[0]["text"]
    assert slots["pending_offer"] is None and slots["failed_turns"] == 0.0


def test_nonsense_with_confident_intent_is_not_answered():
    # DIET can be sure of an intent for nonsense: the index is the second opinion.
    messages, slots = run(A.ActionAnswer(), tracker("qwerty asdf", "ask_description", confidence=0.99))
    assert "Kilde" not in messages[0]["text"]
    assert slots["failed_turns"] == 1.0


def test_opening_hours_without_service_is_the_office():
    messages, _ = run(A.ActionAnswer(), tracker("når har dere åpent?", "ask_opening_hours"))
    assert "Servicetorget" in messages[0]["text"]


def test_sms_answers_fit_three_gsm7_segments():
    for intent, text, service in [("ask_price", "hva koster sfo", "sfo"),
                                  ("ask_how_to_apply", "hvordan soker jeg byggesoknad", "byggesoknad"),
                                  ("ask_description", "barnevern", "barnevern")]:
        messages, _ = run(A.ActionAnswer(), tracker(text, intent, entities=[service], channel="sms"))
        for m in messages:
            assert is_gsm7(m["text"]) and len(m["text"]) <= 459, m["text"]


def test_clarify_action_on_its_own():
    messages, slots = run(A.ActionClarify(), tracker("husbanken", "ask_description"))
    assert slots["clarify_options"] and messages[0]["buttons"]


def test_action_server_registers_every_custom_action_in_the_domain():
    import yaml
    from rasa_sdk.executor import ActionExecutor

    from nludata import REPO_ROOT

    executor = ActionExecutor()
    executor.register_package("bot.actions")
    domain = yaml.safe_load((REPO_ROOT / "bot" / "domain.yml").read_text(encoding="utf-8"))
    assert set(domain["actions"]) <= set(executor.actions)
