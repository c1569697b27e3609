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
        ("Kor langt har de kommet med søknaden om omsorgsstønad?", "own_case"),
        # a decision received, and a question about the case itself: a person takes it
        ("Vi har fått avslag på startlån. Hvorfor det?", "own_case"),
        ("Jeg fikk vedtak om BPA, når starter assistenten?", "own_case"),
        # ... and a complaint about the treatment stays a complaint
        ("Jeg fikk avslag og vil klage på behandlingen jeg fikk av saksbehandleren", "complaint"),
        # something of theirs that has not come is their own case
        ("Parkeringskortet mitt har ikke kommet ennå", "own_case"),
        ("Tryggleiksalarmen til mor mi har ikkje kome", "own_case"),
        # asking for a person who can help is asking for a person
        ("Er det en saksbehandler som kan hjelpe meg å fylle ut skjemaet?", "request_human"),
        ("Is there someone who can help me with the form?", "request_human"),
        ("Kan du sette meg over til kundeservice?", "request_human"),
        ("Koble meg til en saksbehandler", "request_human"),
        # asking staff to look at their case, a document or payment of theirs, a wait, a wrong bill
        ("Kan dere sjekke om innbetalingen er kommet fram?", "own_case"),
        ("Vi er ikke koblet til det kommunale vannet. Kan dere rette fakturaen?", "own_case"),
        ("Kan de korrigere adressa på rekninga?", "own_case"),
        ("Mor ble lovet dagplass fra mars, men nå hører vi ingenting", "own_case"),
        ("Vi leier kommunal bolig og kontrakten går ut i mai. Blir den forlenget?", "own_case"),
        ("Feieren skulle komme i går, men ingen har vært her", "complaint"),
        ("Kan jeg få snakke med en helsesykepleier?", "request_human"),
        ("Få meg til en saksbehandler", "request_human"),
        ("Når blir tilskuddet vi fikk innvilget i vår utbetalt?", "own_case"),
        ("Kvifor har eg ikkje fått bustøtte denne månaden?", "own_case"),
        ("Vi har betalt feiinga to gonger i år", "own_case"),
        ("Når kommer vedtaket om avlastning? Det er gått tre måneder.", "own_case"),
        ("Lekkasjen er meldt for tre måneder siden uten at noe har skjedd", "complaint"),
        ("Eg vil gjerne prate med ein rådgjevar", "request_human"),
        ("Har kommunen mottatt skjemaet fra fastlegen?", "own_case"),
        ("Dere har belastet oss to ganger for feiing", "own_case"),
        ("Vi har venta i tre veker på svar frå kommunen", "own_case"),
        ("Jeg har ikke hørt noe fra dere siden mars", "own_case"),
        ("Hvor står saken nå?", "own_case"),
        ("Jeg fikk parkeringsgebyr selv om jeg har beboerkort", "own_case"),
        ("Eiendomsskatten ble doblet i år, det må være feil", "own_case"),
        # something ordered that has not come
        ("Vi bestilte parkeringskort i august, og det har fortsatt ikke kommet.", "own_case"),
        # a missed collection told without asking how to report it is still a complaint
        ("Søppelet ble ikke hentet i dag heller!", "complaint"),
        ("Jeg vil ha svar fra et menneske, ikke en chatbot", "request_human"),
        ("Hjemmehjelpa tråkket skitt inn over hele gangen og gikk uten et ord", "complaint"),
        # status questions about the citizen's own application, order or place in a queue
        ("Er søknaden om parkeringskort ferdigbehandlet?", "own_case"),
        ("Har dottera mi fått plass på SFO?", "own_case"),
        ("Far står på venteliste til sykehjem. Hvor langt har han kommet?", "own_case"),
        ("Vi har itj hørt nåkka om søknaden, kan dokker sjekk det?", "own_case"),
        ("Har ikke fått TT-kortet ennå, selv om jeg fikk ja i mai", "own_case"),
        ("Kan vi endre datoen for vigselen?", "own_case"),
        ("Did my application for a parking card arrive?", "own_case"),
        ("Kan æ få prat med ei ekte dame?", "request_human"),
        ("Eg vil snakke med nokon som jobbar i kommunen", "request_human"),
        ("Sonen min har framleis ikkje fått busskort, og skulen har starta", "own_case"),
        ("Heimehjelpa gjekk inn i huset utan å spørje. Det er ikkje greitt.", "complaint"),
    ],
)
def test_handover_reasons(text, reason):
    assert triage(text) == reason


