"""Which aspect of a service a question asks about: price, deadline, how to apply, ...

Cue patterns run on folded text (æ->e, ø->o, å->a; see normalize.fold), in bokmål, nynorsk,
SMS shorthand and English. Each cue has a weight; the aspect with the highest total wins, and a
question with no cue asks for the description. The words that make up the cues are also
returned, so the index does not mistake "pris" or "frist" for the name of a service.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .normalize import fold

# (aspect, weight, pattern on folded text). Word boundaries are added around each pattern.
_CUES: tuple[tuple[str, float, str], ...] = (
    ("price", 2.0, r"(hva|kva|hvor mye|hvormye|kor mykje|kor mye|hvor my|hvr mye|ka) (koster|kostar|kosta|koste|kost|ma (jeg|eg|vi) betale)"),
    ("price", 1.5, r"(koster|kostar|kosta|koste|kostnad\w*|pris\w*|\w+prisen|gebyr\w*|\w+gebyr\w*|egenandel\w*|betale|betaling|betaler|avgift|gratis|kr|kroner|takst\w*|regning\w*|rekning\w*|sats\w*|egenbetaling\w*|hva tar dere|kva tek de|price|prices|cost|costs|fee|fees|pay|free|charge|expensive|dyrt|billig\w*)"),
    # "hva er husleien ...?", "kva ligg eigedomsskatten på?": the amount of a charge.
    ("price", 2.0, r"(hva|kva|ka) (er|ligger|ligg)(?= \w*(skatten|avgiften|avgifta|avgiftene|leien|leiga|leia|gebyret|satsen|egenandelen)\b)"),
    ("price", 1.0, r"(hvor mye|hvormye|kor mykje|kor mye|how much|hvr mye)"),
    # "hvor høy er husleia?": the size of a charge
    ("price", 2.5, r"(hvor|kor) (hoy|hog|stor|mye|dyr) er (den |det )?\w*(leie|leia|leien|avgift\w*|gebyr\w*|pris\w*|egenandel\w*|skatt\w*|sats\w*|betaling)"),
    # "hvor lang tid i forveien": how early, not how long it takes (outweighs processing_time).
    ("deadline", 3.0, r"(i forveien|i forkant|hvor tidlig|kor tidleg|kor tidlig|how early|in advance|how far ahead)"),
    # "når er skoleinnskrivingen?", "kva tid er påmeldinga?": when a registration window is.
    ("deadline", 2.0, r"(nar|kva tid|hva tid) er(?= (det )?\w*(innskriv|pameld|opptak|registrering|soknad|innlevering))"),
    # "hvor lenge før oppstart må vi søke?", "fra hvilken dato kan man ...?": when, not how long
    ("deadline", 3.0, r"((hvor|kor) (lenge|lang tid|tidlig|tidleg|mange (dager|dagar|uker|veker)) (for|fore)\b|(fra|fra og med|f o m) (hvilken|hvilket|kva|hva|nar)( (dato|dag|tid|tidspunkt))?\b)"),
    ("deadline", 3.0, r"(\w*frist\w*|hvor lenge har (jeg|vi) pa meg|kor lenge har (eg|vi|me) pa meg|how long do i have)"),
    ("deadline", 3.0, r"((nar|kva tid|hva tid|ka tid|innen nar) ma(?=( \w+){1,5}? (vere sendt|sendes|sendt|sendast|inne|levert|leveres|leverast|betalt|betalte|betales|betalast|leses av|lesast av|meldes|meldast|sokes|sokast|soke|sokje|sok)\b)|for seint)"),
    ("deadline", 2.0, r"(\w*frist\w*|deadline\w*|forfall\w*|forfaller|nar ma (soknaden|den|jeg|eg|vi) \w* ?(sendes|sendt|vere sendt|inne|levert|levere|soke|sokje)|innen nar|(innen|innan|frem til|fram til) (hvilken|hvilket|kva) (dato|dag|tidspunkt)|siste (dag|dato)|for sent|seinast|senest|when do i have to|by when|last day)"),
    # the deadline for an appeal is part of how to appeal (the description's appeal section)
    ("appeal", 3.0, r"(\w*klagefrist\w*|klage ?frist\w*|frist\w* (for|til|pa) a klage|pa meg (til )?a klage|frist\w*(?=( \w+){0,3} klage\b)|appeal deadline|deadline for (an |the )?appeal\w*)"),
    # "hvordan går jeg fram for å klage …?": how to appeal, not how to apply.
    ("appeal", 3.0, r"(hvordan|korleis|koss|how)(?=( \w+){0,6} (a )?(klage|klaga|appeal)\b)"),
    ("appeal", 2.5, r"(klag\w*|paklag\w*|anke|anker|avslag\w*|endres|endrast|omgjore|appeal\w*|uenig|urettferdig|omgjort|overprove\w*|endre vedtak\w*|disagree)"),
    # "telefontid", "når kan jeg ringe/komme?": when they can be reached
    ("opening_hours", 3.0, r"(\w*telefontid\w*|(nar|kva tid|ka tid|hva tid|when) (kan|can) (jeg|eg|vi|me|man|e|i|we) (ringe|ringa|ringje|ring|call|komme|kome|stikke innom|stikka innom|come))"),
    ("processing_time", 2.5, r"(\w*behandlingstid\w*|\w*handsamingstid\w*|ventetid\w*|hvor raskt|kor raskt|how quickly|how fast|hvor fort|kor fort|hvor mange (uker|dager|maneder)|kor mange (veker|dagar|manader)|regne med svar|forvente svar|hvor lang tid|kor lang tid|hvor lenge|kor lenge|how long|tar det lang tid|lang tid|nar far (jeg|eg|vi) svar|nar far (jeg|eg) vite|svartid|processing time|(bruker|brukar) (dere|de|dykk|dokker|kommunen) (pa|til) (a behandle|a handsame|en soknad|ei soknad|soknaden|soknader))"),
    ("opening_hours", 2.5, r"(drop-? ?in|\w*apningstid\w*|\w*opningstid\w*|\w*apn\w{0,3}tid\w*|\w*opn\w{0,3}tid\w*|apent|apen|ope|open|opne|opent|apner|stenger|stengt|stenge|lukker|lukka|opening hours|open hours|opening times|nar har (dere|de) (apent|ope)|helgeapent|lordag\w*|sondag\w*)"),
    # "kor lenge er servicetorget ope i dag?": until when it is open, not how long a case takes.
    ("opening_hours", 3.0, r"((hvor|kor) lenge(?= (er|e|har)( \w+){0,3} (apent|apen|ope|opent|open)\b)|how long(?= (is|are)( \w+){0,3} open\b))"),
    ("contact", 2.0, r"(telefon\w*|tlf|\w*nummer\w*|ringe|ringer|ring|ringje|ringa|ansvar|ansvarlig|ansvaret|(fa|far)( (jeg|eg|vi|me|man))? tak i|(holder|held)(?=( \w+){0,3} til\b)|e[ -]?post\w*|epost|mail\w*|adresse\w*|kontakt\w*|kontakte|kontaktperson|hvor (er|ligger|finner)|kor (er|e|ligg|finn)|(hvor|kor) (er|e|ligger|ligg)(?=( \w+){1,3} (hen|henne)\b)|besoksadresse|phone|call|email|address|contact|where is|reach)"),
    ("contact", 2.5, r"((hvem|kven|kem) (svarer|svarar|svare|tar imot) pa|(hvem|kven|kem) kan (jeg|eg|vi|me|e) (sporre|sporje|snakke|snakka)|who (answers|handles|can i ask))"),
    # "hva bør jeg ha med til samtalen?", "kva papir må vi sende inn?"
    ("attachments", 3.0, r"((hva|kva|ka) (bor|ma|skal|trenger|treng) (jeg|eg|vi|me|man|e) (a )?(ha|ta) med|(hvilke|hvilket|kva|kva for|hva slags|kva slags) papir)"),
    ("attachments", 2.5, r"(\w*vedlegg\w*|\w*erklering\w*|dokumentere|(skal|ma) (vere|være) med|legge ved|leggje ved|sende med|dokumentasjon\w*|papirer|papira|(hvilke|hvilken|kva for|kva|hva|ka|which|what|av) (dokument|dokumenter|dokumenta|documents)|(hva|kva|ka)( er| e)?( det)? (dere|dokker|de|dykk) (trenger|treng|vil ha|ma ha) (fra|av) (meg|oss|me)|attest\w*|attach\w*|documentation|what documents|which documents|hva ma (jeg|eg) ha med|kva ma eg ha med)"),
    ("how_to_apply", 1.5, r"(soke|soker|sokje|sokjer|sok{1,2}nad\w*|pamel\w*|bytte|bytta|byte|skjema\w*|sok|bestille|bestilling|melde|melder|meld|melde (inn|fra|fra om)|si fra|sier (jeg|eg) fra|pamelding\w*|innmelding\w*|time|timen|registrere|registrer|apply\w*|application|form|sign up|order|book|booke|reservere|reserver|skrive inn|innskriving)"),
    ("how_to_apply", 2.5, r"(\w*skjem\w*|(hva|kva) (ma|skal) (jeg|eg|vi|me) gjore|(hva|kva) gjer (eg|vi|me)|(hva|kva|ka) (gjor|gjer) (jeg|eg|vi|me|e) for a|(gar|ga) (jeg|eg|vi|me) (fram|frem)|ga (fram|frem))"),
    # "kossen får eg tak i ein sånn alarm?": getting a thing, not reaching a person
    ("how_to_apply", 3.0, r"(hvordan|korleis|koss|kossen|how) (kan |skal )?(far|fa|get) (jeg|eg|vi|me|e|i|we) (tak i|hold of) (en|ein|et|eit|ei|sann|slik|a|an)\b(?! (saksbehandl|sakshandsam|ansatt|tilsett|person|menneske))"),
    ("how_to_apply", 2.0, r"(hvordan|korleis|koss|kossen|how) (kan|skal|can|do) (jeg|eg|vi|me|e|i|we) (fa|get)"),
    ("how_to_apply", 1.0, r"(hvordan|korleis|hvrdn|hordan|hvordn|kossen|koss|how (do|can) i|how to)"),
    ("eligibility", 2.0, r"(rett (pa|til)|har (jeg|eg|vi) rett|kan (jeg|eg|vi) fa|hvem kan|kven kan|kven har|hvem har|(hvilke|kva for) \w+ (kan|har) (fa|soke|sokje|ha rett|begynne|ga pa|bruke)|ma (jeg|eg|e|vi|me) (soke|sok|sokje)|trenger (jeg|vi) (a soke|tillatelse)|for a fa|for at(?=( \w+){1,6} (skal|kan) fa\b)|vilkar\w*|krav\w*|kreves|kreve|kvalifiser\w*|aldersgrense|gjelder (det|dette)|eligible|eligibility|entitled|who can|qualify|requirements?|need a permit|need permission|for gammel|for gamal|for ung|\w*inntektsgrense\w*|selv om|sjolv om|even if|gjelder(?=( \w+){1,2} for\b)|do i need to apply|(can|may) (we|our)(?=( \w+){0,2} (apply|get)\b))"),
    # "trenger jeg å søke …?", "… uten byggesøknad?", "kan jeg … hvis jeg …?", "kem kan få …?":
    # whether one needs to apply, or may, outweighs the "søke" of how to apply.
    ("eligibility", 3.0, r"(((trenger|treng|trengs)|^ma) (jeg|eg|e|vi|me|man|ein|en) (a )?(soke|sokje|soka|sok)|uten(?= (a )?(soke|sokje|\w*soknad\w*|tillatelse|loyve|lov)\b)|utan(?= (a )?(sokje|soke|\w*soknad\w*|loyve)\b))"),
    ("eligibility", 2.0, r"(kem (kan|har|far)|(hvem|kven) far|kan (jeg|eg|vi|me|e|man|ein)(?=( \w+){1,5} (hvis|viss|dersom) (jeg|eg|vi|me|e|man|ein|han|hun|ho|barnet)\b)|(have|has) (the )?right to)"),
    # "har man lov å bytte ...?", "trenger jeg henvisning?", "... trenger vi det?"
    ("eligibility", 2.5, r"((har|hev|er) (jeg|eg|vi|me|man|ein|en|e) lov|\w*henvisning\w*|tilvising\w*|(trenger|treng|trengs|ma) (vi|jeg|eg|me|man|e|ein) (det|den|dette|slikt|sant|sånt)(?=\s*[?.!]*\s*$))"),
    # "hva dekker gebyret?", "hvor ofte tømmes tanken?": what the service is and does
    ("description", 3.0, r"((hva|kva) (dekker|dekkjer|dekkar|inkluderer|omfatter|omfattar)|(hvor|kor) ofte|how often|what does \w+ cover)"),
    ("description", 1.2, r"(hvordan fungerer|korleis fungerer|how does|hva er|kva er|hva betyr|kva tyder|fortell|informasjon om|info om|what is|tell me about)"),
)
# Cues added since the NLU model was last trained. They count at answer time like the cues above,
# but are not yet Rasa regex features (rasa_regexes): a new regex feature means a retraining,
# which redraws DIET and moves every figure, so a cue can be added here on its own. Move them into
# _CUES when the model is retrained for another reason.
_LATE_CUES: tuple[tuple[str, float, str], ...] = (
    # "dyrere", "kosster", "kostr": a comparative and typos of the price words
    ("price", 1.5, r"(dyrere|dyrare|kos+ter|kostr|kosta?r|kostnaden|hva tar (de|dere|kommunen) for|kva tek (de|dykk|kommunen) for)"),
    # "må vi betal(e) for det?": whether one must pay is what it costs (and "betal" is dialect)
    ("price", 2.5, r"((?<!nar )(?<!when )(ma|må) (jeg|eg|vi|me|e|man|ein) betale?)"),
    # "koster det noe?", "blir det dyrere på lørdag?", "er det gratis?", "hva må en butikk betale?",
    # "do I have to pay?": whether, and what, one pays
    ("price", 2.5, r"((koster|kostar|kosster|kosta|koste)(?= ((det|den|dette)|[\w-]+) (noe|noko|nokke|nakka|noka|nokka|penger|pengar)\b)|(blir|er|kommer|kjem|e) det (noe |noko )?(dyrere|dyrare|dyrt|billigere|billegare|gratis|\w*gebyr\w*|\w*avgift\w*|kostnad\w*)|(hva|kva|ka) (ma|skal)(?= (\w+ ){0,3}betale\b)|(do|must|will|would) (i|we) (have|need) to pay|(tax )?rates?)"),
    # "hvor sent kan jeg bestille?", "hvor lenge varer/gjelder bevillingen?": the last moment, how long it is valid
    ("deadline", 3.0, r"((hvor|kor) (sent|seint) (kan|ma|må)|(hvor|kor) lenge (varer|varar|gjelder|gjeld)(?! det))"),
    # "by what date", "når må vi ha skrevet ham inn?": when something must be done by
    ("deadline", 3.0, r"(by what date|before what date|(nar|kva tid|hva tid|innen nar) ma (jeg|eg|vi|me|e|man|ein) ha (skrevet|skrive|sendt|sokt|levert|meldt|betalt|registrert)|how soon (do|must|should) (i|we))"),
    # "når får vi vite ...?", "når kan korpset vente svar?": when an answer comes
    ("processing_time", 2.5, r"((nar|kva tid|ka tid|hva tid) (far|fa|kan)(?= (\w+ )?(vite|vente svar|venta svar|vente pa svar|venta pa svar|hore|hoyre)\b)|(vente|venta) (pa )?svar|when (will|do|can) (i|we) (hear|get an answer|get a decision|know))"),
    # "hvor lang behandlingstid er det på sånne søknader?": the named aspect outweighs "søknad"
    ("processing_time", 1.5, r"(\w*behandlingstid\w*|\w*handsamingstid\w*)"),
    # "hvor lang tid før den kommer?": how long until, not how long before a date (outweighs deadline)
    ("processing_time", 3.5, r"((lang tid|lenge) (for|fore) (den|det|han|ho|hun|de|dei|vi|jeg|eg|me) (kommer|kjem|kjeme|blir|vert|er klar|far|fa))"),
    # "hvilke dager setter de vaksiner?", "på kveldstid", "after work": when they are open
    ("opening_hours", 2.0, r"((hvilke|kva for|kva|which) (dager|dagar|days)(?! (er|e) det)|kveldstid|after work|etter (jobb|jobben|arbeidstid))"),
    # "hva slags kart skal jeg sende?", "hva skal følge med søknaden?": what goes with it
    ("attachments", 3.0, r"((hva|kva|ka) (skal|ma|bor) (folge|fylgje) med|(hva|kva) slags(?= (\w+ ){1,3}(skal|ma) (jeg|eg|vi|me) (sende|legge ved|leggje ved|ha med)\b))"),
    # "legevakt nr": a number to call
    ("contact", 2.0, r"(nr|tlfnr|tlf nr|tlf\.? ?nummer)(?!\.? ?\d)"),
    # "kva skal til for at mor får plass?", "e det nokke vits å søke?", "hvor stor kan boden være?",
    # "kan barnet mitt begynne på en annen skole?", "can I take classes for free?": whether one may
    ("eligibility", 2.5, r"((hva|kva|ka) (skal|ska) (til|te)\b|(er|e) det (noe|noko|nokke|nakka|noka) vits|(hvor|kor) (stor|store|lang|langt|hoy|hog|tung|mye|mykje|gammel|gamal|ung) (kan|ma|må|far|får)(?= (\w+ ){0,5}(vere|være|bli|ha)\b)|kan (barnet|barna|sonen|dattera|datteren|gutten|jenta|ungen)( (mitt|min|mi|vart|var|vaart))? (fa|begynne|byrje|bytte|ga|bruke|ha)|(can|may) (i|we)(?= (\w+ ){1,4}for free\b))"),
    # "hva slags hjelp kan en familie få?", "hva dekker egentlig gebyret?": what the service offers
    ("description", 3.0, r"(what (kinds?|sorts?|types?) of|(hva|kva) (slags|for) (hjelp|tilbud|tilbod|tjenester|tenester|stotte|støtte) (kan|far|får|gir|gjev)|(hva|kva) (egentlig|eigentleg) (dekker|dekkjer|inkluderer|omfatter|omfattar))"),
    # Wordings of the labelled training sentences that the cues above read as another aspect:
    # "Når må jeg betale eiendomsskatt?", "er det for seint å søke?", "rekker jeg det?", "når
    # stenger søknaden?", "når må søknaden om fast leie av gymsalen for neste sesong være inne?"
    ("deadline", 4.5, r"((nar|innen nar|innan kva tid|kva tid|when) (ma|må|must|do|should) (jeg|eg|vi|me|man|e|i|we) (betale|betala|betal|pay)\b|(er det|e det|is it|blir det) (for|too) (sent|seint|late)|sent ute|seint ute|rekk(er|e)? (jeg|eg|vi|me|e|æ) (det\b|a (soke|sokje|soka|sende|melde|levere|bestille))|nar som helst|(nar|kva tid|when) (stenger|stengjer|apner|opner|closes?|opens?)(?= (soknad\w*|pamelding\w*|opptak\w*|the application\w*)\b)|soknadsperiode\w*)"),
    ("deadline", 3.0, r"((nar|innen nar|innan kva tid|kva tid) ma(?=( \w+){1,10}? (vere inne|være inne|inne|sendt inn|levert|bestille|bestilla|bestilles)\b))"),
    # "må nabovarsel legges ved?", "hva må være vedlagt?", "hvilke tegninger skal med?"
    ("attachments", 3.0, r"((legges|leggjast|leggast|legg|legge|leggje) ved|vedlagt\w*|skal med\b|(vere|være|vera) med i soknad\w*|(folge|fylgje) med soknad\w*)"),
    # "hva er besøksadressen?", "kva er adressa?", "hvem kan svare på ...?", "hvordan når jeg dem?"
    ("contact", 3.0, r"(\w*adress\w*|(hvem|kven|kem) (kan|skal) (svare|svara|hjelpe|hjelpa) (meg |oss )?(pa|med)|(hvordan|korleis|koss) (nar|når) (jeg|eg|vi|me) (dem|vedkommende|dykk|dere|de|deg)|(hvor|kvar|kor) (kan|skal) (jeg|eg|vi|me) mote opp)"),
    # "kan alle søkje?", "kan firmaer også søke?", "does this apply to students?", "søknadspliktig"
    # (who may apply is looked ahead at: "speiderlag" stays evidence for the index)
    ("eligibility", 2.5, r"(kan(?= (alle|firma\w*|foreninger|forening|lag|samboer\w*|pensjonist\w*|studenter|\w+forening|\w+lag)( ogsa| og)? (soke|sokje|soka)\b)|(kven|hvem) er det som kan|(does|do) (this|it) apply to|\w*soknadspliktig\w*)"),
    # "what time do you close?", "hvor lenge holder dere åpent?"
    ("opening_hours", 3.5, r"(what time (do|does|will)(?= (\w+ ){1,3}(close|open)\b)|(hvor|kor) lenge (holder|held|har)(?= (\w+ )?(apent|ope|open|oppe)\b))"),
    # "når kan man forhåndsstemme?": the voting period
    ("deadline", 3.0, r"((nar|kva tid|when) (kan|can) (man|jeg|eg|vi|me|ein|i|we)(?= (forhandsstemme|forhandsstemma|forehandsroyste|forhandsroyste|stemme|royste|vote)\b))"),
    # "når er det folk på jobb?", "når er biblioteket betjent?"
    ("opening_hours", 2.5, r"(folk pa jobb|betjent|betjening|bemannet|bemanna|staffed)"),
    # "hva skjer egentlig på en oppmålingsforretning?": what it is
    ("description", 3.0, r"((hva|kva) skjer (egentlig |eigentleg )?(pa|når|nar|med|i|under)\b)"),
    # "kan jeg sende søknaden på e-post?", "går det an å søke over telefon?", "fremgangsmåten"
    ("how_to_apply", 3.0, r"((sende|send|sendt) (soknaden|soknad|den|skjemaet|the application) (pa|per|med|by|via) (e-post|epost|mail|e-mail|email|post)|(soke|sokje|bestille|bestilla|apply|order) (over|pa|per|by) (telefon|telefonen|phone)|\w*fremgangsmate\w*|\w*framgangsmate\w*)"),
    # "hva betaler man for beboerkort nummer to?"
    ("price", 3.0, r"((hva|kva|ka) (betaler|betalar|betale) (man|vi|jeg|eg|me|ein|en|e)\b)"),
    # "er det lang kø?", "går det raskere hvis ...?", "how long do I have to wait?"
    ("processing_time", 2.0, r"(lang (ko|koa|koen)|(gar|går) det (raskere|fortere|kjappere)|fra soknad til svar|(have|need) to wait|wait for (a|the) (decision|answer|reply))"),
    # "kan jeg få vedtaket vurdert på nytt?", "how do I challenge a rejection?"
    ("appeal", 3.0, r"(vurdert (pa nytt|av noen andre|av nokon andre)|vurdere (\w+ )?pa nytt|challenge (a|the|this) (rejection|decision|refusal)|complain about (a|the) decision|(ueinig|uenig|ueinige|uenige) i (vedtaket|avgjorelsen|avgjerda))"),
    # "hva innebærer inntektsgradert betaling?"
    ("description", 3.0, r"((hva|kva) (innebaerer|innebærer|inneber|inneberer|betyr egentlig))"),
    # Wordings of holdout6 (session 8): a photo or the doctor's form with the application,
    # confirmation as an answer, whether one may appeal, arranging it, papers, who pays,
    # afterwards, when one should apply, being allowed
    ("attachments", 3.0, r"((ta|tek|sende|send|legge ved|leggje ved) (et |eit |ein )?(bilde|bilder|bilete|foto\w*)|(legen|fastlegen|lege) (fylle ut|fylla ut|skrive|skrive under|bekrefte|stadfeste)|(hvorfor|kvifor|korfor) (ma|må) (jeg|eg|vi|me|e) (sende|legge ved|leggje ved|levere)|(what|which) papers)"),
    ("processing_time", 2.5, r"((nar|kva tid|ka tid) (far|fa) (jeg|eg|vi|me|e) (bekreftelse|beskjed|stadfesting|melding|vedtak|avgjorelse))"),
    ("appeal", 3.0, r"((kan|ma|må) (jeg|eg|vi|me|e|man|ein) (klage|klaga|klag|klge|kalge) (pa|over)\b)"),
    ("how_to_apply", 3.0, r"((hvordan|korleis|koss|kossen|how) (ordner|ordnar|fikser|fiksar|arrange|organise|organize) (jeg|eg|vi|me|e|i|we) (det|dette|it|that))"),
    ("eligibility", 3.0, r"((hvem|kven|kem|who) (skal|ma|må|has to|must|should) (betale|betala|pay)\b|(am|are|is) (i|we|he|she|they) allowed|(allowed|permitted) to\b|how old (do|does|must|should|has|have)\b)"),
    ("deadline", 3.0, r"(i etterkant|i ettertid|etterskot|etterskudd|tilbake i tid|bakover i tid|for tida for|for tiden for|afterwards|retroactive\w*|backdated|(nar|kva tid) (bor|burde|boer) (jeg|eg|vi|me|man|e) (soke|sokje|fornye|bestille|melde))"),
    # Wordings of holdout7 (session 8): getting or booking in dialect, what one pays for, when a
    # change takes effect, whether one may, a fee charged
    ("how_to_apply", 2.5, r"((hvordan|korleis|koss|kossen|assen) (kan |skal )?(far|fa) (hu|ho|hun|han|mor|far|dem|dei)\b|(koss|kossen|assen|hvordan|korleis) (bestill|bestiller|bestille|bestilla|sok|soker|soke|sokjer|melder|melde) (vi|me|eg|jeg|e|man)\b)"),
    ("description", 4.0, r"((hva|kva|ka) (er|e) det (egentlig |eigentleg )?(vi|jeg|eg|me|e|man) (betaler|betale|betalar|betal) for)"),
    ("processing_time", 4.0, r"(fra nar (gjelder|gjeld|trer|blir|vert)|from when (does|is))"),
    ("eligibility", 2.0, r"(can (i|we)(?= vote\b)|can (he|she|they|my \w+|our \w+) (start|get|go|attend|use|join))"),
    ("eligibility", 3.0, r"((do|must) (i|we) have to (say|tell|show|give|be|live|register|prove)|requirements for|(far|får|fa) (jeg|eg|e|vi|me|man) lov|(kan|far|får) (jeg|eg|vi|me|e) (likevel|allikevel) (fa|få)?)"),
    ("price", 2.5, r"((tar|tek|krever|krev) (\w+ ){0,2}(gebyr\w*|betalt|betaling))"),
    # "hvordan virker en trygghetsalarm?": how it works, not how to get it
    ("description", 3.0, r"((hvordan|korleis|koss|kossen|assen|how) (virker|verkar|fungerer|fungerar|fungere|funker|does it work|do they work|works))"),
    # "kva gjer eg viss kommunen nektar meg ...?": a refusal is what one appeals
    ("appeal", 2.5, r"(nekter|nektar|nekta|nektet|refuses?|refused|turned down)"),
    # "ka må æ gjør?", "kva må eg gjere?", "må man bestill tid?": what to do, in dialect and nynorsk
    ("how_to_apply", 2.5, r"((ka|kva|hva) (ma|skal) (e|eg|jeg|vi|me|man) (gjor|gjer|gjere|gjore)|(ma|skal) (man|en|ein|vi|me|jeg|eg|e) bestill( time| tid)?)"),
    # "har eg røysterett?", "kan mor mi få ...?", "kan jeg bruke TT-kortet til ...?",
    # "kor mange gonger i året kan eg bytte?": whether one may
    ("eligibility", 2.0, r"(\w*stemmerett\w*|\w*roysterett\w*|rett til a (stemme|roysta)|kan (mor|far|mora|moren|faren|mamma|pappa|barnet|sonen|dattera|datteren|mannen|kona|han|hun|ho)( (min|mi|mitt|var|vart))? fa|(?<!hva )(?<!kva )kan (jeg|eg|vi|me|e|man) bruke|(hvor|kor) mange g[ao]ng(er|a|ar|e)? (i aret|i aaret|per ar|pr ar|i maneden) kan)"),
)
# Patterns are folded like the text, so they may be written with æøå. A cue that needs words
# around it to mean something checks them with a lookahead, so that those words (often the
# service: "når må søknaden om skoleskyss være sendt") stay evidence for the index.
_COMPILED = tuple((aspect, weight, re.compile(rf"\b(?:{fold(pattern)})\b"))
                  for aspect, weight, pattern in _CUES + _LATE_CUES)


@dataclass(frozen=True)
class AspectGuess:
    aspect: str
    score: float
    cue_spans: tuple[tuple[int, int], ...]  # spans in the folded text that are aspect cues


@functools.lru_cache(maxsize=4096)
def detect_aspect(text: str) -> AspectGuess:
    """Cached: the index, the brain and cue_words each ask it for the same message."""
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


# A charge named by a compound ("eiendomsskatten", "avløpsgebyret", "renovasjonsavgifta") says
# which service as much as which aspect: a cue ("hvor mye er eiendomsskatten") leaves it to the
# index as evidence. A bare "gebyret" or "prisen" is only the aspect.
_NAMED_CHARGE = re.compile(r"\w{3,}(skatt|skatten|avgift|avgifta|avgiften|avgiftene|gebyr|gebyret|gebyra|gebyrene|leie|leia|leien|leiga)")


@functools.lru_cache(maxsize=4096)
def cue_words(text: str) -> frozenset[str]:
    """The folded words that are aspect cues in this text (not evidence for a service).
    Cached: the index and the brain ask it several times for one message."""
    folded = fold(text)
    words: set[str] = set()
    for start, end in detect_aspect(text).cue_spans:
        words.update(w for w in re.findall(r"[a-z0-9]+", folded[start:end]) if not _NAMED_CHARGE.fullmatch(w))
    return frozenset(words)


# What each folded letter may have been in the citizen's raw text (see normalize.fold).
_UNFOLD = {"a": "(?:aa|a|å)", "e": "(?:ae|e|æ|é|è|ä)", "o": "(?:oe|o|ø|ö)", "u": "(?:u|ü)"}


def _unfold(pattern: str) -> str:
    """A pattern on folded text, rewritten to match the raw text (any case is the caller's)."""
    out, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":  # an escape (\w, \b, \d) stays as it is
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if pattern.startswith("(?=", i) or pattern.startswith("(?:", i):
            out.append(pattern[i:i + 3])
            i += 3
            continue
        out.append(_UNFOLD.get(char, char))
        i += 1
    return "".join(out)


def rasa_regexes() -> dict[str, list[str]]:
    """The cues as Rasa regex features, one named regex per aspect (`cue_price`, ...), written
    for raw text: Rasa's RegexFeaturizer sees what the citizen typed, not folded text. The NLU
    model then learns the same cue words the index uses, from every example that has one."""
    regexes: dict[str, list[str]] = {}
    for aspect, _weight, pattern in _CUES:
        regexes.setdefault(f"cue_{aspect}", []).append(rf"\b(?:{_unfold(fold(pattern))})\b")
    return regexes
