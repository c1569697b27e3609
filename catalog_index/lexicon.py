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
    he him his she they them their go goes going supposed around
    many much more less roughly approximately normal usual without whether year years old yearly
    """.split()
)

# Everyday words that say nothing about which service, though they are no function words: the
# index leaves them out of the catalog's side, so in a question they weigh as unknown words
# ("Blir det regn i morgen?" is not about a service; "kvar morgon" in one description's text
# must not make "god morgon" a question about it).
NEUTRAL_WORDS = frozenset(
    "morgen morgenen morgon morgonen morra fjor ifjor fjol ifjol "
    "mandag tirsdag tysdag onsdag torsdag fredag lordag laurdag sondag sundag "
    "mandagen tirsdagen tysdagen onsdagen torsdagen fredagen lordagen laurdagen sondagen sundagen "
    "monday tuesday wednesday thursday friday saturday sunday tomorrow yesterday".split()
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
    "fever": "feber", "help": "hjelp", "helpers": "hjelpere", "helper": "hjelper", "assistants": "assistent",
    "assistant": "assistent", "pick": "velge", "choose": "velge", "hours": "timer", "week": "uke",
    "skipped": "tomt", "missed": "tomt", "report": "melde", "emptied": "tomt", "high": "hoy",
    "house": "hus", "jab": "vaksine", "jabs": "vaksine", "shots": "vaksine", "vaccinations": "vaksine",
    "selje": "selge", "seljer": "selge", "seljast": "selge", "kaffebar": "kafe", "kaffebaren": "kafe",
    "licence": "bevilling", "licences": "bevilling", "witness": "vitne", "witnesses": "vitne",
    "income": "inntekt", "avlaup": "avlop", "avlaupet": "avlop",
    "inkassobrev": "gjeld", "inkassobrevet": "gjeld", "inkassobreva": "gjeld", "inkassobrevene": "gjeld",
    "kredittkort": "gjeld", "kredittkortregning": "gjeld", "kredittkortregningene": "gjeld",
    "forbrukslan": "gjeld",
    "snoskuter": "snoscooter", "snoskuteren": "snoscooter", "referral": "henvisning",
    "trommer": "musikk", "tromme": "musikk", "gitar": "musikk", "piano": "musikk", "fiolin": "musikk",
}

# English names of the services, as whole phrases: word by word, "home nursing" would be a home
# and a nursing home. The catalog's own (folded bokmål) words, each with the English phrases that
# mean them (matched with spaces or hyphens between the words); PHRASES is the lookup by phrase.
_PHRASES_BY_WORDS = {
    "hjemmesykepleie": ("home nursing", "home nurse", "district nurse", "home care nurse",
        "home health care"),
    "sykehjem": ("nursing home", "care home", "old people's home", "long term care"),
    "praktisk bistand": ("home help", "cleaning help", "practical assistance", "practical help"),
    "trygghetsalarm": ("safety alarm", "personal alarm", "emergency alarm", "alarm button", "panic button"),
    "brukerstyrt personlig assistanse": ("personal assistance", "personal assistant"),
    "omsorgsstonad": ("care allowance", "caregiver allowance", "carer's allowance", "carers allowance",
        "caregiver pay", "care benefit"),
    "ledsagerbevis": ("companion certificate", "companion card", "carer card"),
    "parkering forflytningshemmede": ("disabled parking", "disability parking", "blue badge",
        "accessible parking"),
    "beboerparkering": ("resident parking", "residents parking", "residential parking",
        "parking for residents"),
    "tt kort": ("transport service", "taxi card", "tt card", "accessible transport"),
    "skoleskyss": ("school transport", "school bus", "school ride"),
    "skoleinnskriving": ("school enrolment", "school enrollment", "school registration", "start school",
        "starting school"),
    "sfo": ("after school care", "after school club", "after school program", "after school programme",
        "out of school care"),
    "barnehageplass": ("kindergarten place", "nursery place", "daycare place"),
    "redusert foreldrebetaling barnehage": ("reduced kindergarten fee", "reduced kindergarten fees",
        "kindergarten fee reduction"),
    "redusert foreldrebetaling": ("reduced fees", "reduced fee", "fee reduction", "reduced price", "pay less",
        "reduced parental fee", "reduced parental fees", "lower fee", "lower fees", "free core hours"),
    "barnevern": ("child welfare", "child protection", "child protective"),
    "helsestasjon": ("health clinic", "health centre", "health center", "child health",
        "public health nurse", "school nurse"),
    "reisevaksine": ("travel vaccine", "travel vaccines", "travel vaccination", "travel vaccinations",
        "travel clinic"),
    "legevakt": ("emergency clinic", "emergency room", "out of hours", "after hours doctor",
        "casualty clinic", "emergency doctor"),
    "fastlege": ("family doctor", "regular doctor", "general practitioner"),
    "voksenopplaering": ("adult education",),
    "voksenopplaering norsk": ("norwegian classes", "norwegian course", "norwegian lessons",
        "learn norwegian", "norwegian language"),
    "kulturskole": ("culture school", "music school", "arts school", "school of arts", "music lessons"),
    "lanekort bibliotek": ("library card",),
    "sosialhjelp": ("social assistance", "financial assistance", "financial aid", "emergency money",
        "social welfare", "welfare benefits"),
    "gjeldsradgivning": ("debt advice", "debt counselling", "debt counseling", "debt help",
        "financial advice", "money advice"),
    "bostotte": ("housing allowance", "housing benefit", "rent support", "housing support", "help with rent"),
    "startlan": ("start up loan", "starter loan", "first home loan"),
    "kommunal bolig": ("municipal housing", "council housing", "social housing", "rental housing",
        "council flat", "municipal flat", "municipal apartment", "public housing"),
    "tilpasning bolig": ("home adaptation", "adapt my home", "adapting my home", "adaptation grant",
        "accessible home"),
    "eiendomsskatt": ("property tax",),
    "kommunale avgifter": ("municipal fees", "municipal charges", "council fees"),
    "eierskifte": ("change of owner", "change of ownership", "new owner", "new owners"),
    "kommunale avgifter vann avlop": ("water and sewage",),
    "vannmaler": ("water meter",),
    "slamtomming": ("septic tank", "sludge emptying", "sewage tank"),
    "avfallshenting": ("waste collection", "garbage collection", "bin collection", "rubbish collection",
        "trash collection", "refuse collection"),
    "gjenvinningsstasjon": ("recycling centre", "recycling center", "recycling station", "recycling site"),
    "feiing": ("chimney sweeping", "chimney sweep"),
    "byggesoknad": ("building permit", "building application", "planning permission", "building permission",
        "construction permit"),
    "uten soknad": ("without a permit", "without applying", "without permission"),
    "gravetillatelse": ("digging permit", "excavation permit", "dig up the road"),
    "oppmaling": ("land survey", "boundary survey"),
    "oppmaling grense": ("property boundary", "property boundaries", "boundary markers"),
    "gatelys": ("street light", "street lights"),
    "veimelding": ("road damage",),
    "veimelding hull": ("report a pothole",),
    "snoscooter motorferdsel": ("snowmobile",),
    "motorferdsel": ("off road", "motorised traffic"),
    "skjenkebevilling": ("serve wine", "serving wine", "serve beer", "serving beer", "liquor licence",
        "liquor license", "alcohol licence", "alcohol license", "serve alcohol", "serving alcohol"),
    "salgsbevilling": ("sell beer", "selling beer", "beer sales", "sales licence", "sales license"),
    "serveringsbevilling": ("restaurant licence", "restaurant license", "serving licence", "serving license",
        "food service licence", "open a cafe"),
    "utleie lokaler": ("rent a room", "hire a room", "rent premises", "hire premises", "book a hall"),
    "utleie lokaler gymsal": ("rent the gym",),
    "tilskudd lag foreninger": ("club grant", "grants for clubs", "association grant",
        "funding for our club", "grant for our club"),
    "lag foreninger": ("voluntary organisation",),
    "forhandsstemme": ("early voting", "advance voting", "vote early", "vote in advance", "postal vote"),
    "vigsel": ("civil wedding", "civil ceremony", "get married"),
    "innsyn": ("access to documents", "public records", "freedom of information", "public documents",
        "public record"),
    "servicetorget": ("service office", "service centre", "service center", "citizen service", "front desk"),
}
PHRASES = {phrase: words for words, phrases in _PHRASES_BY_WORDS.items() for phrase in phrases}
