"""Is a word an ordinary word of the language? Spell-correct only words that are not.

"bankkortet" and "personnummer" are real Norwegian words the catalog lacks: they mean the
question is about something else, so they must not be "corrected" into a catalog word or split
into catalog parts at full strength. "barnhage" is no word at all: a typo worth correcting.
Word frequencies come from the wordfreq package (its data ships inside the package).
"""
from __future__ import annotations

import re
import unicodedata

from wordfreq import zipf_frequency

from .normalize import fold

# Zipf 2.5: about three occurrences per hundred million words.
NORWEGIAN_ZIPF = 2.5
ENGLISH_ZIPF = 3.0
_WORD = re.compile(r"\w+")


def common_words(text: str) -> set[str]:
    """The folded forms of the words in `text` that are ordinary Norwegian (or English) words."""
    lowered = unicodedata.normalize("NFKC", text).lower()
    found = set()
    for word in _WORD.findall(lowered):
        if len(word) < 3 or word.isdigit():
            continue
        if zipf_frequency(word, "nb") >= NORWEGIAN_ZIPF or zipf_frequency(word, "en") >= ENGLISH_ZIPF:
            found.add(fold(word))
    return found


def warm_up() -> None:
    """Load the word lists now (at index build), not during the first query."""
    zipf_frequency("barnehage", "nb")
    zipf_frequency("kindergarten", "en")
