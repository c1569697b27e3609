"""Which written standard a citizen used: bokmål (nb), nynorsk (nn) or English (en).

Counts marker words that only one of them uses (on folded text, so SMS spellings count).
Bokmål wins ties: it is the default answer language.
"""
from __future__ import annotations

import re

from .normalize import fold

_NN = frozenset(
    """ikkje kva korleis kvar kven kvifor eg ein eit ho dei heim heime skule skulen
    bustad sjukeheim sjukeheimen sokje søkje mykje berre noko nokon nokre kome
    desse sjå ynskjer onskjer treng vatn veg vegen lyt kor eigen eige tenesta teneste
    opningstid opningstider vert vore difor kostar
    sakshandsamar handsaming handsamingstid tilsett born borna fekk seier gjer gjere
    morgon hjelpa takka velkomen""".split()
)
_NB = frozenset(
    """ikke hva hvordan hvor hvem hvorfor jeg en et hun de hjem hjemme skole skolen bolig
    sykehjem soke mye bare noe noen komme disse onsker trenger vann vei veien
    egen eget tjenesten tjeneste apent apningstid apningstider blir derfor koster
    saksbehandler behandling behandlingstid ansatt barna fikk sier gjor gjore""".split()
)
# Greetings and thanks: English on their own in a short message (detect_language).
_EN_SMALL_TALK = frozenset("hello hi hey there thanks thank bye goodbye cheers morning evening".split())
_EN = _EN_SMALL_TALK | frozenset(
    """the how what where when who why is are do does can could i my me you your of to for
    in on with and or much many cost price apply application need want get opening hours
    please help kindergarten school garbage library tax permit
    an it this that from about have has will would should which am was were any if before after
    we our they their someone anyone""".split()
)
_WORD = re.compile(r"[a-z]+")
# English words that are also everyday Norwegian ("fristen for å søke i vinter", "to barn", nynorsk
# "me"): they say nothing about English.
_ALSO_NORWEGIAN = frozenset("i for to me".split())


def detect_language(text: str) -> str:
    words = _WORD.findall(fold(text))
    if not words:
        return "nb"
    nn = sum(1 for w in words if fold(w) in _NN_FOLDED)
    nb = sum(1 for w in words if w in _NB_FOLDED)
    en = sum(1 for w in words if w in _EN and w not in _ALSO_NORWEGIAN)
    # English needs to be clearly English.
    if en >= 2 and en > (nn + nb) * 1.5:
        return "en"
    # A short greeting or thanks ("hello", "thanks!") is English with one English word and no
    # Norwegian one.
    if not (nn or nb) and len(words) <= 3 and any(w in _EN_SMALL_TALK for w in words):
        return "en"
    if nn > nb:
        return "nn"
    return "nb"


_NN_FOLDED = frozenset(fold(w) for w in _NN)
_NB_FOLDED = frozenset(fold(w) for w in _NB)
