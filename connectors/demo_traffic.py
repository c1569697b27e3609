"""Demo traffic: a seeded year of realistic conversations, written as the rows live traffic writes.

`servicetorg demo-traffic --conversations 100000` fills the store so that /office and /content
show something real: conversations on web and SMS (weekly and daily rhythm, seasonal peaks),
the citizen's questions and the bot's replies (with what it detected), feedback, question
records (answered, or unanswered as abstained / fallback / low_confidence / thumbs_down /
repeated) clustered per service, handovers with reason codes, opening hours, waiting times,
resolution codes and tagged services, and the staff's messages and audit entries.

Every row is derived the way `connectors.conversations` and `connectors.records` derive it
(week_of, the repeated-question rule, the clusterer's choice of cluster), but in memory and
written in bulk, so 100,000 conversations take a minute or two on SQLite. Demo conversations
have a `citizen_handle` of ``demo:<n>``; the demo staff are users named ``demo-<name>``.
Nothing here is personal data: citizen texts only ever carry the masks ([fødselsnummer],
[telefonnummer], ...), never a number.
"""
from __future__ import annotations

import datetime as dt
import itertools
import random
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from typing import Callable, Optional
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz, process
from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from catalog_index.responder import BOT_MESSAGES, MESSAGES

from .db import Database
from .models import (
    BOT, BOT_SENDER, CITIZEN, OPEN, PENDING, RESOLVED, STAFF, SYSTEM,
    AuditLog, Conversation, Handover, Message, QuestionCluster, QuestionRecord, User,
)
from .office import OFFICE_ID, OfficeHours, notice
from .records import (
    CLUSTER_CANDIDATES, CLUSTER_SIMILARITY, LOW_CONFIDENCE, REPEAT_SIMILARITY, naming_terms_from, question_key,
    week_of,
)

DEMO_PREFIX = "demo:"
DEMO_STAFF = (
    ("demo-ingvild", "Ingvild Sæther"),
    ("demo-tor", "Tor Bakken"),
    ("demo-marte", "Marte Lund"),
    ("demo-jonas", "Jonas Eide"),
    ("demo-siri", "Siri Moen"),
    ("demo-ahmed", "Ahmed Hassan"),
)
STAFF_WEIGHTS = (5, 4, 4, 3, 2, 1)
DEFAULT_SEED = 20261
CHUNK = 2000  # conversations per transaction

# -- what citizens ask about ---------------------------------------------------------------

# How much a service is asked about (default 1).
POPULARITY = {
    "barnehageplass": 6, "avfallshenting": 6, "kommunale-avgifter": 5, "eiendomsskatt": 4, "sfo": 4,
    "byggesoknad": 4, "fastlege": 4, "legevakt": 3, "servicetorget": 3, "bibliotek": 3, "veimelding": 3,
    "gjenvinningsstasjon": 3, "bostotte": 3, "sosialhjelp": 3, "startlan": 2.5, "sykehjemsplass": 2,
    "hjemmesykepleie": 2, "kommunal-bolig": 2, "beboerparkering": 2, "skoleskyss": 2, "kulturskole": 2,
    "feiing": 2, "helsestasjon": 2, "tt-kort": 1.5, "vannmaler": 1.5, "praktisk-bistand": 1.5,
    "parkeringstillatelse-forflytningshemmede": 1.5, "redusert-foreldrebetaling": 1.5,
    "forhandsstemme": 0.2, "innsyn": 0.6, "salgsbevilling": 0.5, "skjenkebevilling": 0.6,
    "serveringsbevilling": 0.6, "gravetillatelse": 0.6, "bpa": 0.8, "barnevern": 0.8,
}
# Seasonal factor per month (default 1).
SEASONS = {
    "barnehageplass": {1: 1.5, 2: 4, 3: 3.5, 4: 1.5, 8: 1.5},
    "eiendomsskatt": {3: 3, 4: 3.5, 5: 2.5},
    "veimelding": {12: 3, 1: 4, 2: 3.5, 3: 1.5},
    "motorferdsel": {12: 2, 1: 3, 2: 4, 3: 3, 4: 1.5, 5: 0.3, 6: 0.2, 7: 0.2, 8: 0.2, 9: 0.3},
    "skoleinnskriving": {1: 3, 2: 2.5, 8: 2},
    "skoleskyss": {6: 2, 8: 4, 9: 1.5},
    "sfo": {3: 2, 4: 2, 5: 1.5, 8: 2.5},
    "kulturskole": {1: 1.5, 5: 2, 6: 2, 8: 2.5},
    "gjenvinningsstasjon": {12: 0.5, 1: 0.5, 4: 2.5, 5: 3, 6: 2, 9: 1.5, 10: 1.5},
    "vigsel": {12: 0.5, 1: 0.5, 5: 1.5, 6: 2.5, 7: 2.5, 8: 2},
    "reisevaksine": {5: 1.5, 6: 2, 11: 1.5, 12: 1.5},
    "kommunale-avgifter": {1: 2, 2: 2.5, 8: 1.5},
    "vannmaler": {12: 3, 1: 2.5},
    "feiing": {9: 1.5, 10: 2, 11: 1.5},
    "tilskudd-lag-foreninger": {2: 2.5, 3: 3, 9: 1.5},
    "serveringsbevilling": {4: 1.5, 5: 2, 6: 1.5},
    "skjenkebevilling": {4: 1.5, 5: 2, 6: 1.5},
    "utleie-lokaler": {8: 1.5, 9: 1.5, 11: 1.5},
}
# Services whose descriptions leave more questions unanswered (default 1): the office's top 10.
BADNESS = {
    "eiendomsskatt": 3.2, "veimelding": 3.0, "kommunale-avgifter": 2.6, "byggesoknad": 2.4, "startlan": 2.2,
    "skoleskyss": 2.1, "gjenvinningsstasjon": 2.0, "tt-kort": 1.9, "oppmaling": 1.8, "sosialhjelp": 1.6,
    "barnehageplass": 2.0, "motorferdsel": 1.5,
}
# Services asked about that hand over more often (default 1).
ESCALATION = {
    "sosialhjelp": 2.8, "barnevern": 3.5, "bpa": 2.2, "byggesoknad": 1.8, "eiendomsskatt": 2.0, "kommunal-bolig": 2.0,
    "startlan": 1.6, "sykehjemsplass": 1.8, "hjemmesykepleie": 1.5, "omsorgsstonad": 1.8, "kommunale-avgifter": 1.7,
    "gjeldsradgivning": 1.8, "veimelding": 1.5, "legevakt": 0.5, "bibliotek": 0.5, "servicetorget": 1.3,
}
# "Description updated" this many days before the end: its clusters close, and it gets better.
IMPROVED = {"barnehageplass": (200, 0.7)}

