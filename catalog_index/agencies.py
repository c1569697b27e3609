"""State agencies that own what citizens often ask the municipality about: NAV benefits, tax
returns, passports, student loans, residence permits, hospitals, driving licences.

A servicetorg is one door for every question, so a question about one of these gets a pointer
to the agency rather than only "I can't answer that". The assistant also uses it as a second
opinion on the index: "Når må skattemeldingen være levert?" shares "levert" with the recycling
station, and is still not about it.

Patterns run on folded text (see normalize.fold); word boundaries are added around them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .normalize import fold


@dataclass(frozen=True)
class Agency:
    key: str
    name: str
    url: str


_AGENCIES: tuple[tuple[Agency, str], ...] = (
    (Agency("nav", "NAV", "https://www.nav.no"),
     r"(nav|dagpeng\w*|sykepeng\w*|foreldrepeng\w*|barnetrygd\w*|kontantstotte\w*|uforetrygd\w*|"
     r"uforepensjon\w*|arbeidsavklaringspeng\w*|aap|alderspensjon\w*|meldekort\w*|engangsstonad\w*|"
     r"sick pay|unemployment benefits?|child benefit|parental benefits?)"),
    (Agency("skatteetaten", "Skatteetaten", "https://www.skatteetaten.no"),
     r"(skatteetaten|skattemelding\w*|skattekort\w*|selvangivelse\w*|restskatt\w*|skatteoppgjor\w*|"
     r"d-nummer\w*|skatten tilbake|tax returns?|tax card|tax refund|"
     # the national population register is Skatteetaten's too
     r"personnummer\w*|fodselsnummer\w*|folkeregister\w*|flyttemelding\w*|melde flytting|"
     r"national (id|identity) number|population register)"),
    (Agency("politiet", "politiet", "https://www.politiet.no"),
     # "pass på" is "take care", not a passport
     r"((pass|passet)(?! pa\b)|nodpass\w*|id-kort\w*|passkontor\w*|passport\w*|id card|politiet|"
     r"anmelde\w*|anmeldelse\w*|hittegods|vapenkort\w*|lommebok\w*|gjenglemt\w*|lost property)"),
    (Agency("lanekassen", "Lånekassen", "https://www.lanekassen.no"),
     r"(lanekass\w*|studielan\w*|student loans?)"),
    (Agency("udi", "UDI", "https://www.udi.no"),
     r"(udi|oppholdstillatelse\w*|statsborgerskap\w*|familiegjenforening\w*|arbeidstillatelse\w*|visum|"
     r"residence permit\w*|work permit\w*|citizenship|visa)"),
    (Agency("helseforetaket", "helseforetaket (sykehuset)", "https://www.helsenorge.no"),
     # hospitals are the state's specialist health service; legevakt and sykehjem are ours
     r"(sykehus\w*|sjukehus\w*|hospital\w*|poliklinikk\w*|spesialisthelsetjeneste\w*)"),
    (Agency("vegvesen", "Statens vegvesen", "https://www.vegvesen.no"),
     r"(forerkort\w*|lappen|forerprove\w*|teoriprove\w*|oppkjoring\w*|eu-kontroll\w*|omregistrer\w*|"
     r"vognkort\w*|trafikkstasjon\w*|driving licen[cs]e\w*|driving test)"),
)
_COMPILED = tuple((agency, re.compile(rf"\b(?:{pattern})\b")) for agency, pattern in _AGENCIES)


def other_agency(text: str) -> Optional[Agency]:
    """The state agency a question is about, or None (the first that matches)."""
    folded = fold(text)
    for agency, pattern in _COMPILED:
        if pattern.search(folded):
            return agency
    return None
