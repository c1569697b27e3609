"""Which aspect of a service a question asks about: price, deadline, how to apply, ...

Cue patterns run on folded text (æ->e, ø->o, å->a; see normalize.fold), in bokmål, nynorsk,
SMS shorthand and English. Each cue has a weight; the aspect with the highest total wins, and a
question with no cue asks for the description. The words that make up the cues are also
returned, so the index does not mistake "pris" or "frist" for the name of a service.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import fold

# (aspect, weight, pattern on folded text). Word boundaries are added around each pattern.
_CUES: tuple[tuple[str, float, str], ...] = (
    ("price", 2.0, r"(hva|kva|hvor mye|hvormye|kor mykje|kor mye|hvor my|hvr mye|ka) (koster|kostar|kosta|koste|kost|ma (jeg|eg|vi) betale)"),
    ("price", 1.5, r"(koster|kostar|kosta|koste|kostnad\w*|pris\w*|\w+prisen|gebyr\w*|\w+gebyr\w*|egenandel\w*|betale|betaling|betaler|avgift|gratis|kr|kroner|takst\w*|price|prices|cost|costs|fee|fees|pay|free|charge|expensive|dyrt|billig\w*)"),
    ("price", 1.0, r"(hvor mye|hvormye|kor mykje|kor mye|how much|hvr mye)"),
    ("deadline", 2.0, r"(\w*frist\w*|deadline\w*|forfall\w*|forfaller|nar ma (soknaden|den|jeg|eg|vi) \w* ?(sendes|sendt|vere sendt|inne|levert|levere|soke|sokje)|innen nar|siste (dag|dato)|for sent|seinast|senest|when do i have to|by when|last day)"),
    ("appeal", 2.5, r"(klag\w*|anke|anker|appeal\w*|uenig|urettferdig|omgjort|overprove\w*|endre vedtak\w*|disagree)"),
    ("processing_time", 2.5, r"(\w*behandlingstid\w*|\w*handsamingstid\w*|ventetid\w*|hvor raskt|kor raskt|how quickly|how fast|hvor lang tid|kor lang tid|hvor lenge|kor lenge|how long|tar det lang tid|lang tid|nar far (jeg|eg|vi) svar|nar far (jeg|eg) vite|svartid|processing time)"),
    ("opening_hours", 2.5, r"(\w*apningstid\w*|\w*opningstid\w*|apent|apen|ope|open|opne|opent|apner|stenger|stengt|stenge|lukker|lukka|opening hours|open hours|opening times|nar har (dere|de) (apent|ope)|helgeapent|lordag\w*|sondag\w*)"),
    ("contact", 2.0, r"(telefon\w*|tlf|\w*nummer\w*|ringe|ringer|ring|e ?post\w*|epost|mail\w*|adresse\w*|kontakt\w*|kontakte|kontaktperson|hvor (er|ligger|finner)|kor (er|ligg|finn)|besoksadresse|phone|call|email|address|contact|where is|reach)"),
    ("attachments", 2.5, r"(\w*vedlegg\w*|legge ved|leggje ved|sende med|dokumentasjon\w*|papirer|papira|attest\w*|attach\w*|documentation|what documents|which documents|hva ma (jeg|eg) ha med|kva ma eg ha med)"),
    ("how_to_apply", 1.5, r"(soke|soker|sokje|sokjer|soknad\w*|skjema\w*|sok|bestille|bestilling|melde|melder|meld|melde (inn|fra|fra om)|si fra|sier (jeg|eg) fra|pamelding\w*|innmelding\w*|time|timen|registrere|registrer|apply\w*|application|form|sign up|order|book|booke|reservere|reserver|skrive inn|innskriving)"),
    ("how_to_apply", 1.0, r"(hvordan|korleis|hvrdn|hordan|hvordn|kossen|koss|how (do|can) i|how to)"),
    ("eligibility", 2.0, r"(rett (pa|til)|har (jeg|eg|vi) rett|kan (jeg|eg|vi) fa|hvem kan|kven kan|kven har|hvem har|hvilke \w+ kan|kva for \w+ kan|ma (jeg|eg|e|vi) soke|trenger (jeg|vi) (a soke|tillatelse)|for a fa|vilkar\w*|krav\w*|kreves|kreve|kvalifiser\w*|aldersgrense|gjelder (det|dette)|eligible|eligibility|entitled|who can|qualify|requirements?)"),
    ("description", 1.2, r"(hva er|kva er|hva betyr|kva tyder|fortell|informasjon om|info om|what is|tell me about)"),
)
# Patterns are folded like the text, so they may be written with æøå.
_COMPILED = tuple((aspect, weight, re.compile(rf"\b(?:{fold(pattern)})\b")) for aspect, weight, pattern in _CUES)


@dataclass(frozen=True)
class AspectGuess:
    aspect: str
    score: float
    cue_spans: tuple[tuple[int, int], ...]  # spans in the folded text that are aspect cues


def detect_aspect(text: str) -> AspectGuess:
    folded = fold(text)
    totals: dict[str, float] = {}
    spans: list[tuple[int, int]] = []
    for aspect, weight, pattern in _COMPILED:
        for match in pattern.finditer(folded):
            totals[aspect] = totals.get(aspect, 0.0) + weight
            spans.append(match.span())
    # "hvor mye tid" is about time, not money.
    if "price" in totals and re.search(r"\b(tid|lenge|time|long)\b", folded) and "processing_time" in totals:
        totals.pop("price")
    if not totals:
        return AspectGuess("description", 0.0, ())
    aspect = max(totals, key=lambda a: (totals[a], -_ORDER[a]))
    return AspectGuess(aspect, totals[aspect], tuple(spans))


_ORDER = {aspect: i for i, (aspect, _, _) in enumerate(_CUES)}


def cue_words(text: str) -> set[str]:
    """The folded words that are aspect cues in this text (not evidence for a service)."""
    folded = fold(text)
    words: set[str] = set()
    for start, end in detect_aspect(text).cue_spans:
        words.update(re.findall(r"[a-z0-9]+", folded[start:end]))
    return words
