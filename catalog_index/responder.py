"""One question in, one reply out, from the index alone: answer, clarify, refuse or hand over.

This is the assistant without Rasa. The Rasa actions use the same pieces (index, triage,
answers) with Rasa's intent and entity as extra evidence.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .answers import compose
from .gsm import fit_sms
from .index import SearchIndex, SearchResult
from .triage import is_personal, triage

OFFICE_ID = "servicetorget"
# Below this the top hit is not even offered as a choice.
CLARIFY_ABOVE = 0.3

MESSAGES = {
    "handover": {
        "nb": "Dette må en av oss se på. Jeg setter deg over til en ansatt på servicetorget, og de ser hele samtalen.",
        "nn": "Dette må ein av oss sjå på. Eg set deg over til ein tilsett på servicetorget, og dei ser heile samtalen.",
        "en": "A person needs to look at this. I am passing you to a member of staff at the service office; they will see this conversation.",
    },
    "clarify": {
        "nb": "Jeg er ikke helt sikker på hva du spør om. Mente du en av disse?",
        "nn": "Eg er ikkje heilt sikker på kva du spør om. Meinte du ei av desse?",
        "en": "I am not sure what you are asking about. Did you mean one of these?",
    },
    "clarify_sms": {"nb": "Svar 1, 2 eller 3.", "nn": "Svar 1, 2 eller 3.", "en": "Reply 1, 2 or 3."},
    "out_of_scope": {
        "nb": "Beklager, det kan jeg ikke svare på. Jeg svarer på spørsmål om kommunens tjenester. Servicetorget hjelper deg gjerne: telefon {phone}.",
        "nn": "Orsak, det kan eg ikkje svare på. Eg svarar på spørsmål om tenestene i kommunen. Servicetorget hjelper deg gjerne: telefon {phone}.",
        "en": "Sorry, I can't answer that. I answer questions about the municipality's services. The service office is happy to help: phone {phone}.",
    },
}

# The Rasa assistant's further messages (bot/actions/brain.py); here so the app's demo traffic
# (connectors/demo_traffic.py) writes the same texts without importing the bot.
BOT_MESSAGES = {
    # before "out_of_scope", when the question is about a state agency (catalog_index.agencies)
    "other_agency": {
        "nb": "Det er {agency} som har ansvaret for dette, ikke kommunen: {url}",
        "nn": "Det er {agency} som har ansvaret for dette, ikkje kommunen: {url}",
        "en": "This is handled by {agency}, not the municipality: {url}",
    },
    "which_service": {
        "nb": "Hvilken tjeneste gjelder det? Skriv for eksempel «barnehageplass», «søppeltømming» eller «byggesøknad».",
        "nn": "Kva teneste gjeld det? Skriv til dømes «barnehageplass», «søppeltømming» eller «byggjesøknad».",
        "en": "Which service is it about? For example \"barnehageplass\" (kindergarten) or \"byggesøknad\" (building permit).",
    },
    "not_understood": {
        "nb": "Beklager, det forstod jeg ikke. Kan du si det på en annen måte?",
        "nn": "Orsak, det forstod eg ikkje. Kan du seie det på ein annan måte?",
        "en": "Sorry, I did not understand that. Could you put it another way?",
    },
    "offer_person": {
        "nb": "Vil du at jeg setter deg over til en ansatt på servicetorget? Svar ja eller nei.",
        "nn": "Vil du at eg set deg over til ein tilsett på servicetorget? Svar ja eller nei.",
        "en": "Would you like me to pass you to a member of staff at the service office? Reply yes or no.",
    },
    "declined_person": {
        "nb": "Greit. Spør gjerne på en annen måte, eller ring servicetorget på {phone}.",
        "nn": "Greitt. Spør gjerne på ein annan måte, eller ring servicetorget på {phone}.",
        "en": "All right. Feel free to ask another way, or call the service office on {phone}.",
    },
    "anything_else": {
        "nb": "Greit. Er det noe annet jeg kan hjelpe deg med?",
        "nn": "Greitt. Er det noko anna eg kan hjelpe deg med?",
        "en": "All right. Is there anything else I can help you with?",
    },
    "ask_more": {
        "nb": "Hva vil du vite mer om? Spør for eksempel «hva koster det?» eller «hvordan søker jeg?».",
        "nn": "Kva vil du vite meir om? Spør til dømes «kva kostar det?» eller «korleis søkjer eg?».",
        "en": "What would you like to know? For example \"what does it cost?\" or \"how do I apply?\".",
    },
    # Small talk (bot/actions/brain.py Brain.small_talk), in the citizen's written standard.
    "greet": {
        "nb": "Hei! Jeg er kommunens digitale assistent. Spør meg om kommunens tjenester, for eksempel barnehage, søppeltømming eller byggesøknad.",
        "nn": "Hei! Eg er den digitale assistenten til kommunen. Spør meg om tenestene i kommunen, til dømes barnehage, søppeltømming eller byggjesøknad.",
        "en": "Hello! I am the municipality's digital assistant. Ask me about its services, for example kindergarten, waste collection or building permits.",
    },
    "goodbye": {
        "nb": "Ha det bra! Du er velkommen tilbake om du lurer på noe mer.",
        "nn": "Ha det bra! Du er velkomen tilbake om du lurer på noko meir.",
        "en": "Goodbye! You are welcome back if you have more questions.",
    },
    "thanks": {
        "nb": "Bare hyggelig! Er det noe mer du lurer på?",
        "nn": "Berre hyggeleg! Er det noko meir du lurer på?",
        "en": "You are welcome! Is there anything else you would like to know?",
    },
    "bot_challenge": {
        "nb": "Jeg er en digital assistent, ikke et menneske. Jeg svarer ut fra kommunens tjenestebeskrivelser. Vil du snakke med en ansatt på servicetorget, si fra, så setter jeg deg over.",
        "nn": "Eg er ein digital assistent, ikkje eit menneske. Eg svarar ut frå tenesteskildringane til kommunen. Vil du snakke med ein tilsett på servicetorget, sei frå, så set eg deg over.",
        "en": "I am a digital assistant, not a person. I answer from the municipality's service descriptions. If you would like to talk to a member of staff at the service office, just say so and I will pass you on.",
    },
    "choose_again": {
        "nb": "Jeg fant ikke det valget. Svar 1, 2 eller 3, eller skriv navnet på tjenesten.",
        "nn": "Eg fann ikkje det valet. Svar 1, 2 eller 3, eller skriv namnet på tenesta.",
        "en": "I could not find that choice. Reply 1, 2 or 3, or write the name of the service.",
    },
}


@dataclass(frozen=True)
class Response:
    reply: str
    service_id: Optional[str]
    aspect: Optional[str]
    confidence: float
    language: str
    handover: bool = False
    handover_reason: Optional[str] = None
    candidates: tuple[str, ...] = ()  # top-3 service ids, best first
    kind: str = "answer"  # answer | clarify | out_of_scope | handover


class Responder:
    def __init__(self, index: SearchIndex, handover_level: int = 6):
        self.index = index
        self.handover_level = handover_level
        self.office = index.get(OFFICE_ID)

    def _message(self, key: str, lang: str) -> str:
        phone = self.office.contact.phone if self.office and self.office.contact.phone else ""
        return MESSAGES[key][lang].format(phone=phone)

    def respond(self, text: str, channel: str = "web") -> Response:
        result = self.index.search(text)
        lang = result.language
        candidates = tuple(h.service_id for h in result.hits)
        reason = triage(text)
        if reason is not None:
            service_id = result.top.service_id if result.top and result.confidence >= CLARIFY_ABOVE else None
            return self._handover(reason, service_id, result, channel)
        if result.abstained:
            if result.top and result.confidence >= CLARIFY_ABOVE and len(result.hits) > 1:
                return self._clarify(result, channel)
            reply = self._message("out_of_scope", lang)
            return Response(
                reply=fit_sms(reply) if channel == "sms" else reply, service_id=None, aspect=None,
                confidence=result.confidence, language=lang, candidates=candidates, kind="out_of_scope",
            )
        service = self.index.get(result.service_id)
        answer = compose(service, result.aspect, lang, channel, office=self.office, summary=result.aspect == "description")
        if service.tjenestetrapp >= self.handover_level and result.aspect == "description" and is_personal(text):
            # Specialist casework: give the general facts, and bring in a person for the rest.
            handover = self._handover("tjenestetrapp", service.id, result, channel)
            reply = f"{answer.text}\n\n{handover.reply}"
            return Response(
                reply=fit_sms(reply) if channel == "sms" else reply, service_id=service.id, aspect=result.aspect,
                confidence=result.confidence, language=lang, handover=True, handover_reason="tjenestetrapp",
                candidates=candidates, kind="handover",
            )
        return Response(
            reply=answer.text, service_id=service.id, aspect=result.aspect, confidence=result.confidence,
            language=lang, candidates=candidates, kind="answer",
        )

    def _handover(self, reason: str, service_id: Optional[str], result: SearchResult, channel: str) -> Response:
        reply = self._message("handover", result.language)
        return Response(
            reply=fit_sms(reply) if channel == "sms" else reply, service_id=service_id, aspect=None,
            confidence=result.confidence, language=result.language, handover=True, handover_reason=reason,
            candidates=tuple(h.service_id for h in result.hits), kind="handover",
        )

    def _clarify(self, result: SearchResult, channel: str) -> Response:
        lang = result.language
        title_lang = "nn" if lang == "nn" else "nb"
        choices = [self.index.get(h.service_id) for h in result.hits[:3]]
        lines = [self._message("clarify", lang)]
        lines += [f"{n}. {s.title.get(title_lang)}" for n, s in enumerate(choices, start=1)]
        if channel == "sms":
            lines.append(MESSAGES["clarify_sms"][lang])
        reply = "\n".join(lines)
        return Response(
            reply=fit_sms(reply) if channel == "sms" else reply, service_id=None, aspect=None,
            confidence=result.confidence, language=lang, candidates=tuple(s.id for s in choices), kind="clarify",
        )
