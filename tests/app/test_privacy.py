"""Masking: valid check digits are masked, look-alikes stay; phones and e-mails are masked."""
from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from connectors.models import Message
from connectors.privacy import is_account_number, is_national_id, mask_text


def make_national_id(birth: str, individual: str) -> str:
    """A fødselsnummer with correct check digits, computed here independently of the module."""
    digits = [int(c) for c in birth + individual]
    k1 = 11 - sum(d * w for d, w in zip(digits, (3, 7, 6, 1, 8, 9, 4, 5, 2))) % 11
    k1 = 0 if k1 == 11 else k1
    digits.append(k1)
    k2 = 11 - sum(d * w for d, w in zip(digits, (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))) % 11
    k2 = 0 if k2 == 11 else k2
    assert k1 != 10 and k2 != 10, "pick another individual number"
    return birth + individual + f"{k1}{k2}"


VALID_FNR = make_national_id("010190", "124")
VALID_D_NUMBER = make_national_id("410190", "124")  # day + 40


def test_valid_fodselsnummer_and_d_number_are_masked():
    assert is_national_id(VALID_FNR) and is_national_id(VALID_D_NUMBER)
    assert mask_text(f"fnr {VALID_FNR} takk") == "fnr [fødselsnummer] takk"
    assert mask_text(f"{VALID_D_NUMBER[:6]} {VALID_D_NUMBER[6:]}") == "[fødselsnummer]"


def test_wrong_check_digits_stay_as_written():
    wrong = VALID_FNR[:10] + str((int(VALID_FNR[10]) + 1) % 10)
    assert not is_national_id(wrong)
    if not is_account_number(wrong):
        assert mask_text(f"ordrenummer {wrong}") == f"ordrenummer {wrong}"


def test_account_numbers_with_valid_check_digit_are_masked():
    account = "12345678903"  # 1234.56.78903: check digit 3 is right
    assert is_account_number(account)
    assert mask_text("kontonr 1234.56.78903") == "kontonr [kontonummer]"
    assert not is_account_number("12345678904")


@pytest.mark.parametrize("text", ["ring meg på 912 34 567", "ring +47 91234567", "tlf 91 23 45 67"])
def test_phone_numbers_are_masked(text):
    assert "[telefonnummer]" in mask_text(text)
    assert not any(ch.isdigit() for ch in mask_text(text).replace("47", ""))


def test_email_addresses_are_masked():
    assert mask_text("skriv til ola.nordmann@example.no") == "skriv til [e-post]"


def test_ordinary_numbers_stay():
    assert mask_text("hvor mye koster 2 timer i uka for 3 barn i 2026") == "hvor mye koster 2 timer i uka for 3 barn i 2026"


def test_the_store_keeps_only_the_masked_text(app, service):
    received = asyncio.run(service.receive("web", "w1", f"mitt fnr er {VALID_FNR}, ring 912 34 567"))
    with app.state.db.sessions() as session:
        stored = session.scalars(select(Message.text).where(Message.conversation_id == received.conversation_id)).all()
    assert all(VALID_FNR not in text and "912 34 567" not in text for text in stored)
    assert "[fødselsnummer]" in stored[0] and "[telefonnummer]" in stored[0]
