"""Questions the assistant should not answer itself: the citizen's own case, a complaint about
how they were treated, or a request for a person.

Rules on folded text. In the served assistant Rasa's intents come first and these rules are the
second opinion; in index-only mode (`servicetorg eval` without Rasa) they are all there is.
"""
from __future__ import annotations

import re
from typing import Optional

from .normalize import fold

_MINE = r"(min|mi|mitt|mine|var|vart|vare|vaar|my)"
_CASE_WORDS = r"(sak|saka|saken|soknad\w*|faktura\w*|regning\w*|vedtak\w*|klagen|klaga|brev\w*|avslag\w*|time|timen|plass\w*|application|case|invoice|bill)"

_RULES: tuple[tuple[str, str], ...] = (
    ("request_human", r"((snakke|prate|prata|snakk|chatte|tale) (med|m) (en|ei|ein|et|eit|noen|nokon|ekte|levende)? ?(person|menneske\w*|ansatt|tilsett|saksbehandl\w*|sakshandsam\w*|folk|kar|dame)|menneske|(ekte|levende|verkeleg|virkelig|real) (person|dame|mann|kar|folk|human)|(prate|prata|snakke|snakka|snakk|prat) (med|m) (noen|nokon|nan|en|ein|ei|someone) som (jobber|jobbar|arbeider|arbeidar|works) (i|pa|for|hos|at) (kommunen|servicetorget|the municipality)|(prat|prate|snakke|snakk) (med|m) (ei|en|ein) (ekte )?(dame|mann|kar)\b|ring meg|ringe meg|ringe (til )?meg|kan (noen|nokon) ringe|kontakt meg|kontakte meg|(real|actual) person|human|talk to (a|someone|somebody)|speak (to|with) (a|someone|somebody)|agent|operator|ikke (en )?(robot|chatbot|bot|maskin)|ikkje (ein )?(robot|chatbot|bot|maskin)|not (a )?(robot|chatbot|bot)|(hjelp|svar) (fra|frå|av) (en|ein|et|eit) (ekte )?(person|menneske)|saksbehandler na|(snakke|prate|prata|prat|snakk|tale) (med|m) (noen|nokon|nan|noken|somebody|someone) (som|om|pa|fra|i|hos)\b|(telefonavtale|telefonsamtale|samtale|mote|avtale) med (en |ein )?(saksbehandler\w*|sakshandsam\w*|ansatt|tilsett|noen|nokon)|(en|ein|ei|noen|nokon) (ansatt|tilsett|saksbehandler\w*|sakshandsam\w*|person|menneske) som kan hjelpe (meg|oss)|(someone|somebody|a person|a staff member) (who|that) can help (me|us)|(koble|kople|sett|sette|set|send|overfor|fa) (meg|oss) (over )?(til|med) (en |ein |ei )?(kundeservice|kundesenter\w*|servicetorget|sentralbord\w*|saksbehandl\w*|sakshandsam\w*|ansatt|tilsett|person|menneske)|(connect|transfer) me (to|with)|(?<!\ba )(?<!\bat )(snakke|prate|prata|snakk|tale) (med|m) (en |ei |ein |et |eit )?\w*(sykepleier\w*|sjukepleiar\w*|lege|legen|radgiver\w*|radgjevar\w*|veileder\w*|rettleiar\w*|terapeut\w*|jordmor\w*|konsulent\w*|ingenior\w*))"),
    ("complaint", r"(misfornoyd|misnogd|misnoyd|darlig (service|behandl\w*|oppforsel|svar)|uhoflig|frekk\w*|arrogant\w*|skandal\w*|elendig|uakseptabel|ikke akseptabelt|ikkje akseptabelt|klage (pa|over) (dere|deg|servicen|service\w*|behandlingen|mate\w*|oppforsel\w*|ansatt\w*|personal\w*|saksbehandler\w*|hjemmesykepleie\w*|hjemmetjeneste\w*|heimesjukepleie\w*|ventetid\w*|hvordan|korleis)|complain\w*|unacceptable|rude|(kom|kjem|dukket) (ikke|ikkje|aldri) (opp)?|ble (ikke|aldri) (hentet|tomt|brøytet|brøyta)|ingen (kom|dukket)|uten at (noe|noko|noen ting|nokon ting) (har |hadde )?(skjedd|skjer|hendt|hent)|ingen (har|hadde) (vaert|vore) (her|innom|hos (oss|meg))|kjeftet?|kjefta|skjelte|nedlatende|nedlatande|ufin\w*|ydmyk\w*|respektlos\w*|uforskamm\w*|ufyselig|avvisende|sint pa meg|(knuste|knuse|odela|oydela|skadet|skada|rygget inn|rygga inn|rev ned|ble knust|vart knust)\b|kjorte (fra|forbi|videre|fra meg)|koyrde (fra|forbi|vidare)|(gikk|kom) inn (i|pa) \w+ (mitt|min|vart|vart) uten a|(gikk|gjekk|kom|kjem) inn (i|pa) \w+ (\w+ )?(uten|utan) a (sporre|sporje|si fra|seie fra|banke)|(det er|det e|dette er) (ikke|ikkje|itj) (greit|greitt|akseptabelt|ok)\b|uten a (sporre|si fra) (forst|meg|oss)|(tredje|fjerde|femte) gang(en)?|umulig a (komme gjennom|na (dere|fram|frem)|fa tak i)|(ventet|venta|vente|sitter|satt|sat) i (ko |telefonko )?(i )?(\d+|over en|over ein|en|ein) (time|timer|timar|minutt\w*)|(gjorde|vasket|vaska) (ingenting|ikke noe|ikkje noko)|(bare|berre|kun) innom (i )?(\w+ )?minutt\w*|nok en gang|igjen og igjen|shout\w*|yell\w*|damaged|broke (my|our)|(trakket|trakka|traakket|solte|grisa|griset) (\w+ ){0,2}(inn|over|utover)\b|uten (et|eit) (ord|unnskyld)\b)"),
    ("own_case", rf"(\b{_MINE} {_CASE_WORDS}\b|\b\w*{_CASE_WORDS} {_MINE}\b|\b\w*(soknaden|saken|fakturaen|regningen|vedtaket|klagen) (min|mi|mitt|var)\b|status (pa|for|til) (min|mi|mitt|saken|soknaden)|hvor langt (har|er) (saken|soknaden)|(hvor|kor) langt (har|er) (dere|de|du|dokker|dykk|kommunen|saksbehandler\w*|sakshandsam\w*)( \w+)? (kommet|komme|komen|kome)|(hvor|kor) langt (frem|fram)( \w+)? i (koen|koa|ventelist\w*)|(hvilken|kva) plass (har |er )?(jeg|eg|vi|me)( har| er)? i (koen|koa|ventelist\w*)|(har|hev) (ikke|ikkje|enno ikkje|fortsatt ikke|enda ikke|ennå ikke|ikke enda) (fatt|fått|mottatt|hort) (svar|vedtak|noe|noko|brev)|venter (fortsatt |enda |framleis )?pa svar|(personnummer\w*|fodselsnummer\w*) (mitt|er)\b|\b(jeg|eg|e|vi|me|i|we) (har |hadde |hev )?(allerede |alt |no |na )?(sokt|sendt|levert|meldt|klaget|klagd|sokte|sendte|leverte|meldte|klagde|sokde|betalt|betalte|applied|sent|reported|paid)\b|(fatt|fikk|mottatt|motteke|fekk|faatt) (et |ein |eit |en |ei |to |ny |nytt )?(brev|faktura\w*|regning\w*|rekning\w*|avslag|vedtak\w*|purring\w*|inkasso\w*|\w*seddel|\w*setel|\w*gebyr|varsel|krav|palegg)|\bgnr\b|\bbnr\b|\bsak(snummer|snr|snr\.)? ?(nr\.? ?)?\d+ ?/ ?\d+|\b\d{2}/\d{3,5}\b|saksnummer|fakturanummer|case number|my (application|case|invoice|bill|payment|request)|min side|mi side|ikke registrert|ikkje registrert|ingenting (har )?skjedd|ingenting skjer|ingen har (svart|tatt kontakt|kontaktet|ringt)|(faktur\w*|regning\w*|rekning\w*)( [^ ]+)?( [^ ]+)?( [^ ]+)?( [^ ]+)? (for hoy|for hog|feil|dobbelt)|belastet|trukket (to ganger|dobbelt)|(hvorfor|kvifor) (fikk|fekk|har) (jeg|vi|eg|me) (fatt )?avslag|status (pa|for|til)\b|under behandling|\bkan du (se|sjekke|sjekka|sja|sjaa) om\b|(kan|kunne) (dere|de|dokker|dykk|noen|nokon|nan) (sjekke|sjekka|se pa|sja pa|sjaa pa|ga gjennom|undersoke|finne ut|rette|retta|rette opp|korrigere|korrigera)|(har|hev) (dere|dokker|dykk|kommunen) (fatt|faatt|mottatt|motteke|motatt|registrert)|(fakturert|belastet|belasta|trukket|trekt|krevd) (meg|oss)|(jeg|eg|e|vi|me) (har |hev |hadde )?(venta|ventet|venter|vente) (i |i over |over )?(\w+ )?(uker|uke|veker|veke|dager|dagar|maneder|manader|mnd|timer) pa (svar|vedtak|tilbakemelding|plass)|(ikke|ikkje|aldri) (hort|hoyrt)( (et ord|eit ord|noe|noko|noen ting|nokon ting|noen|nokon))? (fra|tilbake|siden|sidan|enna)\b|\b(ikke|ikkje|itj|ikkj|isj) (hort|hoyrt) (noe|noko|nakka|nokka|noka|nokke|et ord|eit ord)\b|\b(kan|kunne) (dokker|dykk|dere|de) (sjekk|sjekke|sjekka) (det|dette|om|pa|opp)\b|\b(hvor|kor) langt (han|hun|ho|vi|jeg|eg|me|mor|far|soknaden|saken) (har|er) (kommet|komme|kome|komen)\b|\b(mor|far|mora|moren|faren|mamma|pappa) (star|står) (pa|i) (ventelist\w*|koen|koa)|\b(har|hev) (ikke|ikkje|itj|enno ikkje|fortsatt ikke|framleis ikkje) (fatt|mottatt|motteke) ([\w-]+ ){{0,2}}\w*(kort|kortet|bevis|beviset|brev|brevet|svaret|vedtak|vedtaket|dunk|dunken|alarm|alarmen|pakken|fakturaen)\b|\b(fikk|fekk|fatt) ja\b|(hvor|kor|kvar) star (saken|saka|soknaden|vi|eg|jeg|han|hun|ho|dattera|sonen|barnet)\b|(fikk|fekk|fatt) (ikke|ikkje) (plass|svar|tilbud|tilbod)|(hvorfor|kvifor|koffor|korfor|why) (har|hev|fikk|fekk|haven.t|didn.t) (jeg|eg|vi|me|e|i|we) (ikke|ikkje|ikkje enno|enda ikke)? ?(fatt|fekk|fikk|got|received)\b|(det er|det har|det e) gatt( over)? (\w+ )?(uker|uke|veker|veke|dager|dagar|maneder|manader|mnd|ar)\b|(fikk|fekk|fatt|har fatt) (\w+ )?(innvilget|innvilga|tildelt|tildelte)\b|\b(jeg|eg|vi|me|han|hun|ho|far|mor|faren|moren|mora) (ble|vart|blei|var|er) (lovet|lova|lovd)|hor(er|e)? (vi|jeg|eg|me) (ingenting|ikke noe|ikkje noko)|(blir|vert) (den|kontrakten|avtalen|leieavtalen|plassen|vedtaket) (forlenget|forlenga|forlengd|fornyet|fornya)|(det )?(ma|maa|må) (da |vel |jo )?(vere|være|vera) (en |ein )?feil|(^|[.!?,] )(er|e|blir) ([\w-]+ ){{1,6}}(bestilt|bestilte|sendt|registrert|godkjent|ferdigbehandlet|ferdigbehandla|ferdig behandlet|ferdig behandla|ferdig handsama|behandlet|behandla|handsama|innvilget|innvilga|mottatt|motteke|levert)\b(?! (for|innen|innan|til|videre|vidare)\b)|\bhar ([\w-]+ ){{1,5}}(blitt|vorte) (bestilt|sendt|registrert|godkjent|behandlet|behandla|innvilget|innvilga)\b|\b(hvor|kor|kvar) (blir|bli|ble|vart) det av\b|\b(hvorfor|kvifor|why) (avslag|rejected)\b|\b(i|we) (have )?(submitted|sent in|handed in)\b|^har (sendt|sokt|levert|meldt)\b|\bhar (barnet|ungen|ungane|sonen|sonnen|dattera|datteren|dottera|gutten|jenta|vi|eg|jeg|me|han|ho|hun|mor|far)( (mitt|min|mi|vart|var|vaar))? (fatt|fått|kome|kommet|komme) (plass|inn)\b|\b(star|står) (vi|jeg|eg|me|han|ho|hun|barnet|sonen|dattera) (pa|i) (ventelist\w*|koen|koa)|\b(hvilket|kva) nummer (er|star) (vi|jeg|eg|me) pa|\b(kan|kunne) (vi|jeg|eg|me|e) (fa )?(endre|endra|flytte|flytta|flyttet|endret) (datoen|tidspunktet|klokkeslettet|bestilling\w*|timen|vigselen|feiingen|den|det)\b|\b(hvorfor|kvifor|korfor|koffor) (ble|vart|blei|er) ([\w-]+ ){{0,5}}(avslatt|avvist|avslege|stoppet|stansa|stanset)\b|\bskulle (vaert|vore|ha vaert|ha vore) (gjort|ferdig|levert|sendt|tomt|feid|malt)\b|\bmy ([\w-]+ ){{0,3}}(application|appointment|booking|order)\b|\b(has|have|did) (our|my) ([\w-]+ ){{0,3}}(been|got|arrive|arrived)\b|\b\w+ (min|mi|mitt|mine|var|vart|vare) (har|er) (ikke|ikkje|fortsatt ikke|enda ikke|enno ikkje|framleis ikkje) (kommet|kome|komme|dukket opp|blitt levert|vorte levert)|\b(den|det|han|ho|hun|dei|de|dunken|pakken|kortet|brevet) (har|har fortsatt|har enda|har ennå|har framleis|har enno) (ikke|ikkje) (kommet|kome|dukket opp|blitt levert|vorte levert))"),
)
# Patterns are folded like the text, so they may be written with æøå.
_COMPILED = tuple((reason, re.compile(rf"\b(?:{fold(pattern)})")) for reason, pattern in _RULES)
_REQUEST_HUMAN = dict(_COMPILED)["request_human"]


