"""Turning Norwegian text, as citizens write it, into comparable terms.

One pipeline for catalog text and questions alike, so that both sides meet:
  lower-case -> fold æøå and their ASCII spellings -> tokens -> nynorsk/synonym map -> Snowball stem.
Folding makes "søknad", "soeknad" and "soknad" the same term; the map makes "skule" and "skole"
the same; the stemmer makes "søknader" and "søknaden" the same.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

from .lexicon import PHRASES, STOPWORDS, SYNONYMS

_TOKEN_RE = re.compile(r"[a-z0-9]+")
# Order matters: the letters first, then their two-letter ASCII spellings.
_FOLDS = (("æ", "e"), ("ø", "o"), ("å", "a"), ("ä", "e"), ("ö", "o"), ("é", "e"), ("è", "e"), ("ü", "u"))
_ASCII_FOLDS = (("aa", "a"), ("ae", "e"), ("oe", "o"))

_stemmer = snowballstemmer.stemmer("norwegian")


def fold(text: str) -> str:
    """Lower-case and fold æøå (and ae/oe/aa) so that every spelling of a word is one string."""
    text = unicodedata.normalize("NFKC", text).lower()
    for letter, plain in _FOLDS:
        text = text.replace(letter, plain)
    for pair, plain in _ASCII_FOLDS:
        text = text.replace(pair, plain)
    return text


def tokens(text: str) -> list[str]:
    """Folded word tokens; hyphenated words also count as their joined form (hc-kort -> hckort).
    An English phrase naming a service becomes the catalog's word for it (lexicon.PHRASES)."""
    folded = _english_phrases(fold(text))
    result = _TOKEN_RE.findall(folded)
    for joined in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", folded):
        result.append(joined.replace("-", ""))
    return result


@lru_cache(maxsize=1)
def _phrase_pattern() -> tuple[re.Pattern, dict[str, str]]:
    table = {" ".join(fold(key).split()): fold(value) for key, value in PHRASES.items()}
    alternatives = sorted(table, key=len, reverse=True)  # the longest phrase wins
    words = "|".join(r"[\s-]+".join(map(re.escape, key.split())) for key in alternatives)
    return re.compile(rf"(?<![a-z0-9])(?:{words})(?![a-z0-9])"), table


def _english_phrases(folded: str) -> str:
    pattern, table = _phrase_pattern()
    return pattern.sub(lambda m: " " + table[" ".join(re.split(r"[\s-]+", m.group(0)))] + " ", folded)


@lru_cache(maxsize=50_000)
def stem(token: str) -> str:
    return _stemmer.stemWord(token)


def canonical_terms(token: str) -> tuple[str, ...]:
    """The stemmed terms a folded token stands for: its synonyms' terms, or its own stem."""
    mapped = SYNONYMS.get(token)
    if mapped is None:
        mapped = SYNONYMS.get(stem(token))
    if mapped is not None:
        return tuple(stem(fold(t)) for t in mapped.split())
    return (stem(token),)


def terms(text: str, keep_stopwords: bool = False) -> list[str]:
    """Stemmed content terms of a text, in order (stop words dropped unless asked for)."""
    out: list[str] = []
    for token in tokens(text):
        if not keep_stopwords and token in STOPWORDS:
            continue
        for term in canonical_terms(token):
            if keep_stopwords or term not in STOPWORDS:
                out.append(term)
    return out
