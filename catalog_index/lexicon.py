"""Norwegian word knowledge the catalog text alone does not give: stop words, nynorsk and
dialect forms, everyday words and a few English ones.

Every key and value is written *folded* (see normalize.fold: æ->e, ø->o, å->a), because that is
the form the index compares. Values are bokmål words as the catalog writes them; they are
stemmed after mapping. Service-specific words (bhg, gamlehjem) belong in each description's
`keywords`; this file holds what is true of the language, not of one municipality.
"""

# Function words in bokmål, nynorsk, dialect, SMS shorthand and English. Question words are here
# too: they say which aspect is asked (see aspects.py), not which service.
STOPWORDS = frozenset(
    """
    a al alle allerede alt andre av bare bli blir ble blitt da dag de dei deg dem den denne
    der dere deres det dette di din dine disse ditt du e ei ein eit eg ellers en enn er et
    etter for fordi fra fa far fikk ga gar gjor gjore gjer gjere god ha had har hadde han hans
    har hei hallo hos hun ho hva hvem hvilke hvilken hvis hvor hvordan hvorfor hvordn hvrdn hv
    i igjen ikke ikkje inn innen ja jeg je ka kan kem ker kor korleis kossen koss kva kvar kven
    kvifor kunne la man me med meg mer mest min mine mitt mi mot mye mykje ma matte na nar nei
    noe noen nok noko nokon nokre nr og ogsa om oss pa sa seg selv si sin sine sitt sjol skal
    skulle slik som so sa takk til tusen under ut uten var vere vert vi vil ville vilje vart
    ved vet veit ittj itj ikkje isj d dk hvaskal trenger treng lurer lure lurte sporsmal
    sporre sporja sporje onsker onskjer vil gjerne please pls plz
    men mens siden sidan ingen ingenting inga fatt fekk nettopp helt heilt veldig litt kanskje
    fortsatt framleis enda enna lenger lengre hele heile andre annen anna annet hver kvar
    ar aret arets gang ganger nokre slike sant tror trur synes syns mener meiner ogsa
    her hit dit herfra derfra take hvilket dersom viss eller enten sann kun berre mellom
    like want need someone somebody about would could also just really very any some
    the an and are as at be been by can could do does did for from get got have has how i if
    in is it its me my of on or our should so than that there this to us was we what when
    where which who why will with would you your yours hi hello thanks thank
    """.split()
)

# Everyday words that say nothing about which service, though they are no function words: the
# index leaves them out of the catalog's side, so in a question they weigh as unknown words
# ("Blir det regn i morgen?" is not about a service; "kvar morgon" in one description's text
# must not make "god morgon" a question about it).
NEUTRAL_WORDS = frozenset(
    "morgen morgenen morgon morgonen morra fjor ifjor fjol ifjol "
    "mandag tirsdag tysdag onsdag torsdag fredag lordag laurdag sondag sundag "
    "mandagen tirsdagen tysdagen onsdagen torsdagen fredagen lordagen laurdagen sondagen sundagen".split()
)

# normalize.fold also folds the ASCII spellings aa, ae and oe ("noen" -> "non"): the stop words
# must be in that form to meet the tokens.
STOPWORDS = frozenset(w.replace("aa", "a").replace("ae", "e").replace("oe", "o") for w in STOPWORDS)