# "Vi har fått avslag på SFO-plass. Hvordan klager vi?": a decision received is why they ask
# how to appeal, which the description's appeal section answers (an appeal is not a complaint
# about how they were treated). Anything else about their case still goes to a person.
_HOW_TO_APPEAL = re.compile(fold(
    r"\b((hvordan|korleis|koss|kossen|hvor|kvar|kor) ((kan|skal|ma) )?((jeg|eg|vi|me|e|man|ein) )?(klage|klager|klaga|klagar|sende klage\w*)"
    r"|(kan|ma|bor) (jeg|eg|vi|me|e|man|ein) (klage|klaga|klge|klag|kalge)\b(?! (pa|over) (dere|deg|behandlingen|mate\w*|ansatt\w*|saksbehandler\w*))"
    r"|(jeg|eg|e|vi|me|man) (vil|ville|skal|onsker a|ynskjer a) (klage|klaga|klag)\b(?! (pa|over) (dere|deg|behandlingen|mate\w*|ansatt\w*|saksbehandler\w*))"
    r"|\w*klagefrist\w*|frist\w* (for|til|pa) a klage"
    r"|(hvor|kvar|kor|hvem|kven|kem) (sender|sendar|send|leverer|leverar|retter|rettar) (jeg|eg|vi|me|e|man|ein) (klage\w*|klaga)"
    r"|(gar|ga) (jeg|eg|vi|me|e|man|ein) (fram|frem) (for a|med a|for) (klage|klaga)"
    r"|(hvem|kven|kem) (avgjor|avgjer|behandler|behandlar|handsamar) (klagen|klaga)"
    r"|(gar|går) det an a (klage|klaga)|(er|e) det (mulig|mogleg) a (klage|klaga)"
    r"|(hvem|kven|kem) (kan|skal|ma) (jeg|eg|vi|me|e|man|ein) klage (til|hos)"
    r"|(how|where) (do|can|should) (i|we) appeal|can (i|we) appeal|appeal deadline)"
))
_RECEIVED_DECISION = re.compile(fold(
    r"\b(har |hev )?(fatt|fikk|mottatt|motteke|fekk|faatt|got|received) (et |ein |eit |en |ei |an? )?(avslag\w*|vedtak\w*|rejection|refusal|decision)"
    r"|\b(is|was|gets|get) (turned down|refused|rejected)"
    r"|\b(jeg|eg|e|vi|me) (har |hadde )?(sokte|sokt|sokde|soker) (om)?"
    r"|\b(fikk|fekk|fatt) (ikke|ikkje) (plass|tilbud|tilbod)|\b(kom|kjem|komme) (ikke|ikkje) inn\b"
    r"|\b(my|our) ([\w-]+ ){0,3}(application|decision)|\b(soknaden|vedtaket|avslaget) (min|mi|mitt|vart|var)\b|\b(min|mi|mitt|var|vart) (soknad|vedtak|avslag)\b"
))