ASPECT_WEIGHTS = {
    "price": 20, "how_to_apply": 17, "description": 12, "deadline": 11, "processing_time": 10, "eligibility": 10,
    "contact": 6, "opening_hours": 5, "attachments": 5, "appeal": 4,
}
# Short names citizens use for a service (bokmål; nynorsk overrides below). Default: the first keyword.
NAMES = {
    "avfallshenting": ["søppeltømming", "tømming av søppeldunken", "avfallshenting", "søppelhenting"],
    "barnehageplass": ["barnehageplass", "barnehage", "plass i barnehagen"],
    "barnevern": ["barnevernet"],
    "beboerparkering": ["beboerparkering", "beboerkort", "parkeringskort for beboere"],
    "bibliotek": ["biblioteket", "lånekort"],
    "bostotte": ["bostøtte"],
    "bpa": ["BPA", "brukerstyrt personlig assistanse"],
    "bygge-uten-soknad": ["bod uten søknad", "å bygge uten å søke", "søknadsfrie tiltak"],
    "byggesoknad": ["byggesøknad", "byggetillatelse", "tilbygg"],
    "eiendomsskatt": ["eiendomsskatt", "eiendomsskatten"],
    "fastlege": ["fastlege", "bytte av fastlege"],
    "feiing": ["feiing", "feieren", "tilsyn av pipa"],
    "forhandsstemme": ["forhåndsstemming"],
    "gjeldsradgivning": ["gjeldsrådgivning", "økonomisk rådgivning"],
    "gjenvinningsstasjon": ["gjenvinningsstasjonen", "grovavfall", "tippen"],
    "gravetillatelse": ["gravetillatelse", "graving i kommunal vei"],
    "helsestasjon": ["helsestasjonen", "helsesykepleier"],
    "hjemmesykepleie": ["hjemmesykepleie"],
    "innsyn": ["innsyn", "postlista"],
    "kommunal-bolig": ["kommunal bolig", "kommunal leilighet"],
    "kommunale-avgifter": ["kommunale avgifter", "vannavgiften", "fakturaen fra kommunen"],
    "kulturskole": ["kulturskolen", "plass i kulturskolen"],
    "ledsagerbevis": ["ledsagerbevis"],
    "legevakt": ["legevakta", "legevakten"],
    "motorferdsel": ["snøscooter", "dispensasjon for snøscooter", "scooterløyve"],
    "omsorgsstonad": ["omsorgsstønad"],
    "oppmaling": ["oppmåling", "grensepåvisning", "tomtegrensen"],
    "parkeringstillatelse-forflytningshemmede": ["HC-kort", "handikapkort", "HC-parkering"],
    "praktisk-bistand": ["hjemmehjelp", "praktisk bistand"],
    "redusert-foreldrebetaling": ["redusert foreldrebetaling", "gratis kjernetid", "billigere barnehage"],
    "reisevaksine": ["reisevaksine", "vaksine før reise"],
    "salgsbevilling": ["salgsbevilling", "salg av øl"],
    "serveringsbevilling": ["serveringsbevilling"],
    "servicetorget": ["servicetorget", "rådhuset", "kundesenteret"],
    "sfo": ["SFO", "skolefritidsordningen"],
    "skjenkebevilling": ["skjenkebevilling", "skjenkeløyve"],
    "skoleinnskriving": ["skolestart", "innskriving i 1. klasse"],
    "skoleskyss": ["skoleskyss", "skolebuss"],
    "slamtomming": ["slamtømming", "tømming av septiktanken"],
    "sosialhjelp": ["sosialhjelp", "økonomisk sosialhjelp", "økonomisk hjelp"],
    "startlan": ["startlån"],
    "sykehjemsplass": ["sykehjemsplass", "plass på sykehjem"],
    "tilpasning-bolig": ["tilpasning av bolig", "tilskudd til å tilpasse boligen"],
    "tilskudd-lag-foreninger": ["kulturmidler", "tilskudd til lag og foreninger"],
    "trygghetsalarm": ["trygghetsalarm"],
    "tt-kort": ["TT-kort"],
    "utleie-lokaler": ["leie av gymsal", "leie av lokaler", "Kulturhuset"],
    "vannmaler": ["vannmåler", "måleravlesning"],
    "veimelding": ["hull i veien", "gatelys", "feil på kommunal vei"],
    "vigsel": ["borgerlig vigsel", "vigsel"],
    "voksenopplaering": ["norskkurs", "voksenopplæring"],
}
NAMES_NN = {
    "avfallshenting": ["bosstømming", "tømming av bossdunken"], "byggesoknad": ["byggjesøknad", "byggjeløyve"],
    "sykehjemsplass": ["plass på sjukeheim"], "hjemmesykepleie": ["heimesjukepleie"], "praktisk-bistand": ["heimehjelp"],
    "kommunal-bolig": ["kommunal bustad"], "bostotte": ["bustøtte"], "skoleskyss": ["skuleskyss"],
    "kulturskole": ["kulturskulen"], "trygghetsalarm": ["tryggleiksalarm"], "eiendomsskatt": ["eigedomsskatt"],
    "veimelding": ["hol i vegen", "gatelys"], "motorferdsel": ["snøskuter", "skuterløyve"],
}

TEMPLATES = {
    "nb": {
        "price": ["hva koster {s}?", "hvor mye koster {s}?", "hva er prisen på {s}?", "hva må jeg betale for {s}?",
                  "er {s} gratis?", "Hei! Hva koster {s}?"],
        "deadline": ["når er fristen for {s}?", "hva er søknadsfristen for {s}?", "er det for sent å søke {s} nå?",
                     "når må jeg søke {s}?"],
        "how_to_apply": ["hvordan søker jeg {s}?", "hvor søker man om {s}?", "kan jeg søke {s} på nett?",
                         "Hei, hvordan søker jeg om {s}?", "hvordan får jeg {s}?"],
        "processing_time": ["hvor lang er behandlingstiden for {s}?", "hvor lang tid tar det å få svar på {s}?",
                            "når får jeg svar på søknaden om {s}?"],
        "eligibility": ["hvem kan få {s}?", "har jeg rett på {s}?", "hvem kan søke om {s}?", "kan jeg få {s}?"],
        "description": ["hva er {s}?", "{s}", "info om {s}", "fortell meg om {s}", "jeg lurer på noe om {s}"],
        "contact": ["hvem kan jeg kontakte om {s}?", "hva er telefonnummeret til {s}?", "hvem har ansvar for {s}?"],
        "opening_hours": ["når er {s} åpent?", "åpningstider {s}?", "har {s} åpent på lørdag?"],
        "attachments": ["hvilke vedlegg trenger jeg til {s}?", "hva må jeg legge ved søknaden om {s}?",
                        "hvilke dokumenter trengs for {s}?"],
        "appeal": ["hvordan klager jeg på vedtak om {s}?", "kan jeg klage på {s}?", "hva er klagefristen for {s}?"],
    },
    "nn": {
        "price": ["kva kostar {s}?", "kor mykje kostar {s}?", "kva er prisen på {s}?", "er {s} gratis?"],
        "deadline": ["når er fristen for {s}?", "kva er søknadsfristen for {s}?", "når må eg søkje {s}?"],
        "how_to_apply": ["korleis søkjer eg {s}?", "kor søkjer ein om {s}?", "kan eg søkje {s} på nett?"],
        "processing_time": ["kor lang er sakshandsamingstida for {s}?", "kor lang tid tek det å få svar på {s}?"],
        "eligibility": ["kven kan få {s}?", "har eg rett på {s}?", "kven kan søkje om {s}?"],
        "description": ["kva er {s}?", "{s}", "eg lurer på noko om {s}"],
        "contact": ["kven kan eg kontakte om {s}?", "kva er telefonnummeret til {s}?"],
        "opening_hours": ["når er {s} ope?", "opningstider {s}?"],
        "attachments": ["kva vedlegg treng eg til {s}?", "kva dokument treng eg for {s}?"],
        "appeal": ["korleis klagar eg på vedtak om {s}?", "kan eg klage på {s}?"],
    },
    "sms": {
        "price": ["hva koster {s}", "hvor mye kost {s}?", "pris {s}?", "hei hva koster {s}"],
        "deadline": ["frist {s}?", "nar er fristen for {s}", "soknadsfrist {s}"],
        "how_to_apply": ["hvordan soke {s}", "hvordan soker jeg {s}?", "soke {s}?"],
        "processing_time": ["hvor lang tid tar {s}", "behandlingstid {s}?", "nar far jeg svar pa {s}"],
        "eligibility": ["hvem kan fa {s}", "har jeg rett pa {s}?"],
        "description": ["{s}", "info {s}", "hva er {s}"],
        "contact": ["tlf til {s}?", "hvem kontakter jeg om {s}"],
        "opening_hours": ["apningstid {s}", "nar er {s} apent"],
        "attachments": ["vedlegg {s}?", "hva ma jeg legge ved {s}"],
        "appeal": ["klage {s}", "hvordan klage pa {s}"],
    },
    "en": {
        "price": ["how much does {s} cost?", "what is the price of {s}?", "is {s} free?"],
        "deadline": ["what is the deadline for {s}?", "when do I have to apply for {s}?"],
        "how_to_apply": ["how do I apply for {s}?", "can I apply for {s} online?"],
        "processing_time": ["how long does {s} take?", "when will I get an answer about {s}?"],
        "eligibility": ["who can get {s}?", "am I entitled to {s}?"],
        "description": ["what is {s}?", "tell me about {s}", "{s}"],
        "contact": ["who do I contact about {s}?", "phone number for {s}?"],
        "opening_hours": ["opening hours {s}?", "when is {s} open?"],
        "attachments": ["what documents do I need for {s}?", "what do I attach to the {s} application?"],
        "appeal": ["how do I appeal a decision on {s}?", "can I complain about {s}?"],
    },
}
# What the descriptions do not say: these make the clusters the content owners see.
MISSING = {
    "nb": [("kan jeg betale {s} med vipps?", "price"), ("finnes søknaden om {s} på engelsk?", "how_to_apply"),
           ("kan jeg søke {s} uten bankid?", "how_to_apply"), ("kan noen andre søke {s} for meg med fullmakt?", "how_to_apply"),
           ("kan jeg få {s} hvis jeg bor i en annen kommune?", "eligibility"),
           ("hva skjer med {s} hvis jeg flytter?", "description"), ("kan jeg endre søknaden om {s} etter at den er sendt?", "how_to_apply"),
           ("er det rabatt på {s} for pensjonister?", "price"), ("får jeg bekreftelse på at søknaden om {s} er mottatt?", "processing_time"),
           ("kan jeg sende søknaden om {s} på papir?", "how_to_apply"), ("har dere åpent i romjulen?", "opening_hours")],
    "nn": [("kan eg betale {s} med vipps?", "price"), ("finst søknaden om {s} på engelsk?", "how_to_apply"),
           ("kan eg søkje {s} utan bankid?", "how_to_apply"), ("kva skjer med {s} om eg flyttar?", "description")],
    "sms": [("kan jeg betale {s} med vipps", "price"), ("soke {s} uten bankid?", "how_to_apply"),
            ("skjema {s} pa engelsk?", "how_to_apply"), ("rabatt {s} pensjonist?", "price")],
    "en": [("can I pay for {s} with vipps?", "price"), ("is there an english form for {s}?", "how_to_apply"),
           ("can I apply for {s} without BankID?", "how_to_apply"), ("do I need a Norwegian ID number for {s}?", "eligibility")],
}
# Service-specific gaps, with the months they are asked in (None: all year).
MISSING_FOR = {
    "veimelding": [("når blir veien vår brøytet?", "description", (11, 12, 1, 2, 3)),
                   ("hvem brøyter fortauet i Storgata?", "contact", (11, 12, 1, 2, 3)),
                   ("når kommer strøbilen?", "description", (11, 12, 1, 2, 3)),
                   ("brøytekanten sperrer innkjørselen, hvem rydder den?", "description", (12, 1, 2, 3)),
                   ("det er ikke brøytet i gata vår ennå", "description", (12, 1, 2)),
                   ("når blir hullet i veien reparert?", "processing_time", None)],
    "eiendomsskatt": [("hvorfor har eiendomsskatten økt?", "price", None),
                      ("kan jeg betale eiendomsskatt i avdrag?", "price", None),
                      ("er det fritak for eiendomsskatt for pensjonister?", "eligibility", None),
                      ("hvorfor er huset mitt taksert så høyt?", "appeal", None),
                      ("hvordan er takseringen av eiendomsskatt gjort?", "description", None)],
    "kommunale-avgifter": [("kan jeg få avtalegiro på kommunale avgifter?", "price", None),
                           ("hvorfor er vannavgiften så høy i år?", "price", None),
                           ("kan jeg få efaktura fra kommunen?", "how_to_apply", None),
                           ("jeg har fått faktura for feil adresse", "contact", None)],
    "barnehageplass": [("kan vi bytte barnehage midt i året?", "how_to_apply", None),
                       ("får søsken plass i samme barnehage?", "eligibility", None),
                       ("når kommer svaret på barnehageopptaket?", "processing_time", (2, 3, 4, 5)),
                       ("kan jeg takke nei og beholde plassen i køen?", "description", None)],
    "byggesoknad": [("trenger jeg nabovarsel for terrasse?", "how_to_apply", None),
                    ("hvor høy kan en garasje være?", "description", None),
                    ("hva koster ferdigattest?", "price", None)],
    "startlan": [("kan jeg få startlån sammen med samboer?", "eligibility", None),
                 ("hvor mye kan jeg låne i startlån?", "description", None),
                 ("kan jeg få startlån til hytte?", "eligibility", None)],
    "sosialhjelp": [("når blir sosialhjelpen utbetalt?", "processing_time", None),
                    ("kan jeg få sosialhjelp til tannlege?", "eligibility", None)],
    "skoleskyss": [("hvorfor gikk ikke skolebussen i dag?", "contact", None),
                   ("hvor er busstoppet for skolebussen?", "description", None),
                   ("kan barnet ta skolebussen til SFO?", "eligibility", None)],
    "gjenvinningsstasjon": [("tar dere imot bildekk på gjenvinningsstasjonen?", "description", None),
                            ("hva koster det å levere hageavfall?", "price", None),
                            ("har gjenvinningsstasjonen åpent på lørdag?", "opening_hours", None)],
    "avfallshenting": [("dunken ble ikke tømt i dag", "contact", None), ("når tømmes glass og metall?", "description", None),
                       ("hvor finner jeg hentekalenderen for min adresse?", "description", None)],
    "tt-kort": [("kan jeg bruke TT-kortet i en annen kommune?", "description", None),
                ("hvor mange turer får jeg på TT-kortet?", "description", None)],
    "oppmaling": [("hvor lang ventetid er det på oppmåling?", "processing_time", None),
                  ("kan oppmåling gjøres om vinteren?", "processing_time", (11, 12, 1, 2))],
    "sfo": [("kan vi ha SFO bare noen dager i uka?", "price", None), ("er SFO åpent i høstferien?", "opening_hours", None)],
    "motorferdsel": [("kan jeg kjøre snøscooter til hytta i påsken?", "eligibility", (1, 2, 3, 4))],
}

