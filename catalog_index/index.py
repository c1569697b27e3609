"""The search index: from a citizen's question to ranked services, an aspect and a confidence.

Built once from the catalog (at start-up and when the catalog changes); a query does no I/O.

Scoring, in short:
- every service is a weighted bag of stemmed terms; a term weighs what its strongest field
  weighs (title and keywords most, long body text least), so long texts do not win by length;
- a question term scores idf x field weight x match quality (1 exact, less for a compound part
  or a spelling correction);
- the confidence is a calibrated probability (calibration.py) from *coverage* (how much of the
  question's informative words the service explains), *strength* (how strong its best match is),
  the *margin* to the runner-up and the share of words the catalog does not know. A question is
  answered only when it passes a threshold: one weak word in a longer question ("når kan jeg slå
  plenen?") never decides.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Optional

from rapidfuzz import fuzz, process

from . import aspects as aspect_rules
from .calibration import Calibration
from .language import detect_language
from .lexicon import NEUTRAL_WORDS, STOPWORDS
from .model import ServiceDescription, Text
from .normalize import canonical_terms, fold, stem, terms, tokens
from .wordlist import common_words, warm_up

# How much a term found in each field says about the service (title and keywords most).
FIELD_WEIGHTS = {
    "name": 1.0,
    "title": 1.0,
    "keywords": 0.9,
    # Situations in citizens' words: like the description, no name of the service.
    "situations": 0.35,
    "life_events": 0.35,
    "description": 0.35,
    "target_group": 0.25,
    "unit": 0.2,
    "eligibility": 0.15,
    "guidance": 0.12,
    "how_to_apply": 0.12,
    "deadline": 0.1,
    "price": 0.1,
    "processing": 0.08,
    "attachments": 0.08,
    "notes": 0.08,
    "expectation": 0.06,
    "appeal": 0.05,
}
COMPOUND_PART_QUALITY = 0.75  # a part of a compound word ("plass" in "barnehageplass")
COMMON_COMPOUND_PART_QUALITY = 0.5  # a part of an ordinary word the catalog lacks ("personnummer")
CUE_WORD_WEIGHT = 0.2  # "pris", "frist": they say which aspect, rarely which service
MIN_PART = 3  # shortest compound part we split off
TITLE_LENGTH_PENALTY = 0.2
KEYWORD_PHRASE_FACTOR = 0.5
NAMING_WEIGHT = 0.8  # a word in a short title or a one-word keyword names its service
UNKNOWN_WORD_SHARE = 0.6  # a word the catalog does not know weighs this share of the rarest word
ABSTAIN_BELOW = 0.6  # calibrated probability of being right under which we answer no service


@dataclass(frozen=True)
class Hit:
    service_id: str
    score: float
    confidence: float
    matched: tuple[str, ...] = ()
    features: tuple[float, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: tuple[Hit, ...]
    aspect: str
    language: str
    abstained: bool
    # Words of the question the catalog does not know ("coop" in "når stenger Coop Extra?").
    unknown: tuple[str, ...] = ()

    @property
    def top(self) -> Optional[Hit]:
        return self.hits[0] if self.hits else None

    @property
    def service_id(self) -> Optional[str]:
        return None if self.abstained or not self.hits else self.hits[0].service_id

    @property
    def confidence(self) -> float:
        return self.hits[0].confidence if self.hits else 0.0


@dataclass
class _QueryTerm:
    term: str  # the stemmed, folded term as indexed
    weight: float  # idf x query weight
    quality: float = 1.0
    source: str = ""  # the word the citizen wrote
    mass: float = 0.0  # what the word adds to the question's total informative weight


def _texts(value) -> Iterable[str]:
    if value is None:
        return
    if isinstance(value, Text):
        yield value.nb
        if value.nn:
            yield value.nn
    elif isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _texts(item)


def _service_fields(service: ServiceDescription) -> dict[str, list[str]]:
    apply = service.how_to_apply
    price = service.price
    return {
        # "Servicetorget – kommunens førstelinje": one word before the dash is the service's
        # name, and weighs as a one-word title (other services mention "servicetorget" too).
        "name": [name for name in (text.split(" – ")[0] for text in _texts(service.title) if " – " in text)
                 if len(terms(name)) == 1],
        "title": list(_texts(service.title)),
        "keywords": list(service.keywords),
        "situations": list(service.situations),
        "life_events": list(service.life_events),
        "description": list(_texts(service.description)),
        "target_group": list(_texts(service.target_group)),
        "unit": [service.contact.unit],
        "eligibility": list(_texts(service.eligibility)),
        "guidance": list(_texts(service.guidance)),
        "how_to_apply": list(_texts(apply.text)) if apply else [],
        "deadline": list(_texts(service.deadline)),
        "price": (list(_texts(price.text)) + [t for a in price.amounts for t in _texts(a.label)]) if price else [],
        "processing": list(_texts(service.processing)),
        "attachments": list(_texts(service.attachments)),
        "notes": list(_texts(service.notes)),
        "expectation": list(_texts(service.expectation)),
        "appeal": list(_texts(service.appeal)),
    }


class SearchIndex:
    """Immutable after build; safe to share between threads."""

    def __init__(
        self,
        services: Iterable[ServiceDescription],
        handover_level: int = 6,
        calibration: Optional[Calibration] = None,
    ):
        self.services: list[ServiceDescription] = list(services)
        self.calibration = calibration or Calibration.load()
        self.ids = [s.id for s in self.services]
        self._by_id = {s.id: s for s in self.services}  # get() is called per answered question
        self.handover_level = handover_level
        self._neutral_terms = {stem(word) for word in NEUTRAL_WORDS}
        # term -> {service index -> weight in [0, 1]}
        postings: dict[str, dict[int, float]] = defaultdict(dict)
        raw_terms: list[list[tuple[str, float]]] = []
        words: set[str] = set()
        for i, service in enumerate(self.services):
            collected: list[tuple[str, float]] = []
            for field_name, texts in _service_fields(service).items():
                for text in texts:
                    weight = FIELD_WEIGHTS[field_name]
                    if field_name in ("name", "title"):
                        # A word in a short title says more: "Barnehageplass" is about the
                        # kindergarten place, a six-word title that mentions barnehage less so.
                        weight /= 1.0 + TITLE_LENGTH_PENALTY * max(0, len(terms(text)) - 1)
                    elif field_name == "keywords" and len(terms(text)) > 1:
                        # One word of a phrase ("helga" in "legevakt i helga") is not a name.
                        weight *= KEYWORD_PHRASE_FACTOR
                    for token in tokens(text):
                        if token in STOPWORDS or token in NEUTRAL_WORDS:
                            continue
                        words.add(token)
                        for term in canonical_terms(token):
                            collected.append((term, weight))
                            if len(token) > len(term):
                                words.add(token)
            raw_terms.append(collected)
        # The vocabulary of whole terms, then compound parts split against it.
        self._vocab_terms = {t for collected in raw_terms for t, _ in collected if len(t) >= MIN_PART}
        self._heads = self._vocab_terms | {w for w in words if len(w) >= MIN_PART}
        self._splits: dict[str, tuple[str, ...]] = {}
        for i, collected in enumerate(raw_terms):
            for term, weight in collected:
                if postings[term].get(i, 0.0) < weight:
                    postings[term][i] = weight
                for part in self._split_compound(term):
                    if part in self._neutral_terms:  # "torsdag" in "torsdagskvelden"
                        continue
                    part_weight = weight * COMPOUND_PART_QUALITY
                    if postings[part].get(i, 0.0) < part_weight:
                        postings[part][i] = part_weight
        self.postings = dict(postings)
        n = max(len(self.services), 1)
        # Document frequency weighted by field: "servicetorget" named in the body of thirty
        # descriptions and the title of one still points at that one.
        self.idf = {t: math.log(1.0 + n / (0.5 + sum(p.values()))) for t, p in self.postings.items()}
        self._max_idf = math.log(1.0 + n / 0.5)
        self._unknown_mass = UNKNOWN_WORD_SHARE * self._max_idf
        self._vocabulary = sorted(self.postings)
        self._fuzzy_cache: dict[str, Optional[tuple[str, float]]] = {}
        # Whole catalog words, for misspellings the stemmer mangles ("fasltege" stems to
        # "faslteg", while "fastlege" stems to "fast").
        self._words = sorted(w for w in words if len(w) >= 5)
        warm_up()

    # -- building blocks -------------------------------------------------------------------

    def _split_compound(self, term: str) -> tuple[str, ...]:
        """Split a compound into two known parts: barnehageplass -> barnehag + plass.

        Tries the longest known head first and allows the linking letters s and e
        (sykehjemsplass, barnehageplass).
        """
        if term in self._splits:
            return self._splits[term]
        parts = self._find_split(term)
        if len(self._splits) < 200_000:
            self._splits[term] = parts
        return parts

    def _find_split(self, term: str) -> tuple[str, ...]:
        if len(term) < 2 * MIN_PART + 1:
            return ()
        for cut in range(len(term) - MIN_PART, MIN_PART - 1, -1):
            head, tail = term[:cut], term[cut:]
            if head not in self._heads:
                continue
            for rest in (tail, tail[1:] if tail[:1] in ("s", "e") else None):
                if rest and len(rest) >= MIN_PART:
                    rest_stem = stem(rest)
                    if rest_stem in self._vocab_terms:
                        return (stem(head), rest_stem)
                    if rest in self._vocab_terms:
                        return (stem(head), rest)
        return ()

    def _correct_spelling(self, term: str) -> Optional[tuple[str, float]]:
        """The closest indexed term to a misspelt one, with a quality in (0, 1), or None."""
        if term in self._fuzzy_cache:
            return self._fuzzy_cache[term]
        found = None
        if len(term) >= 4:
            # One wrong letter in a six-letter word ("vilsel") scores 83.3: still a misspelling.
            cutoff = 80 if len(term) <= 5 else 83 if len(term) == 6 else 84
            match = process.extractOne(term, self._vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff)
            if match is not None:
                candidate, score, _ = match
                # Spelling, not meaning: the first letter and the length must roughly agree.
                if candidate[0] == term[0] and abs(len(candidate) - len(term)) <= 2:
                    found = (candidate, (score / 100.0) * (0.85 if len(term) >= 6 else 0.6))
        if len(self._fuzzy_cache) < 100_000:
            self._fuzzy_cache[term] = found
        return found

    def _correct_word(self, token: str) -> Optional[tuple[str, float]]:
        """Like _correct_spelling, on whole words: the closest catalog word's term, or None."""
        key = "word:" + token
        if key in self._fuzzy_cache:
            return self._fuzzy_cache[key]
        found = None
        if len(token) >= 6:
            match = process.extractOne(token, self._words, scorer=fuzz.ratio, score_cutoff=84)
            if match is not None:
                candidate, score, _ = match
                term = canonical_terms(candidate)[0]
                if candidate[0] == token[0] and abs(len(candidate) - len(token)) <= 2 and term in self.postings:
                    found = (term, (score / 100.0) * 0.85)
        if len(self._fuzzy_cache) < 100_000:
            self._fuzzy_cache[key] = found
        return found

    def _query_terms(self, text: str) -> tuple[list[_QueryTerm], list[_QueryTerm]]:
        """The question's informative terms: (matched to the index, unknown to it)."""
        cues = aspect_rules.cue_words(text)
        real_words = common_words(text)
        known: list[_QueryTerm] = []
        unknown: list[_QueryTerm] = []
        seen: set[str] = set()
        for token in tokens(text):
            if token in STOPWORDS or token.isdigit() or len(token) < 2:
                continue
            query_weight = CUE_WORD_WEIGHT if token in cues else 1.0
            if token in NEUTRAL_WORDS:
                # Never split or corrected into a catalog word ("torsdag" is no "tor" + "dag").
                if query_weight == 1.0 and token not in seen:
                    seen.add(token)
                    unknown.append(_QueryTerm(token, self._unknown_mass, 0.0, token, self._unknown_mass))
                continue
            for term in canonical_terms(token):
                if term in seen or term in STOPWORDS:
                    continue
                seen.add(term)
                if term in self.postings:
                    weight = self.idf[term] * query_weight
                    known.append(_QueryTerm(term, weight, 1.0, token, weight))
                    continue
                parts = self._split_compound(term)
                is_word = token in real_words
                if parts and all(p in self.postings for p in parts):
                    # A compound the catalog does not have ("personnummer") weighs like an
                    # unknown word, however common its parts are.
                    part_idf = sum(self.idf[p] for p in parts)
                    compound_mass = max(part_idf, self._unknown_mass) * query_weight
                    for part in parts:
                        if part not in seen:
                            seen.add(part)
                            mass = compound_mass * self.idf[part] / part_idf
                            quality = COMMON_COMPOUND_PART_QUALITY if is_word else COMPOUND_PART_QUALITY
                            known.append(_QueryTerm(part, self.idf[part] * query_weight, quality, token, mass))
                    continue
                # Correct spelling only of what is no word at all ("barnhage", not "bankkortet").
                corrected = None if is_word else self._correct_spelling(term)
                if corrected is None and not is_word:
                    corrected = self._correct_word(token)
                if corrected is not None and corrected[0] not in seen:
                    seen.add(corrected[0])
                    weight = self.idf[corrected[0]] * query_weight
                    mass = max(weight, self._unknown_mass * query_weight)
                    known.append(_QueryTerm(corrected[0], weight, corrected[1], token, mass))
                    continue
                if query_weight == 1.0:
                    unknown.append(_QueryTerm(term, self._unknown_mass, 0.0, token, self._unknown_mass))
        return known, unknown

    # -- the query -------------------------------------------------------------------------

    def search(self, text: str, k: int = 3) -> SearchResult:
        aspect = aspect_rules.detect_aspect(text).aspect
        language = detect_language(text)
        known, unknown = self._query_terms(text)
        scores: dict[int, float] = defaultdict(float)
        strength: dict[int, float] = defaultdict(float)
        matched: dict[int, list[str]] = defaultdict(list)
        named: dict[int, float] = defaultdict(float)
        word_quality: dict[int, dict[str, float]] = defaultdict(dict)  # how well each word matched
        for qt in known:
            for i, weight in self.postings[qt.term].items():
                contribution = qt.weight * qt.quality * weight
                scores[i] += contribution
                strength[i] = max(strength[i], qt.quality * weight * self.idf[qt.term] / self._max_idf)
                if weight >= NAMING_WEIGHT and qt.quality == 1.0:
                    named[i] = 1.0  # the citizen wrote a word that names this service
                matched[i].append(qt.source)
                word_quality[i][qt.source] = max(word_quality[i].get(qt.source, 0.0), qt.quality)
        unknown_mass = sum(qt.mass for qt in unknown)
        total = sum(qt.mass for qt in known) + unknown_mass
        ranked = sorted(scores, key=lambda i: (-scores[i], self.ids[i]))[: max(k, 2)]
        hits = []
        for rank, i in enumerate(ranked):
            runner_up = scores[ranked[rank + 1]] if rank + 1 < len(ranked) else 0.0
            words = len({qt.source for qt in known} | {qt.source for qt in unknown})
            features = self._features(
                scores[i], total, strength[i], runner_up, unknown_mass, named[i], sum(word_quality[i].values()) / max(words, 1)
            )
            hits.append(
                Hit(
                    service_id=self.ids[i],
                    score=round(scores[i], 4),
                    confidence=round(self.calibration.probability(features), 4),
                    matched=tuple(dict.fromkeys(matched[i])),
                    features=features,
                )
            )
        hits = hits[:k]
        if not hits and aspect in ("opening_hours", "contact") and "servicetorget" in self.ids:
            # "når har dere åpent?" with no service named: the office itself.
            hits = [Hit("servicetorget", 0.0, 0.6)]
        abstained = not hits or hits[0].confidence < ABSTAIN_BELOW
        return SearchResult(query=text, hits=tuple(hits), aspect=aspect, language=language, abstained=abstained,
                            unknown=tuple(dict.fromkeys(qt.source for qt in unknown)))

    def _features(
        self, score: float, total: float, strength: float, runner_up: float, unknown: float, named: float, matched: float
    ) -> tuple[float, ...]:
        """What the confidence is computed from, in calibration.FEATURES order."""
        if score <= 0 or total <= 0:
            return (0.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        coverage = min(1.0, score / total)
        margin = (score - runner_up) / score
        return (coverage, strength, margin * coverage, unknown / total, named, matched)

    def get(self, service_id: str) -> Optional[ServiceDescription]:
        return self._by_id.get(service_id)


def build_index(catalog, handover_level: int = 6) -> SearchIndex:
    """Index the catalog's services (a Catalog or any iterable of descriptions)."""
    return SearchIndex(list(catalog), handover_level=handover_level)


__all__ = ["Hit", "SearchIndex", "SearchResult", "build_index", "fold"]