# "Dunken ble ikke tømt. Hvor lenge har jeg på meg til å melde fra?", "The garbage truck skipped
# our house. How do I report it?": how to report a missed collection is answered by the service's
# description (a complaint about how one was treated still goes to a person).
_HOW_TO_REPORT = re.compile(fold(
    r"\b((hvordan|korleis|koss|kossen|hvor|kvar|kor|hvem|kven|kem|how|where|who) (\w+ ){0,3}"
    r"(melde|melder|meld|melda|si fra|si ifra|sier (jeg|eg|vi|me) fra|seie fra|varsle|varsler|report)\b"
    r"|(hvor|kor) lenge har (jeg|eg|vi|me) pa meg til a (melde|si fra|seie fra))"
))
_MISSED_COLLECTION = re.compile(fold(
    r"\b((kom|kjem|dukket) (ikke|ikkje|aldri)( opp)?|ble (ikke|aldri) (hentet|tomt|broytet|broyta)"
    r"|vart (ikkje|aldri) (henta|tomt|tømd)|ingen (kom|dukket)|skipped|missed)\b"
))


# "Kor lenge må eg vente på svar når eg har søkt?", "når jeg har meldt fra om et hull, hvor raskt
# ...?": what happens once one has applied, asked in general, is no case of one's own.
_ONCE_APPLIED = re.compile(fold(
    r"\b(nar|etter at|etter|hvis|viss|dersom|once|after|if|when) (jeg|eg|e|vi|me|man|ein|en|i|we|you) "
    r"(har |hev |have )?(sokt|meldt( fra| ifra| inn)?|sendt( inn)?|levert|betalt|applied|reported|sent|paid)\b"
    # "What documents should I send with my application?": what goes with one, asked in general
    r"|\b(with|in|for) (my|our) application\b"
    # "Når får vi svar? Æ søkte før fristen": applied in time, like everyone in the main intake
    r"|\b(jeg|eg|e|vi|me|i|we) (har |hev |have )?(sokte|sokt|sokde|applied) (for|innen|innan|before|by) (fristen|the deadline)\b"
))