# folded word -> bokmål word(s), folded. Nynorsk and dialect first, then everyday synonyms, then
# English nouns citizens mix in.
SYNONYMS = {
    # nynorsk -> bokmål
    "skule": "skole", "skulen": "skole", "skular": "skole", "skuleskyss": "skoleskyss",
    "bustad": "bolig", "bustaden": "bolig", "bustadar": "bolig", "bustader": "bolig",
    "loyve": "bevilling", "loyvet": "bevilling", "skjenkeloyve": "skjenkebevilling",
    "salsloyve": "salgsbevilling", "serveringsloyve": "serveringsbevilling",
    "sjukeheim": "sykehjem", "sjukeheimen": "sykehjem", "sjukeheimsplass": "sykehjemsplass",
    "heime": "hjemme", "heim": "hjem", "heimen": "hjem",
    "heimesjukepleie": "hjemmesykepleie", "heimesjukepleia": "hjemmesykepleie",
    "heimehjelp": "praktisk bistand", "sjukepleie": "sykepleie", "sjuk": "syk",
    "sokje": "soke", "soker": "soke", "kostar": "koster", "kosta": "koster", 
    "leige": "leie", "leigge": "leie", "utleige": "utleie", "vatn": "vann", "vatnet": "vann",
    "vassmalar": "vannmaler", "vassmaler": "vannmaler", "veg": "vei", "vegen": "vei", "vegar": "vei",
    "tilsett": "ansatt", "tilsette": "ansatt", "menneskje": "menneske",
    "tenesta": "tjeneste", "teneste": "tjeneste", "sakshandsamar": "saksbehandler",
    "handsaming": "behandling", "sakshandsaming": "saksbehandling", "handsamingstid": "behandlingstid",
    "opningstid": "apningstid", "opningstider": "apningstid", "opent": "apent", "ope": "apent",
    "vedtaket": "vedtak", "born": "barn", "borna": "barn", "bornehage": "barnehage",
    "mora": "mor", "gamal": "gammel", "eldre": "eldre",
    "husleige": "husleie", "straum": "strom", "pengar": "penger", "gjeld": "gjeld",
    "bygg": "bygg", "byggjesoknad": "byggesoknad", "byggje": "bygge", "byggja": "bygge",
    "tomt": "tomt", "grense": "grense", "grenser": "grense", "skilje": "skille",
    "vigsle": "vigsel", "gifte": "gifte", "gifta": "gifte", "bryllaup": "bryllup",
    "royste": "stemme", "royst": "stemme", "forhandsroyste": "forhandsstemme",
    "val": "valg", "valet": "valg", "laane": "lane", "lane": "lane",
    # everyday words and synonyms
    "boss": "avfall", "bosset": "avfall", "bossdunk": "avfall dunk", "bosshenting": "avfallshenting",
    "soppel": "avfall", "soppla": "avfall", "sopla": "avfall", "soplet": "avfall", "sopel": "avfall",
    "soppeldunk": "avfall dunk", "soppeldunken": "avfall dunk", "soppelkasse": "avfall dunk",
    "soppeltomming": "avfallshenting", "soppelhenting": "avfallshenting", "soppelbil": "avfallshenting",
    "soppelbilen": "avfallshenting", "restavfall": "avfall", "husholdningsavfall": "avfall",
    "hjemmehjelp": "praktisk bistand", "vaskehjelp": "praktisk bistand", "rengjoringshjelp": "praktisk bistand",
    "gamlehjem": "sykehjem", "aldersheim": "sykehjem", "aldershjem": "sykehjem",
    "hcparkering": "parkering forflytningshemmede", "hckort": "parkering forflytningshemmede",
    "handikapparkering": "parkering forflytningshemmede", "handicapparkering": "parkering forflytningshemmede",
    "hc": "forflytningshemmede", "handikap": "forflytningshemmede", "funksjonshemmet": "funksjonsnedsettelse",
    "doktor": "lege", "doktoren": "lege", "legen": "lege",
    "bhg": "barnehage", "barnhage": "barnehage", "dagmamma": "barnehage",
    "skolefritidsordning": "sfo", "aks": "sfo",
    "septik": "slamtomming", "septiktank": "slamtomming", "slamavskiller": "slamtomming",
    "slamavskilleren": "slamtomming", "slamavskiljar": "slamtomming", "slamavskiljaren": "slamtomming",
    "snoscooter": "motorferdsel", "scooter": "motorferdsel", "snoskuter": "motorferdsel",
    "pipe": "feiing", "piper": "feiing", "skorstein": "feiing", "pipa": "feiing", "feier": "feiing",
    "feieren": "feiing", "feia": "feiing", "hullet": "hull", "gatelys": "gatelys", "gatelyset": "gatelys",
    "tomme": "tomming", "tommes": "tomming", "tommedag": "tomming dag",
    "sosialstonad": "sosialhjelp", "sosialpenger": "sosialhjelp", "nodhjelp": "sosialhjelp",
    # everyday situations: what a citizen says, and the word the catalog uses for it
    "ettaring": "barn barnehage", "toaring": "barn barnehage", "trearing": "barn barnehage",
    "firearing": "barn barnehage", "femaring": "barn barnehage", "smabarn": "barn barnehage",
    "seksaring": "barn skole", "skolebarn": "barn skole", "forsteklassing": "barn skole",
    "nyfodt": "spedbarn helsestasjon", "spedbarn": "spedbarn helsestasjon", "nyfodte": "spedbarn helsestasjon",
    "gravid": "helsestasjon", "svangerskap": "helsestasjon", "vaksinere": "vaksine", "stikk": "vaksine",
    "sproyte": "vaksine", "sproyter": "vaksine", "utenlandsreise": "reise", "tropene": "reise",
    "mobler": "grovavfall", "sofa": "grovavfall", "kjoleskap": "grovavfall", "madrass": "grovavfall",
    "dodsbo": "grovavfall", "dodsboet": "grovavfall", "oppussing": "grovavfall",
    "svaksynt": "funksjonsnedsettelse", "funksjonshemmede": "funksjonsnedsettelse",
    "funksjonshemma": "funksjonsnedsettelse", "funksjonshemming": "funksjonsnedsettelse",
    "funksjonshemning": "funksjonsnedsettelse", "utviklingshemmet": "funksjonsnedsettelse",
    "utviklingshemma": "funksjonsnedsettelse", "utviklingshemming": "funksjonsnedsettelse",
    "medisinan": "medisiner", "medisinane": "medisiner", "medisinar": "medisiner", "tablettene": "medisiner",
    "tabletter": "medisiner", "tablettar": "medisiner", "piller": "medisiner", "pillene": "medisiner", "blind": "funksjonsnedsettelse", "rullestolbruker": "funksjonsnedsettelse",
    "dement": "sykehjem", "demens": "sykehjem", "pleie": "pleie", "permisjon": "permisjon",
    "gjelda": "gjeld", "inkasso": "gjeld", "betalingsproblemer": "gjeld",
    "lonna": "inntekt", "lonn": "inntekt", "trygd": "inntekt", "ufor": "inntekt", "minstepensjon": "inntekt",
    "dynga": "gjenvinningsstasjon", "rorslehemma": "forflytningshemmede", "rorslehemde": "forflytningshemmede",
    "rorslehemming": "forflytningshemmede",
    "konfirmasjon": "lokale", "bursdag": "lokale", "selskap": "lokale", "festlokale": "lokale",
    # English
    "grade": "klasse", "enrolling": "innskriving", "enrolled": "innskriving", "register": "innskriving",
    "town": "kommune", "city": "kommune", "hall": "radhuset", "municipality": "kommune", "council": "kommune", "townhall": "radhuset",
    "garbage": "avfall", "trash": "avfall", "waste": "avfall", "rubbish": "avfall", "bin": "dunk",
    "bins": "dunk", "recycling": "gjenvinning", "kindergarten": "barnehage", "daycare": "barnehage",
    "nursery": "barnehage", "preschool": "barnehage", "school": "skole", "library": "bibliotek",
    "books": "bok", "book": "bok", "building": "bygge", "build": "bygge", "permit": "tillatelse",
    "property": "eiendom", "tax": "skatt", "wedding": "vigsel", "marry": "vigsel", "married": "vigsel",
    "vote": "stemme", "voting": "stemme", "election": "valg", "housing": "bolig", "allowance": "stotte",
    "loan": "lan", "mortgage": "lan", "doctor": "lege", "gp": "fastlege", "nurse": "sykepleie",
    "nursing": "sykehjem", "home": "hjem", "vaccine": "vaksine", "vaccines": "vaksine",
    "vaccination": "vaksine", "travel": "reise", "chimney": "feiing", "sweep": "feiing",
    "sweeping": "feiing", "water": "vann", "meter": "maler", "road": "vei", "roads": "vei",
    "pothole": "hull vei", "streetlight": "gatelys", "parking": "parkering", "alcohol": "alkohol",
    "restaurant": "servering", "cafe": "servering", "music": "kulturskole", "adult": "voksen",
    "norwegian": "norsk", "debt": "gjeld", "welfare": "vern", "child": "barn", "children": "barn",
    "kids": "barn", "kid": "barn", "baby": "barn", "elderly": "eldre", "alarm": "alarm",
    "septic": "slamtomming", "snowmobile": "motorferdsel", "dig": "grave", "digging": "grave",
    "survey": "oppmaling", "boundary": "grense", "boundaries": "grense", "grant": "tilskudd",
    "grants": "tilskudd", "club": "lag", "clubs": "lag", "association": "forening", "rent": "leie",
    "renting": "leie", "venue": "lokale", "documents": "dokument", "records": "innsyn",
    "transport": "transport", "bus": "skyss", "companion": "ledsager", "disabled": "funksjonsnedsettelse",
    "disability": "funksjonsnedsettelse", "wheelchair": "rullestol", "emergency": "legevakt",
    "assistance": "hjelp", "social": "sosial", "benefits": "stonad", "benefit": "stonad",
    "caregiver": "omsorgsstonad", "carer": "omsorgsstonad", "enrol": "innskriving", "enroll": "innskriving",
    "enrolment": "innskriving", "enrollment": "innskriving", "afterschool": "sfo", "office": "servicetorget",
    "fees": "avgift", "fee": "gebyr", "bill": "faktura", "invoice": "faktura",
    "collected": "henting", "collection": "henting", "collect": "henting", "pickup": "henting",
    "safari": "reise", "backpacking": "reise", "interrail": "reise",
    # More English: what citizens write about the services, mapped to the catalog's words.
    "sewage": "avlop", "sewer": "avlop", "wastewater": "avlop", "license": "bevilling",
    "wine": "vin", "sell": "selge", "selling": "selge", "shop": "butikk", "garage": "garasje",
    "extension": "tilbygg", "neighbour": "nabo", "neighbor": "nabo", "neighbours": "nabo",
    "neighbors": "nabo", "snow": "sno", "plowing": "broyting", "ploughing": "broyting",
    "plough": "broyting", "plow": "broyting", "gritting": "stroing", "flat": "leilighet",
    "homeless": "bostedslos", "language": "norsk", "culture": "kultur", "cultural": "kultur",
    "dance": "dans", "dancing": "dans", "midwife": "jordmor", "pregnant": "helsestasjon",
    "pregnancy": "helsestasjon", "checkup": "kontroll", "abroad": "utlandet", "serve": "servere",
    "serving": "servere", "dementia": "sykehjem", "stroke": "slag", "respite": "avlastning",
    "payment": "betaling", "compensation": "stonad", "handicap": "forflytningshemmede",
    "sight": "syn", "zone": "sone", "resident": "beboer", "residents": "beboer", "street": "vei",
    "streetlights": "gatelys", "potholes": "hull vei", "cable": "fiber", "cables": "fiber",
    "trench": "groft", "plot": "tomt", "border": "grense", "terrace": "terrasse",
    "deck": "terrasse", "ceremony": "vigsel", "dangerous": "farlig", "choir": "forening",
    "band": "korps", "sports": "idrett", "gym": "gymsal", "meeting": "mote", "party": "fest",
    "father": "far", "dad": "far", "night": "natt", "weekend": "helg", "urgent": "akutt",
    "budget": "budsjett", "learn": "opplaering", "learning": "opplaering", "lessons": "opplaering",
    "classes": "opplaering", "course": "opplaering", "courses": "opplaering", "reduced": "redusert",
    "parental": "foreldrebetaling", "wheelchairs": "rullestol",
    # slang and dialect forms of service words
    "biblan": "bibliotek", "bibben": "bibliotek", "bibl": "bibliotek", "bos": "avfall",
    "bosdunk": "avfall dunk", "bosdunken": "avfall dunk", "bosspann": "avfall dunk",
    "bosspannet": "avfall dunk", "bossspann": "avfall dunk", "bossdunken": "avfall dunk",
    "bossplass": "gjenvinningsstasjon", "bossplassen": "gjenvinningsstasjon", "soppelplass": "gjenvinningsstasjon",
    "soppelplassen": "gjenvinningsstasjon", "fylling": "gjenvinningsstasjon", "fyllinga": "gjenvinningsstasjon",
    "fyllingen": "gjenvinningsstasjon", "tippen": "gjenvinningsstasjon", "avfallsplassen": "gjenvinningsstasjon",
    "reiskapsbod": "bod", "redskapsbod": "bod", "vedbod": "bod", "sykkelbod": "bod", "boden": "bod",
    "radgjeving": "radgivning", "radgjevar": "radgiver", "radgjevaren": "radgiver",
    "uroa": "bekymret", "uroleg": "bekymret", "urolig": "bekymret",
    "norwegian": "norsk", "job": "jobb", "jobs": "jobb", "food": "mat",
    # English words of life situations
    "moved": "flyttet", "move": "flytte", "moving": "flytte", "husband": "mann", "wife": "kone",
    "son": "sonn", "daughter": "datter", "mother": "mor", "mum": "mor", "mom": "mor",
    "grandmother": "mor", "grandfather": "far", "alone": "alene", "fell": "falt", "fall": "fall",
    "falls": "fall", "falling": "fall", "shopping": "handle", "sick": "syk", "ill": "syk",
    "debts": "gjeld", "bills": "regning", "money": "penger", "cleaning": "vaske", "clean": "vaske",
    "speak": "snakke", "unemployed": "jobb", "worried": "bekymret", "concerned": "bekymret",
    "hungry": "sult", "neglected": "omsorgssvikt", "bathroom": "bad", "shower": "dusj",
    "stairs": "trapp", "cancer": "kreft", "newborn": "spedbarn helsestasjon",
}