OWN_CASE = {
    "nb": ["Jeg søkte om {s} for tre uker siden og har ikke hørt noe. Kan dere sjekke saken min?",
           "Hva er status på søknaden min om {s}? Fødselsnummeret mitt er [fødselsnummer]",
           "Jeg har fått avslag på {s} og forstår ikke hvorfor",
           "Jeg har fått en faktura for {s} som er feil",
           "Kan noen ringe meg om {s}? Nummeret mitt er [telefonnummer]",
           "Jeg sendte dokumentene om {s} på e-post fra [e-post], har dere fått dem?"],
    "nn": ["Eg søkte om {s} for tre veker sidan og har ikkje høyrt noko. Kan de sjekke saka mi?",
           "Eg har fått avslag på {s} og skjønar ikkje kvifor"],
    "sms": ["har sokt {s} og ikke fatt svar. kan dere sjekke", "ring meg om {s} [telefonnummer]"],
    "en": ["I applied for {s} a month ago and have not heard anything. Can you check my case?"],
}
COMPLAINTS = {
    "nb": ["Jeg vil klage på hvordan saken min om {s} er behandlet", "Det er helt uakseptabelt at ingen svarer om {s}",
           "Jeg har ringt tre ganger om {s} uten å få svar. Nå vil jeg klage."],
    "nn": ["Eg vil klage på korleis saka mi om {s} er handsama"],
    "sms": ["vil klage pa {s}", "ingen svarer om {s}, dette er for darlig"],
    "en": ["I want to make a complaint about {s}"],
}
PERSONAL = {
    "nb": ["Fødselsnummeret mitt er [fødselsnummer], kan dere se på {s}?", "Kontonummer for utbetaling av {s} er [kontonummer]"],
    "nn": ["Fødselsnummeret mitt er [fødselsnummer], kan de sjå på {s}?"],
    "sms": ["fnr [fødselsnummer] gjelder {s}"],
    "en": ["My national ID number is [fødselsnummer], can you look at {s}?"],
}
TRIAGE = {  # tjenestetrapp: the citizen describes a situation a specialist must handle
    "nb": ["Jeg er bekymret for et barn i nabolaget", "Vi har ikke penger til mat og husleie denne måneden",
           "Jeg trenger mer hjelp hjemme enn jeg får nå", "Moren min klarer seg ikke alene lenger"],
    "nn": ["Eg er uroa for eit barn i nabolaget", "Vi har ikkje pengar til mat og husleige denne månaden"],
    "sms": ["trenger hjelp til mat og husleie", "bekymret for et barn"],
    "en": ["I am worried about a child in my neighbourhood", "We have no money for food and rent this month"],
}
REQUEST_HUMAN = {
    "nb": ["kan jeg snakke med en person?", "jeg vil snakke med et menneske", "snakke med en ansatt", "Kan noen ringe meg?"],
    "nn": ["kan eg få snakke med ein person?", "eg vil snakke med eit menneske"],
    "sms": ["snakke med person", "vil snakke med ansatt", "menneske takk"],
    "en": ["can I talk to a human?", "I want to speak to a person"],
}
WIDGET_HUMAN = "Jeg vil snakke med en ansatt."
OUT_OF_SCOPE = {
    "nb": ["hva blir været i morgen?", "når går bussen til Bergen?", "hvem vant kampen i går?", "hvor er nærmeste apotek?",
           "kan du skrive en søknad for meg?", "hva er skattesatsen i år?", "når åpner Vinmonopolet?"],
    "nn": ["kva blir vêret i morgon?", "når går bussen til Bergen?"],
    "sms": ["vaeret i morgen", "nar gar bussen", "apotek apent?"],
    "en": ["what is the weather tomorrow?", "where can I exchange money?", "how do I get a Norwegian driving licence?"],
}
FALLBACK = {
    "nb": ["hææ?", "det gjelder naboen", "det med papirene", "ok men altså", "jeg skjønner ikke", "hallo??", "det virker ikke"],
    "nn": ["det gjeld naboen", "eg skjønar ikkje", "det med papira"],
    "sms": ["??", "hæ", "ok men", "skjonner ikke", "det gjelder naboen"],
    "en": ["what?", "it is about my neighbour", "that does not work"],
}
VAGUE = {  # names no service: the bot asks which one (abstained)
    "nb": ["hva koster det?", "når er fristen?", "hvordan søker jeg?", "hvor lang er behandlingstiden?"],
    "nn": ["kva kostar det?", "korleis søkjer eg?"],
    "sms": ["hva koster det", "frist?", "hvordan soke"],
    "en": ["how much is it?", "how do I apply?"],
}
GREETINGS = {"nb": ["Hei", "hei!", "Hallo", "God morgen"], "nn": ["Hei", "Hallo"], "sms": ["hei", "hallo"],
             "en": ["Hello", "Hi"]}