# "Inkassobrevene hoper seg opp og jeg klarer ikke å betale regningene mine": debt, not a bill of
# ours to look into ("regningene mine" is otherwise the citizen's own invoice).
_CANNOT_PAY = re.compile(fold(
    r"\b(klarer|greier|klarar|greiar|kan) (ikke|ikkje) (lenger |lengre |lenger a |a )?(betale|betala) "
    r"(regningene|rekningane|regninger|rekningar|gjelda|gjelden)( mine| mi| min| vare| vara)?"
))


# "Etter slaget klarer jeg ikke å ta bussen, men jeg vil gjerne komme meg til byen", "vi må få opp
# ved til hytta": a story of a need (what a service is for), not of a case or how one was treated.
_NEED = re.compile(fold(
    r"\b(vil( jeg| eg| vi| me| e)? gjerne|ville( jeg| eg| vi| me| e)? gjerne|onsker a|ynskjer a"
    r"|(hvor|kvar|kor) (drar|gar|reiser|skal) (vi|jeg|eg|me|e)( na| no)?\s*[?]"
    r"|(vi|jeg|eg|me|e|og) (ma|treng|trenger) (a )?(fa|ha)\b"
    r"|(klarer|greier|klarar|greiar) (jeg|eg|vi|me|e|han|hun|ho|ikke|ikkje)( ikke| ikkje)?\b"
    r"|(har|hev) (mattet|matta|matte)|gatt ned i stilling|(trenger|treng) (hjelp|noe|noko)"
    r"|sitter igjen med|sit att med|vil (selv|sjolv|sjol) (velge|velje|bestemme)|redd for|bekymret|bekymra"
    r"|urolig|uroleg|(har blitt|er blitt|har vorte|er vorte|er) (altfor|for) (tung|tungt|dyr|dyrt|vanskelig|vanskeleg))"
))


