"""SMS text: keep to the GSM-7 alphabet and to three segments.

One character outside GSM-7 (a smart quote, an en dash, a no-break space from Babel) makes the
whole message UCS-2, which cuts a segment from 153 to 67 characters. So we replace what has a
plain equivalent and drop what has none.
"""
from __future__ import annotations

GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = set("^{}\\[~]|€")  # each costs two septets
MAX_SMS_CHARS = 459  # three concatenated segments of 153

_REPLACEMENTS = {
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "«": '"', "»": '"', "\u2026": "...", "\u2022": "-", "\t": " ", "ó": "o", "á": "a", "ê": "e",
}


def to_gsm7(text: str) -> str:
    out = []
    for ch in text:
        ch = _REPLACEMENTS.get(ch, ch)
        out.append("".join(c for c in ch if c in GSM7_BASIC or c in GSM7_EXTENDED))
    return "".join(out)


def is_gsm7(text: str) -> bool:
    return all(c in GSM7_BASIC or c in GSM7_EXTENDED for c in text)


def septets(text: str) -> int:
    return sum(2 if c in GSM7_EXTENDED else 1 for c in text)


def fit_sms(text: str, limit: int = MAX_SMS_CHARS) -> str:
    """GSM-7 text of at most `limit` septets, cut at a sentence or word boundary."""
    text = to_gsm7(text).strip()
    if septets(text) <= limit:
        return text
    cut = text[: limit - 3]
    while septets(cut) > limit - 3:
        cut = cut[:-1]
    for boundary in (". ", "\n", " "):
        position = cut.rfind(boundary)
        if position > limit // 2:
            cut = cut[: position + (1 if boundary == ". " else 0)]
            break
    return cut.rstrip() + "..."