THANKS = {"nb": ["takk!", "Tusen takk", "takk for hjelpen", "ok, takk"], "nn": ["takk!", "Tusen takk"],
          "sms": ["takk", "tusen takk", "ok takk"], "en": ["thanks!", "thank you"]}
AFFIRM = {"nb": ["ja", "ja takk", "ja, gjerne"], "nn": ["ja", "ja takk"], "sms": ["ja", "ja takk"], "en": ["yes", "yes please"]}
STAFF_REPLIES = {
    "answered": ["Hei! Jeg har sett på saken din. {detail}", "Takk for at du ventet. {detail}"],
    "forwarded": ["Dette må saksbehandler for {s} se på. Jeg har sendt saken videre, og de tar kontakt med deg.",
                  "Jeg har videresendt henvendelsen til riktig enhet. Du hører fra dem innen to virkedager."],
    "called_back": ["Jeg ringer deg opp om litt på nummeret du oppga.", "Vi ringer deg i løpet av dagen."],
    "no_response": ["Hei, er du der fortsatt?", "Hei! Hva kan jeg hjelpe deg med?"],
    "other": ["Takk for beskjeden. Vi har notert det.", "Takk, dette er registrert hos oss."],
    "handed_back": ["Dette kan assistenten svare på. Jeg gir deg tilbake til den.",
                    "Spør gjerne assistenten om resten, så er jeg her om du trenger mer hjelp."],
}
STAFF_DETAILS = ["Søknaden din er registrert og er under behandling. Du får svar innen fire uker.",
                 "Fakturaen er rettet, og du får en ny i posten.", "Du kan sende dokumentasjonen til postmottak, så legger vi den i saken.",
                 "Saksbehandleren din er tilbake på mandag og svarer deg da.", "Jeg har sjekket, og alt er i orden med saken din."]
CITIZEN_AFTER_STAFF = {"nb": ["takk!", "Tusen takk for hjelpen", "ok", "Flott, takk", "Skjønner. Takk."],
                       "nn": ["takk!", "Tusen takk for hjelpa"], "sms": ["takk", "ok takk"], "en": ["thank you!", "ok, thanks"]}

# Handover reasons, as the office's codes: how often, and which way they happen.
HANDOVER_REASONS = {"request_human": 33, "own_case": 26, "complaint": 7, "low_confidence": 10, "out_of_scope": 5,
                    "personal_data": 7, "tjenestetrapp": 4, "bot_unavailable": 3}
RESOLUTION_WEIGHTS = {"answered": 52, "forwarded": 20, "called_back": 8, "no_response": 9, "other": 3, "handed_back": 8}

HOUR_WEIGHTS = (0.12, 0.07, 0.05, 0.04, 0.05, 0.1, 0.3, 0.75, 1.4, 1.8, 1.9, 1.8, 1.6, 1.7, 1.6, 1.3, 1.05,
                0.9, 0.9, 1.0, 1.0, 0.8, 0.5, 0.25)
WEEKDAY_WEIGHTS = (1.25, 1.15, 1.1, 1.05, 0.9, 0.45, 0.55)
MONTH_WEIGHTS = {7: 0.65, 12: 0.85}

_SMS_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A", "é": "e"})


def sms_style(text: str) -> str:
    return text.translate(_SMS_FOLD).lower()


@dataclass
class Options:
    conversations: int = 100_000
    seed: int = DEFAULT_SEED
    days: int = 365
    end: Optional[dt.datetime] = None  # default: now
    chunk: int = CHUNK


@dataclass
class Summary:
    rows: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    start: Optional[dt.datetime] = None
    end: Optional[dt.datetime] = None


class DemoRowsExist(Exception):
    """Demo traffic is already in the database (use replace=True)."""

    def __init__(self, count: int):
        super().__init__(f"{count} demo conversations already exist")
        self.count = count


class _Stop(Exception):
    """The conversation reached the end of the demo period: what is written so far stays."""


# -- the database side ---------------------------------------------------------------------

def _demo_ids():
    return select(Conversation.id).where(Conversation.citizen_handle.like(DEMO_PREFIX + "%"))


def count_demo(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Conversation)
                          .where(Conversation.citizen_handle.like(DEMO_PREFIX + "%"))) or 0


def delete_demo(session: Session) -> Counter:
    """Every row the demo wrote (not the demo staff users, who may be referenced elsewhere).
    A cluster goes only when no question outside the demo belongs to it."""
    deleted: Counter = Counter()
    demo = _demo_ids()
    demo_clusters = (select(QuestionRecord.cluster_id)
                     .where(QuestionRecord.conversation_id.in_(demo), QuestionRecord.cluster_id.is_not(None)))
    live_clusters = (select(QuestionRecord.cluster_id)
                     .where(QuestionRecord.cluster_id.is_not(None),
                            (QuestionRecord.conversation_id.is_(None)) | QuestionRecord.conversation_id.not_in(demo)))
    cluster_ids = set(session.scalars(demo_clusters.distinct())) - set(session.scalars(live_clusters.distinct()))
    deleted["question_records"] = session.execute(
        delete(QuestionRecord).where(QuestionRecord.conversation_id.in_(demo))).rowcount
    ids = sorted(cluster_ids)
    for start in range(0, len(ids), 500):
        deleted["question_clusters"] += session.execute(
            delete(QuestionCluster).where(QuestionCluster.id.in_(ids[start:start + 500]))).rowcount
    deleted["handovers"] = session.execute(delete(Handover).where(Handover.conversation_id.in_(demo))).rowcount
    deleted["audit_log"] = session.execute(delete(AuditLog).where(AuditLog.conversation_id.in_(demo))).rowcount
    deleted["messages"] = session.execute(delete(Message).where(Message.conversation_id.in_(demo))).rowcount
    deleted["conversations"] = session.execute(
        delete(Conversation).where(Conversation.citizen_handle.like(DEMO_PREFIX + "%"))).rowcount
    session.commit()
    return deleted


def ensure_staff(session: Session) -> list[tuple[int, str]]:
    """The demo staff users (role staff, no usable password), created when missing."""
    existing = {u.username: u for u in session.scalars(select(User).where(User.username.in_([n for n, _ in DEMO_STAFF])))}
    for username, name in DEMO_STAFF:
        if username not in existing:
            user = User(username=username, display_name=name, password_hash="!", role="staff",
                        created_at=dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc))
            session.add(user)
            existing[username] = user
    session.commit()
    return [(existing[u].id, existing[u].display_name) for u, _ in DEMO_STAFF]


def _next_id(session: Session, model) -> int:
    return (session.scalar(select(func.max(model.id))) or 0) + 1


