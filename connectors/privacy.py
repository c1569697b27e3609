"""Masking personal data in citizen text before it is stored, logged or shown outside the live
conversation: fødselsnummer and D-numbers, bank account numbers, phone numbers, e-mail addresses.

An 11-digit number is masked only when its check digits are valid (mod 11): a fødselsnummer
has two, an account number one. Numbers that merely look like one stay as written.
"""
from __future__ import annotations

import re

FNR_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
FNR_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
ACCOUNT_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)

MASKS = {
    "national_id": "[fødselsnummer]",
    "account": "[kontonummer]",
    "phone": "[telefonnummer]",
    "email": "[e-post]",
}

# 11 digits, written together or grouped (123456 78901, 1234.56.78901, 1234 56 78901).
_ELEVEN = re.compile(r"(?<![\d.])(\d{6}[ ]?\d{5}|\d{4}[. ]\d{2}[. ]\d{5})(?![\d])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Norwegian phone numbers: 8 digits (optionally grouped), optionally +47 / 0047 in front.
_PHONE = re.compile(r"(?<![\d+])(?:(?:\+|00)47[ ]?)?(?:\d{3}[ ]?\d{2}[ ]?\d{3}|\d{2}[ ]?\d{2}[ ]?\d{2}[ ]?\d{2}|\d{8})(?![\d])")


def _control(digits: str, weights: tuple[int, ...]) -> int | None:
    remainder = sum(int(d) * w for d, w in zip(digits, weights)) % 11
    control = 0 if remainder == 0 else 11 - remainder
    return None if control == 10 else control


def is_national_id(digits: str) -> bool:
    """Fødselsnummer or D-number: 11 digits whose two check digits are right (mod 11)."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    k1 = _control(digits[:9], FNR_WEIGHTS_1)
    k2 = _control(digits[:10], FNR_WEIGHTS_2)
    return k1 is not None and k2 is not None and k1 == int(digits[9]) and k2 == int(digits[10])


def is_account_number(digits: str) -> bool:
    """Norwegian bank account: 11 digits whose last digit is the mod-11 check digit."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    control = _control(digits[:10], ACCOUNT_WEIGHTS)
    return control is not None and control == int(digits[10])


def _mask_eleven(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    if is_national_id(digits):
        return MASKS["national_id"]
    if is_account_number(digits):
        return MASKS["account"]
    return match.group(0)


def mask_text(text: str) -> str:
    """The text with personal data replaced by labels such as [fødselsnummer]."""
    text = _EMAIL.sub(MASKS["email"], text)
    text = _ELEVEN.sub(_mask_eleven, text)
    return _PHONE.sub(MASKS["phone"], text)


def contains_national_id(text: str) -> bool:
    return MASKS["national_id"] in mask_text(text)