def states_need(text: str) -> bool:
    """Whether the citizen describes a need of theirs (see _NEED)."""
    return bool(_NEED.search(fold(text)))


def request_words(text: str) -> frozenset[str]:
    """The folded words of a request for a person ("prate med en ansatt"): they say who should
    answer, not what the case is about."""
    return frozenset(w for m in _REQUEST_HUMAN.finditer(fold(text)) for w in re.findall(r"[a-z0-9]+", m.group(0)))


# Phrases that read as a case or a complaint but, in these questions, are asked in general:
# (when the question matches this, or always when None, drop these phrases), in this order.
_GENERAL_READINGS: tuple[tuple[Optional[re.Pattern], re.Pattern], ...] = (
    (None, _ONCE_APPLIED),
    (None, _CANNOT_PAY),
    (_HOW_TO_APPEAL, _RECEIVED_DECISION),
    (_HOW_TO_REPORT, _MISSED_COLLECTION),
)


def triage(text: str) -> Optional[str]:
    """'request_human', 'complaint' or 'own_case' when a person should take it, else None."""
    folded = fold(text)
    for question, phrases in _GENERAL_READINGS:
        if question is None or question.search(folded):
            folded = phrases.sub(" ", folded)
    for reason, pattern in _COMPILED:
        if pattern.search(folded):
            return reason
    return None


_PERSONAL = re.compile(r"\b(jeg|eg|e|vi|me|min|mi|mitt|mine|meg|oss|var|vart|vare|barnet mitt|sonen|dattera|datteren|mora|moren|faren|far min|mor mi|i|my|we|our)\b")


# "Kan noen forklare meg hva BPA er?": asking to be told something says nothing of one's situation.
_TELL_ME = re.compile(r"\b(forklare|forklar|fortelle|fortel|fortell|si|vise|vis|sende|send|gi) (meg|oss)\b")


def is_personal(text: str) -> bool:
    """Whether the citizen talks about their own situation (first person)."""
    return bool(_PERSONAL.search(_TELL_ME.sub(" ", fold(text))))