def _fix_sequences(session: Session) -> None:
    """PostgreSQL: explicit ids do not move the serial sequences; move them past the rows."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in ("messages", "question_clusters"):
        session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                             f"COALESCE((SELECT MAX(id) FROM {table}), 1))"))


# -- clusters, in memory -------------------------------------------------------------------

class ClusterBook:
    """`records.Clusterer` in memory: the same key, the same candidates (the open clusters of the
    service, most recently active first, at most CLUSTER_CANDIDATES), the same choice."""

    def __init__(self, naming: Callable[[Optional[str]], frozenset[str]], first_id: int):
        self.naming = naming
        self.next_id = first_id
        self.open: dict[Optional[str], OrderedDict[int, str]] = {}
        self.rows: dict[int, dict] = {}
        self.new: list[int] = []  # created since the last flush
        self.flushed: set[int] = set()
        self.dirty: set[int] = set()  # flushed, then changed (last_seen_at, closed)
        self._keys: dict[tuple[str, Optional[str], Optional[str]], str] = {}

    def key(self, text: str, service_id: Optional[str], aspect: Optional[str]) -> str:
        cache_key = (text, service_id, aspect)
        key = self._keys.get(cache_key)
        if key is None:
            key = self._keys[cache_key] = question_key(text, self.naming(service_id), aspect)
        return key

    def assign(self, record: dict) -> None:
        if not record["text"]:
            return
        service_id, when = record["service_id"], record["created_at"]
        key = self.key(record["text"], service_id, record.get("aspect"))
        clusters = self.open.setdefault(service_id, OrderedDict())
        choices = dict(itertools.islice(clusters.items(), CLUSTER_CANDIDATES))
        best = process.extractOne(key, choices, scorer=fuzz.token_sort_ratio, score_cutoff=CLUSTER_SIMILARITY)
        if best is not None:
            cluster_id = best[2]
            row = self.rows[cluster_id]
            row["last_seen_at"] = max(row["last_seen_at"], when)
            if cluster_id in self.flushed:
                self.dirty.add(cluster_id)
        else:
            cluster_id = self.next_id
            self.next_id += 1
            self.rows[cluster_id] = {"id": cluster_id, "service_id": service_id, "label": record["text"], "key": key,
                                     "created_at": when, "last_seen_at": when, "closed_at": None, "closed_by": None,
                                     "closed_catalog_version": None}
            clusters[cluster_id] = key
            self.new.append(cluster_id)
        clusters.move_to_end(cluster_id, last=False)
        record["cluster_id"] = cluster_id

    def unassign(self, record: dict) -> None:
        record["cluster_id"] = None

    def close_service(self, service_id: str, when: dt.datetime, version: str) -> None:
        for cluster_id in self.open.pop(service_id, {}):
            row = self.rows[cluster_id]
            row["closed_at"], row["closed_catalog_version"] = when, version
            if cluster_id in self.flushed:
                self.dirty.add(cluster_id)

    def take_new(self) -> list[dict]:
        rows = [dict(self.rows[i]) for i in self.new]
        self.flushed.update(self.new)
        self.new = []
        return rows

    def changes(self) -> list[dict]:
        return [{"id": i, "last_seen_at": self.rows[i]["last_seen_at"], "closed_at": self.rows[i]["closed_at"],
                 "closed_catalog_version": self.rows[i]["closed_catalog_version"]} for i in sorted(self.dirty)]


# -- the generator -------------------------------------------------------------------------

class _Chunk:
    def __init__(self):
        self.conversations: list[dict] = []
        self.messages: list[dict] = []
        self.records: list[dict] = []
        self.handovers: list[dict] = []
        self.audit: list[dict] = []


class TrafficGenerator:
    def __init__(self, catalog, office: OfficeHours, options: Options, staff: list[tuple[int, str]],
                 first_message_id: int, first_cluster_id: int, zone: str = "Europe/Oslo"):
        self.catalog = catalog
        self.office = office
        self.options = options
        self.staff = staff
        self.zone = zone
        self.tz = ZoneInfo(zone)
        self.rng = random.Random(options.seed)
        self.end = (options.end or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
        self.start = self.end - dt.timedelta(days=options.days)
        self.next_message_id = first_message_id
        self.clusters = ClusterBook(naming_terms_from(catalog), first_cluster_id)
        self.services = sorted(s.id for s in catalog if s.id != OFFICE_ID) + ([OFFICE_ID] if OFFICE_ID in catalog else [])
        self.service_ids = list(self.services)
        self.improved = {sid: (self.end - dt.timedelta(days=days), factor)
                         for sid, (days, factor) in IMPROVED.items() if sid in catalog}
        self.improved_closed: set[str] = set()
        self.version = getattr(catalog, "version", "demo")
        self._answers: dict[tuple, str] = {}
        self._back: dict[tuple, str] = {}
        self._same: dict[tuple[str, str], bool] = {}
        self._weeks: dict[int, dt.date] = {}
        self._build_calendar()

    # -- time and services ---------------------------------------------------------------

    def _service_weight(self, sid: str, month: int) -> float:
        return POPULARITY.get(sid, 1.0) * SEASONS.get(sid, {}).get(month, 1.0)

    def _build_calendar(self) -> None:
        months = range(1, 13)
        self.month_services = {m: list(itertools.accumulate(self._service_weight(s, m) for s in self.services))
                               for m in months}
        month_total = {m: self.month_services[m][-1] for m in months}
        mean_total = sum(month_total.values()) / 12
        hours = int((self.end - self.start).total_seconds() // 3600)
        self.slots: list[dt.datetime] = []
        weights = []
        for h in range(hours):
            moment = self.start + dt.timedelta(hours=h)
            local = moment.astimezone(self.tz)
            weight = (HOUR_WEIGHTS[local.hour] * WEEKDAY_WEIGHTS[local.weekday()]
                      * month_total[local.month] / mean_total * MONTH_WEIGHTS.get(local.month, 1.0))
            if (local.month, local.day) >= (12, 22) or (local.month, local.day) <= (1, 1):
                weight *= 0.45  # Christmas
            self.slots.append(moment)
            weights.append(weight)
        self.slot_cum = list(itertools.accumulate(weights))

    def timestamps(self) -> list[dt.datetime]:
        rng = self.rng
        slots = rng.choices(self.slots, cum_weights=self.slot_cum, k=self.options.conversations)
        return sorted(s + dt.timedelta(seconds=rng.randrange(3600)) for s in slots)

    def _service_at(self, local_month: int) -> str:
        return self.rng.choices(self.services, cum_weights=self.month_services[local_month])[0]

    def _badness(self, sid: Optional[str], when: dt.datetime) -> float:
        factor = BADNESS.get(sid, 1.0)
        if sid in self.improved and when >= self.improved[sid][0]:
            factor = self.improved[sid][1]
        return factor

    def week(self, moment: dt.datetime) -> dt.date:
        hour = int(moment.timestamp()) // 3600  # Oslo's offsets are whole hours
        week = self._weeks.get(hour)
        if week is None:
            week = self._weeks[hour] = week_of(moment, self.zone)
        return week

    # -- texts ---------------------------------------------------------------------------

    def _name(self, sid: str, lang: str) -> str:
        if lang == "nn" and sid in NAMES_NN:
            return self.rng.choice(NAMES_NN[sid])
        names = NAMES.get(sid)
        if not names:
            service = self.catalog.get(sid)
            names = [service.keywords[0] if service and service.keywords else sid]
        return self.rng.choice(names)

    def _pick(self, table: dict, style: str, sid: Optional[str] = None) -> str:
        options = table.get(style) or table["nb"]
        line = self.rng.choice(options)
        if "{s}" in line:
            line = line.format(s=self._name(sid, style) if sid else "saken")
        return sms_style(line) if style == "sms" else line

    def _question(self, sid: str, aspect: str, style: str) -> str:
        line = self.rng.choice(TEMPLATES[style][aspect]).format(s=self._name(sid, style))
        return sms_style(line) if style == "sms" else line

    def _missing_question(self, sid: str, style: str, month: int) -> tuple[str, str]:
        specific = [(t, a) for t, a, months in MISSING_FOR.get(sid, ()) if months is None or month in months]
        if specific and style in ("nb", "sms") and self.rng.random() < 0.6:
            line, aspect = self.rng.choice(specific)
        else:
            line, aspect = self.rng.choice(MISSING[style])
            line = line.format(s=self._name(sid, style))
        return (sms_style(line) if style == "sms" else line), aspect

    def _compose(self, sid: str, aspect: str, lang: str, channel: str) -> tuple[str, bool]:
        """The bot's answer (catalog_index.answers.compose, as the assistant writes it), and
        whether the description has the asked field."""
        key = (sid, aspect, lang, channel)
        found = self._answers.get(key)
        if found is None:
            from catalog_index.answers import compose

            service = self.catalog.get(sid)
            try:
                answer = compose(service, aspect, lang, channel, office=self.catalog.get(OFFICE_ID),
                                 summary=aspect == "description")
                found = (answer.text, answer.answered)
            except Exception:  # a description the composer cannot render: a plain pointer
                found = (f"{service.title.nb}\n{service.description.nb}", True)
            self._answers[key] = found
        return found

    def _answer_text(self, sid: str, aspect: str, lang: str, channel: str) -> str:
        return self._compose(sid, aspect, lang, channel)[0]

    def has_aspect(self, sid: str, aspect: str) -> bool:
        return self._compose(sid, aspect, "nb", "web")[1]

    # -- one conversation ----------------------------------------------------------------

    def conversation(self, seq: int, created: dt.datetime, chunk: _Chunk) -> None:
        sim = _Conversation(self, seq, created, chunk)
        try:
            sim.run()
        except _Stop:
            pass
        sim.finish()

    def same_question(self, a: Optional[str], b: Optional[str]) -> bool:
        """records.same_question, remembered per pair of texts."""
        if not a or not b:
            return False
        pair = (a, b)
        same = self._same.get(pair)
        if same is None:
            key_a, key_b = self.clusters.key(a, "\0", None), self.clusters.key(b, "\0", None)
            same = self._same[pair] = bool(key_a) and fuzz.token_sort_ratio(key_a, key_b) >= REPEAT_SIMILARITY
        return same

    def back_at(self, at: dt.datetime, lang: str) -> str:
        opening = self.office.hours.next_opening(at.astimezone(self.office.zone)) if self.office.hours else None
        key = (opening, lang)
        if key not in self._back:
            self._back[key] = self.office.back_at(at, lang)
        return self._back[key]

    def next_open(self, at: dt.datetime) -> dt.datetime:
        """`at` when the office is open then, else its next opening (in UTC)."""
        if self.office.is_open(at) or self.office.hours is None:
            return at
        opening = self.office.hours.next_opening(at.astimezone(self.office.zone))
        return opening.astimezone(dt.timezone.utc) if opening else at

    def message_id(self) -> int:
        value = self.next_message_id
        self.next_message_id += 1
        return value


# Replies of the assistant that are not answers: the bot's own texts.
DEMO_PHONE = "+47 57 70 00 00"  # the demo catalog's servicetorget


def _bot_text(key: str, lang: str) -> str:
    table = BOT_MESSAGES.get(key) or MESSAGES[key]
    return table.get(lang, table["nb"]).format(phone=DEMO_PHONE)


def _lognormal_seconds(rng: random.Random, median: float, sigma: float, low: int, high: int) -> int:
    import math

    return int(min(high, max(low, rng.lognormvariate(math.log(median), sigma))))


class _Conversation:
    """One citizen's conversation, played through the same steps live traffic takes."""

    def __init__(self, gen: TrafficGenerator, seq: int, created: dt.datetime, chunk: _Chunk):
        self.gen, self.rng, self.chunk = gen, gen.rng, chunk
        rng = self.rng
        self.id = f"{rng.getrandbits(128):032x}"
        self.channel = "web" if rng.random() < 0.7 else "sms"
        roll = rng.random()
        self.lang = "nb" if roll < 0.8 else ("nn" if roll < 0.91 else "en")
        # How the citizen writes: SMS shorthand without æøå on most SMS and some web chats.
        self.style = self.lang
        if self.lang == "nb" and rng.random() < (0.65 if self.channel == "sms" else 0.08):
            self.style = "sms"
        self.created = created
        self.t = created
        self.local_month = created.astimezone(gen.tz).month
        self.service_id: Optional[str] = None
        self.state = BOT
        self.assignee: Optional[int] = None
        self.resolved_at: Optional[dt.datetime] = None
        self.thumbs_down = False
        self.handover: Optional[dict] = None
        self.last_record: Optional[dict] = None
        self.citizen_texts: list[str] = []
        self.row = {
            "id": self.id, "channel": self.channel, "citizen_handle": f"{DEMO_PREFIX}{seq}", "reply_address": None,
            "state": BOT, "assignee_id": None, "service_id": None, "language": "nb", "created_at": created,
            "updated_at": created, "resolved_at": None, "week": gen.week(created), "escalated": False,
            "thumbs_down": False, "purged_at": None,
        }
        chunk.conversations.append(self.row)

    # -- steps -----------------------------------------------------------------------------

    def wait(self, low: float, high: float) -> None:
        self.t = self.t + dt.timedelta(seconds=int(self.rng.uniform(low, high)))
        if self.t > self.gen.end:
            raise _Stop

    def _message(self, sender: str, text_: str, **detected) -> dict:
        outbound = sender != CITIZEN
        sms = self.channel == "sms"
        row = {
            "id": self.gen.message_id(), "conversation_id": self.id, "channel": self.channel, "sender": sender,
            "text": text_, "internal": detected.pop("internal", False), "author_id": detected.pop("author_id", None),
            "created_at": self.t,
            "external_id": f"SM{self.rng.getrandbits(128):032x}" if sms else None,  # Twilio's MessageSid
            "delivery_status": "delivered" if sms and outbound else None,
            "kind": None, "intent": None, "service_id": None, "aspect": None, "confidence": None, "buttons": None,
            "feedback": None,
        }
        row.update(detected)
        self.chunk.messages.append(row)
        self.row["updated_at"] = self.t
        return row

    def citizen(self, text_: str) -> dict:
        self.citizen_texts.append(text_)
        return self._message(CITIZEN, text_)

    def bot(self, text_: str, kind: Optional[str], intent: Optional[str] = None, service_id: Optional[str] = None,
            aspect: Optional[str] = None, confidence: Optional[float] = None, buttons=None) -> dict:
        self.wait(1, 3)
        message = self._message(BOT_SENDER, text_, kind=kind, intent=intent, service_id=service_id, aspect=aspect,
                                confidence=None if confidence is None else round(confidence, 4), buttons=buttons)
        if service_id:
            self.service_id = service_id
        if self.lang in ("nb", "nn", "en") and kind is not None:
            self.row["language"] = self.lang
        return message

    def record(self, question: str, reply: dict, handed_over: bool = False, candidate: Optional[str] = None,
               settled: bool = False) -> dict:
        """records.QuestionRecorder.record_turn, for a reply of a question kind. `candidate`: the
        first service offered by a clarify; `settled`: the citizen is about to pick one (which
        makes the question answered), so it is not clustered meanwhile."""
        kind = reply["kind"]
        rec = {
            "conversation_id": self.id, "reply_message_id": reply["id"], "channel": self.channel,
            "created_at": self.t, "week": self.gen.week(self.t), "service_id": reply["service_id"] or candidate,
            "aspect": reply["aspect"], "intent": reply["intent"], "kind": kind, "confidence": reply["confidence"],
            "language": self.lang, "answered": kind == "answer" and not handed_over,
            "unanswered_reason": None, "escalated": handed_over or kind == "handover", "text": question,
            "cluster_id": None,
        }
        previous = self.last_record
        self.chunk.records.append(rec)
        self.last_record = rec
        if previous is not None and previous["answered"] and self.gen.same_question(previous["text"], question):
            self.mark(previous, "repeated")
        reason = {"out_of_scope": "abstained", "which_service": "abstained", "not_understood": "fallback",
                  "clarify": "low_confidence"}.get(kind)
        if kind == "answer" and (rec["confidence"] or 0.0) < LOW_CONFIDENCE:
            reason = "low_confidence"
        if reason and not rec["escalated"]:
            if settled:
                rec["answered"], rec["unanswered_reason"] = False, reason
            else:
                self.mark(rec, reason)
        return rec

    def mark(self, rec: dict, reason: str) -> None:
        rec["answered"], rec["unanswered_reason"] = False, reason
        sid = rec["service_id"]
        if sid in self.gen.improved and sid not in self.gen.improved_closed and rec["created_at"] >= self.gen.improved[sid][0]:
            self.gen.clusters.close_service(sid, self.gen.improved[sid][0], self.gen.version)
            self.gen.improved_closed.add(sid)
        self.gen.clusters.assign(rec)

    def feedback(self, reply: dict, value: int) -> None:
        """The widget's thumbs (web only): records.QuestionRecorder.feedback."""
        self.wait(5, 40)
        reply["feedback"] = value
        rec = self.last_record if self.last_record and self.last_record["reply_message_id"] == reply["id"] else None
        if value < 0:
            self.thumbs_down = True
            if rec is not None and rec["answered"]:
                self.mark(rec, "thumbs_down")

    # -- turns -----------------------------------------------------------------------------

    def ask(self, sid: str, aspect: str, text_: str, outcome: str) -> dict:
        """A question about a service, and the bot's turn: answer (sure or unsure) or clarify."""
        rng = self.rng
        self.citizen(text_)
        lang = self.lang
        if outcome == "clarify":
            others = [s for s in rng.sample(self.gen.service_ids, 3) if s != sid][:2]
            candidates = [sid, *others]
            buttons = None
            if self.channel == "web":
                buttons = {"buttons": [{"title": self.gen.catalog.get(c).title.nb,
                                        "payload": '/choose_service{"service":"%s"}' % c} for c in candidates]}
                body = _bot_text("clarify", lang)
            else:
                body = "\n".join([_bot_text("clarify", lang)] + [f"{n}. {self.gen.catalog.get(c).title.nb}"
                                                                  for n, c in enumerate(candidates, 1)] + ["Svar 1, 2 eller 3."])
            reply = self.bot(body, "clarify", f"ask_{aspect}", None, aspect, rng.uniform(0.3, 0.55), buttons)
            picks = rng.random() < 0.55
            rec = self.record(text_, reply, candidate=sid, settled=picks)
            if picks:  # the citizen picks one: the earlier question is settled
                pick = 0 if rng.random() < 0.85 else 1
                chosen = candidates[pick]
                try:
                    self.wait(4, 25)
                    self.citizen(self.gen.catalog.get(chosen).title.nb if self.channel == "web" else str(pick + 1))
                    answer = self.bot(self.gen._answer_text(chosen, aspect, lang, self.channel), "answer",
                                      "choose_service", chosen, aspect, rng.uniform(0.85, 0.99))
                except _Stop:  # the period ended before the choice: still unanswered
                    self.mark(rec, rec["unanswered_reason"])
                    raise
                rec.update(service_id=chosen, aspect=aspect, reply_message_id=answer["id"], answered=True,
                           unanswered_reason=None, cluster_id=None)
                return answer
            return reply
        confidence = rng.uniform(0.35, 0.59) if outcome == "unsure" else min(0.99, 0.6 + 0.4 * rng.random() ** 0.6)
        reply = self.bot(self.gen._answer_text(sid, aspect, lang, self.channel), "answer", f"ask_{aspect}", sid,
                         aspect, confidence)
        self.record(text_, reply)
        return reply

    def failed_turn(self, kind: str) -> dict:
        """A turn the bot could not use: fallback, out of scope, or no service named."""
        rng, style, lang = self.rng, self.style, self.lang
        if kind == "not_understood":
            text_, intent, body = self.gen._pick(FALLBACK, style), "nlu_fallback", _bot_text("not_understood", lang)
        elif kind == "out_of_scope":
            text_, intent, body = self.gen._pick(OUT_OF_SCOPE, style), "out_of_scope", _bot_text("out_of_scope", lang)
        else:
            text_, intent, body = self.gen._pick(VAGUE, style), "ask_" + rng.choice(("price", "deadline", "how_to_apply")), \
                _bot_text("which_service", lang)
        self.citizen(text_)
        reply = self.bot(body, kind, intent, None, None, rng.uniform(0.2, 0.6))
        self.record(text_, reply)
        return reply

    def run(self) -> None:
        gen, rng = self.gen, self.rng
        sid = gen._service_at(self.local_month)
        badness = gen._badness(sid, self.created)
        escalate = rng.random() < min(0.6, 0.075 * ESCALATION.get(sid, 1.0) * (0.6 + 0.4 * badness))
        reason = None
        if escalate:
            reason = rng.choices(list(HANDOVER_REASONS), weights=list(HANDOVER_REASONS.values()))[0]
            if reason == "tjenestetrapp" and gen.catalog.get(sid).tjenestetrapp < 6:
                reason = "own_case"
        questions = rng.choices((1, 2, 3, 4), weights=(52, 30, 13, 5))[0]
        if escalate:
            questions = rng.choices((0, 1, 2), weights=(45, 40, 15))[0]

        if rng.random() < 0.12:  # a greeting first
            self.citizen(gen._pick(GREETINGS, self.style))
            self.bot(_bot_text("greet", self.lang), None, "greet")
            self.wait(5, 40)
        roll = rng.random()
        if roll < 0.04:  # no service named: the bot asks which
            self.failed_turn("which_service")
            self.wait(10, 60)
        elif roll < 0.07 and reason not in ("low_confidence", "out_of_scope"):
            self.failed_turn("not_understood")
            self.wait(10, 60)
        elif roll < 0.09 and reason not in ("low_confidence", "out_of_scope"):
            self.failed_turn("out_of_scope")
            if rng.random() < 0.5:
                return
            self.wait(10, 60)

        for n in range(questions):
            if n:
                self.wait(15, 120)
            self.question(sid, badness)
            if n == 0 and rng.random() < 0.15 and not escalate:  # a second service in the same chat
                sid = gen._service_at(self.local_month)
                badness = gen._badness(sid, self.t)

        if escalate:
            if questions:
                self.wait(10, 90)
            self.escalate(reason, sid)
        elif rng.random() < 0.25:
            self.wait(10, 60)
            self.citizen(gen._pick(THANKS, self.style))
            self.bot(_bot_text("thanks", self.lang), None, "thanks")

    def question(self, sid: str, badness: float) -> None:
        gen, rng = self.gen, self.rng
        missing = rng.random() < min(0.5, 0.07 * badness)
        if missing:
            text_, aspect = gen._missing_question(sid, self.style, self.local_month)
            unanswered = 0.75
        else:
            aspect = rng.choices(list(ASPECT_WEIGHTS), weights=list(ASPECT_WEIGHTS.values()))[0]
            text_ = gen._question(sid, aspect, self.style)
            unanswered = min(0.6, 0.07 * badness)
            if not gen.has_aspect(sid, aspect):  # "the description says nothing about ...": it did not help
                unanswered = max(unanswered, 0.5)
        if rng.random() >= unanswered:
            reply = self.ask(sid, aspect, text_, "sure")
            if self.channel == "web" and rng.random() < 0.07:
                self.feedback(reply, 1)
            return
        how = rng.choices(("unsure", "clarify", "thumbs_down", "repeated"), weights=(40, 20, 25, 15))[0]
        if how == "thumbs_down" and self.channel != "web":
            how = "unsure"
        if how in ("unsure", "clarify"):
            self.ask(sid, aspect, text_, how)
        elif how == "thumbs_down":
            reply = self.ask(sid, aspect, text_, "sure")
            self.feedback(reply, -1)
        else:  # asked again, the same words: the first answer did not help
            self.ask(sid, aspect, text_, "sure")
            self.wait(10, 60)
            again = text_ if rng.random() < 0.6 else text_.rstrip("?") + "??"
            self.ask(sid, aspect, again, "sure" if rng.random() < 0.7 else "unsure")

    def escalate(self, reason: str, sid: str) -> None:
        gen, rng, style, lang = self.gen, self.rng, self.style, self.lang
        service = self.service_id or sid
        if reason == "request_human" and self.channel == "web" and rng.random() < 0.55:
            # The widget's "Snakk med en ansatt" button: straight to a person, no bot turn.
            self.citizen(WIDGET_HUMAN)
            self.hand_over("request_human", {"reason": "request_human", "service_id": self.service_id,
                                             "intent": "request_human", "confidence": 1.0})
        elif reason == "bot_unavailable":
            text_ = gen._question(sid, rng.choice(list(ASPECT_WEIGHTS)), style)
            self.citizen(text_)
            self.wait(2, 6)
            self._message(SYSTEM, notice("bot_unavailable", self.row["language"]))
            self.hand_over("bot_unavailable", {"reason": "bot_unavailable"}, quiet=True)
            self.chunk.records.append({
                "conversation_id": self.id, "reply_message_id": None, "channel": self.channel, "created_at": self.t,
                "week": gen.week(self.t), "service_id": self.service_id, "aspect": None, "intent": None,
                "kind": "unavailable", "confidence": None, "language": None, "answered": False,
                "unanswered_reason": None, "escalated": True, "text": text_, "cluster_id": None})
        elif reason in ("low_confidence", "out_of_scope"):
            kind = "not_understood" if reason == "low_confidence" else "out_of_scope"
            self.failed_turn(kind)
            self.wait(10, 50)
            second = self.failed_turn(kind)
            second["text"] += "\n\n" + _bot_text("offer_person", lang)
            self.wait(5, 30)
            text_ = gen._pick(AFFIRM, style)
            self.citizen(text_)
            confidence = rng.uniform(0.9, 0.99)
            reply = self.bot(_bot_text("handover", lang), "handover", "affirm", None, None, confidence)
            payload = {"reason": "failed_turns", "service_id": None, "intent": "affirm", "confidence": round(confidence, 4)}
            self.hand_over(reason, payload)
            self.record(text_, reply, handed_over=True)
        else:
            table = {"request_human": REQUEST_HUMAN, "own_case": OWN_CASE, "complaint": COMPLAINTS,
                     "personal_data": PERSONAL, "tjenestetrapp": TRIAGE}[reason]
            text_ = gen._pick(table, style, service)
            self.citizen(text_)
            intent = {"personal_data": "own_case", "tjenestetrapp": "own_case"}.get(reason, reason)
            confidence = rng.uniform(0.7, 0.99)
            handover_service = None if reason == "request_human" and rng.random() < 0.5 else service
            reply = self.bot(_bot_text("handover", lang), "handover", intent, handover_service, None, confidence)
            self.hand_over(reason, {"reason": reason, "service_id": handover_service, "intent": intent,
                                    "confidence": round(confidence, 4)})
            self.record(text_, reply, handed_over=True)
        self.staff_part()

    def hand_over(self, reason: str, payload: dict, quiet: bool = False) -> None:
        """ConversationService._hand_over: the Handover row, state pending, the office's notice."""
        payload = {**payload, "last_messages": self.citizen_texts[-5:]}
        open_now = self.gen.office.is_open(self.t)
        self.handover = {
            "conversation_id": self.id, "channel": self.channel, "reason": reason,
            "service_id": payload.get("service_id") or self.service_id, "intent": payload.get("intent"),
            "confidence": payload.get("confidence"), "payload": payload, "outside_hours": not open_now,
            "created_at": self.t, "claimed_by": None, "claimed_at": None, "first_reply_at": None, "resolved_at": None,
            "resolution_code": None, "tagged_service_id": None, "week": self.gen.week(self.t), "claim_seconds": None,
            "first_reply_seconds": None,
        }
        self.chunk.handovers.append(self.handover)
        self.state = PENDING
        self.row["escalated"] = True
        language = self.row["language"]
        if not open_now:
            self._message(SYSTEM, notice("handover_closed", language, when=self.gen.back_at(self.t, language)))
        elif not quiet:
            self._message(SYSTEM, notice("handover_open", language))

    def staff_part(self) -> None:
        gen, rng, handover = self.gen, self.rng, self.handover
        created = handover["created_at"]
        language = self.row["language"]
        # Claimed when someone is free: minutes in opening hours; the next morning's queue otherwise.
        if handover["outside_hours"]:
            start = gen.next_open(created)
            delay = _lognormal_seconds(rng, 20 * 60, 0.8, 60, 4 * 3600)
        else:
            start = created
            delay = _lognormal_seconds(rng, 150, 0.9, 10, 2 * 3600)
        claimed = start + dt.timedelta(seconds=delay)
        if not gen.office.is_open(claimed):  # ran past closing time: the next opening
            claimed = gen.next_open(claimed) + dt.timedelta(seconds=_lognormal_seconds(rng, 15 * 60, 0.7, 60, 3 * 3600))
        if claimed > gen.end:
            raise _Stop
        staff_id, staff_name = rng.choices(gen.staff, weights=STAFF_WEIGHTS[:len(gen.staff)])[0]
        self.t = claimed
        handover["claimed_by"], handover["claimed_at"] = staff_id, claimed
        handover["claim_seconds"] = round((claimed - created).total_seconds())
        self.state, self.assignee = OPEN, staff_id
        self._message(SYSTEM, notice("staff_joined", language, name=staff_name))
        self._audit(staff_id, "claim")
        code = rng.choices(list(RESOLUTION_WEIGHTS), weights=list(RESOLUTION_WEIGHTS.values()))[0]
        self.wait(15, 240)
        name = NAMES.get(handover["service_id"] or "", ["saken"])[0]
        reply_text = rng.choice(STAFF_REPLIES[code]).format(s=name, detail=rng.choice(STAFF_DETAILS))
        self._message(STAFF, reply_text, author_id=staff_id)
        handover["first_reply_at"] = self.t
        handover["first_reply_seconds"] = round((self.t - created).total_seconds())
        self._audit(staff_id, "reply")
        if code != "no_response":
            if rng.random() < 0.75:
                self.wait(20, 300)
                self.citizen(gen._pick(CITIZEN_AFTER_STAFF, self.style))
        else:
            self.wait(600, 1800)
        if code == "handed_back":
            self.wait(10, 120)
            handover["resolved_at"], handover["resolution_code"] = self.t, "handed_back"
            self.state, self.assignee = BOT, None
            self._message(SYSTEM, notice("handed_back", language))
            self._audit(staff_id, "hand_back")
            if rng.random() < 0.6:
                self.wait(20, 120)
                sid = handover["service_id"] or gen._service_at(self.local_month)
                self.question(sid, gen._badness(sid, self.t))
            return
        self.wait(30, 900)
        tagged = handover["service_id"]
        if tagged is None and rng.random() < 0.7:
            tagged = gen._service_at(self.local_month)
        elif tagged is not None and rng.random() < 0.12:
            related = gen.catalog.get(tagged).related
            tagged = rng.choice(related) if related else gen._service_at(self.local_month)
        handover["resolved_at"], handover["resolution_code"], handover["tagged_service_id"] = self.t, code, tagged
        self.state, self.resolved_at = RESOLVED, self.t
        self._message(SYSTEM, notice("resolved", language))
        self._audit(staff_id, "resolve", f"{code} {tagged or ''}".strip())

    def _audit(self, user_id: int, action: str, detail: Optional[str] = None) -> None:
        self.chunk.audit.append({"user_id": user_id, "action": action, "conversation_id": self.id,
                                 "detail": detail, "created_at": self.t})

    def finish(self) -> None:
        """The conversation's row as it stands at the end of the period. A chat the bot had and
        the citizen left is closed after an hour of silence."""
        row = self.row
        if self.state == BOT:
            idle = self.t + dt.timedelta(seconds=self.rng.randrange(1800, 5400))
            if idle <= self.gen.end:
                self.state, self.resolved_at = RESOLVED, idle
        row["state"] = self.state
        row["assignee_id"] = self.assignee
        row["service_id"] = self.service_id
        row["thumbs_down"] = self.thumbs_down
        row["resolved_at"] = self.resolved_at
        if self.resolved_at is not None:
            row["updated_at"] = max(row["updated_at"], self.resolved_at)