@pytest.mark.parametrize(
    "text",
    [
        "Hvor lenge må jeg vente på svar?",
        "Koster det noe å snakke med en gjeldsrådgiver?",
        "Jeg fikk avslag på startlån. Hvor sender jeg klagen?",
        "Når man har betalt gebyret, hvor lang tid tar det?",
        "Sonen vår kom ikkje inn på den skulen vi ønskte. Kan vi klage på det?",
        "Hvor lenge kan en leiekontrakt i kommunal bolig forlenges?",
        "Hva koster det å betale for feiing?",
        "Må jeg ha betalt før fristen?",
        "Hvor lang er ventelisten for sykehjem?",
        "Hvor mange minutter er hjemmetjenesten innom?",
        "Hva gjorde kommunen for de eldre?",
        # how to appeal a decision received is answered from the appeal section
        "Vi har fått avslag på plass i kulturskolen. Hvordan klager vi?",
        "Eg fekk avslag på startlån, kan eg klage?",
        "My application for a parking permit was turned down. How do I appeal?",
        # "if it has not come" asks what to do in general
        "Hva gjør jeg hvis parkeringskortet mitt ikke har kommet?",
        "Finnes det tilbud som kan hjelpe meg med økonomien?",
        # whether and how to appeal, after a decision or a place not given
        "Kan jeg klage dersom jeg får mindre støtte enn jeg søkte om?",
        "Vi fikk ikke plass i barnehagen vi ville ha, hvordan klager vi?",
        "Eg har fått avslag, kva er klagefristen?",
        "E har fått avslag på startlånet, ka gjør e om e vil klag?",
        # what happens once one has applied, asked in general
        "Hvor lang tid tar det når man har søkt om startlån?",
        "Når eg har meldt frå om eit hol i vegen, kor lenge tek det?",
        "How long does it take after I have applied for a TT card?",
        # waiting, not hearing, "hvor står det" and "har de fått" said in general
        "Må man vente i flere uker på svar?",
        "Jeg har aldri hørt om BPA, hva er det?",
        "Hvor står det hva det koster?",
        "Har de fått nye åpningstider på biblioteket?",
        ("Mor fikk avslag på trygghetsalarm. Hvordan går vi frem for å klage?"),
        ("Vi fikk ikke plass på SFO. Kan vi klge på det?"),
        "Vi fikk avslag på startlån. Hvem avgjør klagen hvis kommunen ikke endrer vedtaket?",
        "Vi fikk ikke plass på kulturskolen. Går det an å klage på det?",
        "What papers should I send with my application for a TT card?",
        # in general: being processed, after an appeal is sent on
        "Hvor lang tid tar det før søknaden er behandlet?",
        "Blir klagen sendt videre til Statsforvalteren?",
        # how to report a missed collection is the service's own answer
        ("Papirdunken ble ikke tømt i går. Hvordan melder jeg fra om det?"),
        "The bin was skipped on Monday, where do I report it?",
        # applied in time, like everyone: when answers come is the general processing time
        "Vi søkte innen fristen, når får vi svar om SFO-plass?",
        # debt, not a bill of ours
        "Jeg klarer ikke å betale regningene mine lenger og vet ikke hva jeg skal gjøre",
        # the bot is asked, not staff
        "Kan du finne ut hva det koster?",
        "Hva koster parkeringsgebyret?",
    ],
)
def test_general_questions_are_answered(text):
    assert triage(text) is None


@pytest.mark.parametrize(
    ("text", "personal"),
    [
        ("Jeg har falt og trenger hjelp hjemme", True),
        ("Mor mi klarer seg ikkje åleine", True),
        # asking to be told something is not telling about oneself
        ("Kan noen forklare meg kort hva brukerstyrt personlig assistanse er?", False),
        ("Kan du fortelle meg hva omsorgsstønad er?", False),
    ],
)
def test_personal_means_the_citizens_own_situation(text, personal):
    from catalog_index.triage import is_personal

    assert is_personal(text) is personal


@pytest.mark.parametrize(
    ("text", "need"),
    [
        ("Vi har hytte langt fra veien og må få fraktet opp materialer", True),
        ("Etter operasjonen klarer jeg ikke å gå til butikken selv", True),
        ("Hjemmesykepleien kom to timer for sent i dag", False),
        ("Jeg fullførte aldri skolen. Nå vil jeg gjerne ta det igjen", True),
        ("Dattera har brukket armen og legekontoret er stengt. Hvor drar vi?", True),
    ],
)
def test_a_need_is_told_apart_from_a_grievance(text, need):
    from catalog_index.triage import states_need

    assert states_need(text) is need


def test_the_words_asking_for_a_person_are_known():
    from catalog_index.triage import request_words

    assert {"prate", "ansatt"} <= request_words("vil prate med en ansatt om barnehageplass")
    assert "barnehageplass" not in request_words("vil prate med en ansatt om barnehageplass")