# English names of the services, as whole phrases: word by word, "home nursing" would be a home
# and a nursing home. Keys are folded English (words separated by spaces or hyphens when
# matched); values are the catalog's own (folded bokmål) words.
PHRASES = {
    "home nursing": "hjemmesykepleie", "home nurse": "hjemmesykepleie", "district nurse": "hjemmesykepleie",
    "home care nurse": "hjemmesykepleie", "home health care": "hjemmesykepleie",
    "nursing home": "sykehjem", "care home": "sykehjem", "old people's home": "sykehjem",
    "long term care": "sykehjem",
    "home help": "praktisk bistand", "cleaning help": "praktisk bistand", "practical assistance": "praktisk bistand",
    "practical help": "praktisk bistand",
    "safety alarm": "trygghetsalarm", "personal alarm": "trygghetsalarm", "emergency alarm": "trygghetsalarm",
    "alarm button": "trygghetsalarm", "panic button": "trygghetsalarm",
    "personal assistance": "brukerstyrt personlig assistanse", "personal assistant": "brukerstyrt personlig assistanse",
    "care allowance": "omsorgsstonad", "caregiver allowance": "omsorgsstonad", "carer's allowance": "omsorgsstonad",
    "carers allowance": "omsorgsstonad", "caregiver pay": "omsorgsstonad", "care benefit": "omsorgsstonad",
    "companion certificate": "ledsagerbevis", "companion card": "ledsagerbevis", "carer card": "ledsagerbevis",
    "disabled parking": "parkering forflytningshemmede", "disability parking": "parkering forflytningshemmede",
    "blue badge": "parkering forflytningshemmede", "accessible parking": "parkering forflytningshemmede",
    "resident parking": "beboerparkering", "residents parking": "beboerparkering",
    "residential parking": "beboerparkering", "parking for residents": "beboerparkering",
    "transport service": "tt kort", "taxi card": "tt kort", "tt card": "tt kort", "accessible transport": "tt kort",
    "school transport": "skoleskyss", "school bus": "skoleskyss", "school ride": "skoleskyss",
    "school enrolment": "skoleinnskriving", "school enrollment": "skoleinnskriving",
    "school registration": "skoleinnskriving", "start school": "skoleinnskriving",
    "starting school": "skoleinnskriving",
    "after school care": "sfo", "after school club": "sfo", "after school program": "sfo",
    "after school programme": "sfo", "out of school care": "sfo",
    "kindergarten place": "barnehageplass", "nursery place": "barnehageplass", "daycare place": "barnehageplass",
    "reduced kindergarten fee": "redusert foreldrebetaling barnehage",
    "reduced kindergarten fees": "redusert foreldrebetaling barnehage",
    "kindergarten fee reduction": "redusert foreldrebetaling barnehage",
    "reduced fees": "redusert foreldrebetaling", "reduced fee": "redusert foreldrebetaling",
    "fee reduction": "redusert foreldrebetaling", "reduced price": "redusert foreldrebetaling",
    "reduced parental fee": "redusert foreldrebetaling", "reduced parental fees": "redusert foreldrebetaling",
    "lower fee": "redusert foreldrebetaling", "lower fees": "redusert foreldrebetaling",
    "free core hours": "redusert foreldrebetaling",
    "child welfare": "barnevern", "child protection": "barnevern", "child protective": "barnevern",
    "health clinic": "helsestasjon", "health centre": "helsestasjon", "health center": "helsestasjon",
    "child health": "helsestasjon", "public health nurse": "helsestasjon", "school nurse": "helsestasjon",
    "travel vaccine": "reisevaksine", "travel vaccines": "reisevaksine", "travel vaccination": "reisevaksine",
    "travel vaccinations": "reisevaksine", "travel clinic": "reisevaksine",
    "emergency clinic": "legevakt", "emergency room": "legevakt", "out of hours": "legevakt",
    "after hours doctor": "legevakt", "casualty clinic": "legevakt", "emergency doctor": "legevakt",
    "family doctor": "fastlege", "regular doctor": "fastlege", "general practitioner": "fastlege",
    "adult education": "voksenopplaering", "norwegian classes": "voksenopplaering norsk",
    "norwegian course": "voksenopplaering norsk", "norwegian lessons": "voksenopplaering norsk",
    "learn norwegian": "voksenopplaering norsk", "norwegian language": "voksenopplaering norsk",
    "culture school": "kulturskole", "music school": "kulturskole", "arts school": "kulturskole",
    "school of arts": "kulturskole", "music lessons": "kulturskole",
    "library card": "lanekort bibliotek",
    "social assistance": "sosialhjelp", "financial assistance": "sosialhjelp", "financial aid": "sosialhjelp",
    "emergency money": "sosialhjelp", "social welfare": "sosialhjelp", "welfare benefits": "sosialhjelp",
    "debt advice": "gjeldsradgivning", "debt counselling": "gjeldsradgivning", "debt counseling": "gjeldsradgivning",
    "debt help": "gjeldsradgivning", "financial advice": "gjeldsradgivning", "money advice": "gjeldsradgivning",
    "housing allowance": "bostotte", "housing benefit": "bostotte", "rent support": "bostotte",
    "housing support": "bostotte", "help with rent": "bostotte",
    "start up loan": "startlan", "starter loan": "startlan", "first home loan": "startlan",
    "municipal housing": "kommunal bolig", "council housing": "kommunal bolig", "social housing": "kommunal bolig",
    "rental housing": "kommunal bolig", "council flat": "kommunal bolig", "municipal flat": "kommunal bolig",
    "municipal apartment": "kommunal bolig", "public housing": "kommunal bolig",
    "home adaptation": "tilpasning bolig", "adapt my home": "tilpasning bolig", "adapting my home": "tilpasning bolig",
    "adaptation grant": "tilpasning bolig", "accessible home": "tilpasning bolig",
    "property tax": "eiendomsskatt",
    "municipal fees": "kommunale avgifter", "municipal charges": "kommunale avgifter",
    "council fees": "kommunale avgifter", "water and sewage": "kommunale avgifter vann avlop",
    "water meter": "vannmaler",
    "septic tank": "slamtomming", "sludge emptying": "slamtomming", "sewage tank": "slamtomming",
    "waste collection": "avfallshenting", "garbage collection": "avfallshenting", "bin collection": "avfallshenting",
    "rubbish collection": "avfallshenting", "trash collection": "avfallshenting", "refuse collection": "avfallshenting",
    "recycling centre": "gjenvinningsstasjon", "recycling center": "gjenvinningsstasjon",
    "recycling station": "gjenvinningsstasjon", "recycling site": "gjenvinningsstasjon",
    "chimney sweeping": "feiing", "chimney sweep": "feiing",
    "building permit": "byggesoknad", "building application": "byggesoknad", "planning permission": "byggesoknad",
    "building permission": "byggesoknad", "construction permit": "byggesoknad",
    "without a permit": "uten soknad", "without applying": "uten soknad", "without permission": "uten soknad",
    "digging permit": "gravetillatelse", "excavation permit": "gravetillatelse", "dig up the road": "gravetillatelse",
    "land survey": "oppmaling", "boundary survey": "oppmaling", "property boundary": "oppmaling grense",
    "property boundaries": "oppmaling grense", "boundary markers": "oppmaling grense",
    "street light": "gatelys", "street lights": "gatelys", "road damage": "veimelding",
    "report a pothole": "veimelding hull",
    "snowmobile": "snoscooter motorferdsel", "off road": "motorferdsel", "motorised traffic": "motorferdsel",
    "serve wine": "skjenkebevilling", "serving wine": "skjenkebevilling", "serve beer": "skjenkebevilling",
    "serving beer": "skjenkebevilling", "liquor licence": "skjenkebevilling", "liquor license": "skjenkebevilling", "alcohol licence": "skjenkebevilling",
    "alcohol license": "skjenkebevilling", "serve alcohol": "skjenkebevilling", "serving alcohol": "skjenkebevilling",
    "sell beer": "salgsbevilling", "selling beer": "salgsbevilling", "beer sales": "salgsbevilling",
    "sales licence": "salgsbevilling", "sales license": "salgsbevilling",
    "restaurant licence": "serveringsbevilling", "restaurant license": "serveringsbevilling",
    "serving licence": "serveringsbevilling", "serving license": "serveringsbevilling",
    "food service licence": "serveringsbevilling", "open a cafe": "serveringsbevilling",
    "rent a room": "utleie lokaler", "hire a room": "utleie lokaler", "rent premises": "utleie lokaler",
    "hire premises": "utleie lokaler", "rent the gym": "utleie lokaler gymsal", "book a hall": "utleie lokaler",
    "club grant": "tilskudd lag foreninger", "grants for clubs": "tilskudd lag foreninger",
    "association grant": "tilskudd lag foreninger", "funding for our club": "tilskudd lag foreninger",
    "grant for our club": "tilskudd lag foreninger", "voluntary organisation": "lag foreninger",
    "early voting": "forhandsstemme", "advance voting": "forhandsstemme", "vote early": "forhandsstemme",
    "vote in advance": "forhandsstemme", "postal vote": "forhandsstemme",
    "civil wedding": "vigsel", "civil ceremony": "vigsel", "get married": "vigsel",
    "access to documents": "innsyn", "public records": "innsyn", "freedom of information": "innsyn",
    "public documents": "innsyn", "public record": "innsyn",
    "service office": "servicetorget", "service centre": "servicetorget", "service center": "servicetorget",
    "citizen service": "servicetorget", "front desk": "servicetorget",
}
