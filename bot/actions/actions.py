"""rasa-sdk actions: read the tracker, ask the Brain (brain.py), send the reply and set slots.

The catalog and its index are loaded once per action-server process (brain.get_brain), on the
first message, never per message.
"""
from __future__ import annotations

from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from .brain import INTENT_ASPECT, Decision, Turn, get_brain

SMS_CHANNELS = ("sms", "twilio")


def channel_of(tracker: Tracker) -> tuple[str, Optional[str]]:
    """(web|sms, the value to remember in the `channel` slot or None when unchanged).

    The message metadata ({"channel": "sms"}) wins, then the slot, then Rasa's input channel.
    """
    metadata = tracker.latest_message.get("metadata") or {}
    given = metadata.get("channel") if isinstance(metadata, dict) else None
    if given:
        channel = "sms" if str(given).lower() in SMS_CHANNELS else "web"
        return channel, channel if channel != tracker.get_slot("channel") else None
    slot = tracker.get_slot("channel")
    if slot in ("sms", "web"):
        return slot, None
    if (tracker.get_latest_input_channel() or "").lower() in SMS_CHANNELS:
        return "sms", "sms"
    return "web", None


def turn_of(tracker: Tracker, channel: str) -> Turn:
    latest = tracker.latest_message or {}
    intent = latest.get("intent") or {}
    entities = [
        e.get("value") for e in latest.get("entities") or []
        if e.get("entity") == "service" and e.get("value")
    ]
    user_texts = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"]
    history = user_texts[:-1] if user_texts else []
    failed = tracker.get_slot("failed_turns") or 0
    return Turn(
        text=latest.get("text") or "",
        intent=intent.get("name"),
        confidence=float(intent.get("confidence") or 0.0),
        entities=entities,
        slot_service=tracker.get_slot("service"),
        slot_aspect=tracker.get_slot("aspect"),
        clarify_options=tracker.get_slot("clarify_options") or [],
        failed_turns=int(failed),
        channel=channel,
        history=history,
    )


class _Turns:
    """Mixin for the actions: reads the turn, runs `decide`, sends the reply and returns the
    slot events. Not an Action itself, so rasa-sdk does not try to register it."""

    def decide(self, turn: Turn, tracker: Tracker) -> Decision:  # pragma: no cover - overridden
        raise NotImplementedError

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        channel, remember_channel = channel_of(tracker)
        turn = turn_of(tracker, channel)
        decision = self.decide(turn, tracker)
        if not decision.candidates and turn.prose.strip():
            # The index's top three travel with every reply, for the records and for eval.
            decision.candidates = [h.service_id for h in get_brain().search(turn.prose).hits]
        send(dispatcher, decision, channel, turn)
        return events_for(decision, turn, tracker, remember_channel)


def send(dispatcher: CollectingDispatcher, decision: Decision, channel: str, turn: Turn) -> None:
    """The reply, with what was detected attached as a custom payload, so the app can record
    intent, service and confidence per message and see a handover without parsing text."""
    kwargs: dict[str, Any] = {"text": decision.text}
    if decision.buttons and channel != "sms":
        kwargs["buttons"] = decision.buttons
    detected = {
        "kind": decision.kind,
        "intent": turn.intent,
        "intent_confidence": round(turn.confidence, 4),
        "service_id": decision.service_id,
        "aspect": decision.aspect,
        "confidence": round(decision.confidence, 4),
        "language": decision.language,
        "candidates": list(decision.candidates),
    }
    kwargs["json_message"] = {"servicetorg": detected, **(decision.handover or {})}
    dispatcher.utter_message(**kwargs)


def events_for(decision: Decision, turn: Turn, tracker: Tracker, remember_channel: Optional[str]) -> list[EventType]:
    brain = get_brain()
    events: list[EventType] = []
    if remember_channel:
        events.append(SlotSet("channel", remember_channel))
    current = tracker.get_slot("service")
    # The slot may hold a raw entity value from Rasa's slot mapping: keep only catalog ids.
    service = decision.service_id or (current if current in brain.services else None)
    if service != current:
        events.append(SlotSet("service", service))
    if decision.kind == "clarify":
        events += [SlotSet("clarify_options", decision.candidates), SlotSet("aspect", decision.aspect)]
    elif decision.kind in ("answer", "handover"):
        events.append(SlotSet("clarify_options", None))
        if decision.aspect:
            events.append(SlotSet("aspect", decision.aspect))
    failed = turn.failed_turns + 1 if decision.failed else 0
    if failed != turn.failed_turns:
        events.append(SlotSet("failed_turns", float(failed)))
    if decision.pending_offer != tracker.get_slot("pending_offer"):
        events.append(SlotSet("pending_offer", decision.pending_offer))
    return events


class ActionAnswer(_Turns, Action):
    """An aspect question: entity first, then the index's confident top hit, then the service
    already talked about; else clarify with the top three, or say what is missing."""

    def name(self) -> str:
        return "action_answer"

    def decide(self, turn: Turn, tracker: Tracker) -> Decision:
        return get_brain().answer(turn)


class ActionClarify(_Turns, Action):
    """Ask which service, with the index's top three (buttons on the web, numbers by SMS)."""

    def name(self) -> str:
        return "action_clarify"

    def decide(self, turn: Turn, tracker: Tracker) -> Decision:
        brain = get_brain()
        lang = brain.language(turn)
        result = brain.search(turn.prose) if turn.prose.strip() else None
        if not result or not result.hits:
            return brain.no_service(turn, lang, None)
        aspect = INTENT_ASPECT.get(turn.intent or "") or result.aspect
        return brain.clarify(turn, [h.service_id for h in result.hits], aspect, lang, result.confidence)


class ActionChooseService(_Turns, Action):
    """"1"/"2"/"3" by SMS or a button payload /choose_service{"service": "<id>"} on the web."""

    def name(self) -> str:
        return "action_choose_service"

    def decide(self, turn: Turn, tracker: Tracker) -> Decision:
        return get_brain().choose(turn)


class ActionHandover(_Turns, Action):
    """request_human, own_case, complaint: a person takes over, with a structured payload."""

    def name(self) -> str:
        return "action_handover"

    def decide(self, turn: Turn, tracker: Tracker) -> Decision:
        return get_brain().handover_for_intent(turn)


class ActionOutOfScope(_Turns, Action):
    """Politely say no and point to the service office; never an unrelated service."""

    def name(self) -> str:
        return "action_out_of_scope"

    def decide(self, turn: Turn, tracker: Tracker) -> Decision:
        return get_brain().out_of_scope(turn)


class ActionFallback(_Turns, Action):
    """NLU was unsure: the index gets a say; otherwise a failed turn (two offer a person)."""

    def name(self) -> str:
        return "action_fallback"

    def decide(self, turn: Turn, tracker: Tracker) -> Decision:
        return get_brain().fallback(turn)


class ActionSmallTalk(_Turns, Action):
    """Greeting, thanks, goodbye and "are you a robot?", in the citizen's written standard."""

    def name(self) -> str:
        return "action_small_talk"

    def decide(self, turn: Turn, tracker: Tracker) -> Decision:
        return get_brain().small_talk(turn)


class ActionAffirm(_Turns, Action):
    def name(self) -> str:
        return "action_affirm"

    def decide(self, turn: Turn, tracker: Tracker) -> Decision:
        return get_brain().affirm(turn, tracker.get_slot("pending_offer"))


class ActionDeny(_Turns, Action):
    def name(self) -> str:
        return "action_deny"

    def decide(self, turn: Turn, tracker: Tracker) -> Decision:
        return get_brain().deny(turn, tracker.get_slot("pending_offer"))