# -- writing -------------------------------------------------------------------------------

def write_demo_traffic(db: Database, catalog, office: OfficeHours, options: Options, replace: bool = False,
                       zone: str = "Europe/Oslo", progress: Optional[Callable[[str], None]] = None) -> Summary:
    """Generate and write the demo traffic. Raises DemoRowsExist when demo rows are there and
    `replace` is not set."""
    say = progress or (lambda line: None)
    began = time.monotonic()
    summary = Summary()
    with db.sessions() as session:
        existing = count_demo(session)
        if existing and not replace:
            raise DemoRowsExist(existing)
        if existing:
            say(f"Sletter {existing} tidligere demosamtaler ...")
            summary.deleted = delete_demo(session)
        staff = ensure_staff(session)
        gen = TrafficGenerator(catalog, office, options, staff, _next_id(session, Message),
                               _next_id(session, QuestionCluster), zone)
    summary.start, summary.end = gen.start, gen.end
    times = gen.timestamps()
    total = len(times)
    for offset in range(0, total, options.chunk):
        chunk = _Chunk()
        for seq in range(offset, min(total, offset + options.chunk)):
            gen.conversation(seq + 1, times[seq], chunk)
        with db.sessions() as session:
            new_clusters = gen.clusters.take_new()
            for model, rows, name in ((QuestionCluster, new_clusters, "question_clusters"),
                                      (Conversation, chunk.conversations, "conversations"),
                                      (Message, chunk.messages, "messages"),
                                      (QuestionRecord, chunk.records, "question_records"),
                                      (Handover, chunk.handovers, "handovers"),
                                      (AuditLog, chunk.audit, "audit_log")):
                if rows:
                    session.execute(insert(model.__table__), rows)  # Core executemany: one statement per table
                summary.rows[name] += len(rows)
            session.commit()
        done = min(total, offset + options.chunk)
        say(f"  {done:>7}/{total} samtaler ({time.monotonic() - began:.1f} s)")
    with db.sessions() as session:
        changes = gen.clusters.changes()
        if changes:
            for start in range(0, len(changes), 5000):
                session.execute(update(QuestionCluster), changes[start:start + 5000])
        _fix_sequences(session)
        session.commit()
    summary.seconds = time.monotonic() - began
    return summary
