"""Answers to citizens, written from a service description.

Every answer names the description it came from, when that was last updated and where to read
all of it. Dates, amounts and durations go through Babel (nb_NO, nn_NO). Nynorsk is used when
the citizen wrote nynorsk and the description has nynorsk text; otherwise bokmål. An English
question gets a short English pointer and the bokmål facts. SMS answers keep to GSM-7 and three
segments.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from babel.dates import format_date
from babel.numbers import format_decimal
from babel.units import format_unit

from .gsm import MAX_SMS_CHARS, fit_sms, septets, to_gsm7
from .model import Amount, ServiceDescription, Text

LOCALES = {"nb": "nb_NO", "nn": "nn_NO"}

# Citizen-facing words: the same in bokmål and nynorsk, then each standard's own.
_SHARED = {
    "phone_suffix": " på telefon {phone}",
    "free": "gratis",
    "apply_online": "Søk på nett: {url}",
    "apply_email": "E-post: {address}",
    "apply_phone": "Telefon: {phone}",
    "apply_in_person": "Oppmøte: {address}",
    "apply_post": "Post: {address}",
    "phone": "Telefon: {phone}",
    "email": "E-post: {email}",
    "visit": "Besøksadresse: {address}",
    "or": "eller",
}
WORDS = {
    "nb": {
        **_SHARED,
        "source": "Kilde",
        "updated": "sist oppdatert",
        "read_more": "Les mer",
        "missing": "Beskrivelsen av {title} sier ikke noe om {what}. Spør {unit}{phone}.",
        "per": {"once": "", "hour": "per time", "day": "per dag", "week": "per uke", "month": "per måned",
                "year": "per år", "visit": "per besøk", "unit": "per stykk"},
        "processing_time": "Vanlig behandlingstid er {duration}.",
        "offer": "Jeg kan fortelle mer om {aspects}.",
        "aspects": {
            "description": "hva tjenesten er", "eligibility": "hvem som kan få den", "deadline": "frister",
            "how_to_apply": "hvordan du søker", "attachments": "vedlegg", "processing_time": "behandlingstid",
            "appeal": "klage", "price": "pris", "contact": "kontaktinformasjon", "opening_hours": "åpningstider",
        },
    },
    "nn": {
        **_SHARED,
        "source": "Kjelde",
        "updated": "sist oppdatert",
        "read_more": "Les meir",
        "missing": "Skildringa av {title} seier ikkje noko om {what}. Spør {unit}{phone}.",
        "per": {"once": "", "hour": "per time", "day": "per dag", "week": "per veke", "month": "per månad",
                "year": "per år", "visit": "per besøk", "unit": "per stykk"},
        "processing_time": "Vanleg sakshandsamingstid er {duration}.",
        "offer": "Eg kan fortelje meir om {aspects}.",
        "aspects": {
            "description": "kva tenesta er", "eligibility": "kven som kan få ho", "deadline": "fristar",
            "how_to_apply": "korleis du søkjer", "attachments": "vedlegg", "processing_time": "sakshandsamingstid",
            "appeal": "klage", "price": "pris", "contact": "kontaktinformasjon", "opening_hours": "opningstider",
        },
    },
}
ENGLISH_POINTER = "Here is what the municipality's description of \"{title}\" says (in Norwegian):"
DURATION_UNITS = (("years", "duration-year"), ("months", "duration-month"), ("weeks", "duration-week"),
                  ("days", "duration-day"), ("hours", "duration-hour"))


@dataclass(frozen=True)
class Answer:
    text: str
    service_id: str
    aspect: str
    language: str  # the written standard of the facts: nb or nn
    answered: bool  # False when the description lacks the asked field


def answer_language(asked_in: str, service: ServiceDescription) -> str:
    return "nn" if asked_in == "nn" and service.has_nynorsk() else "nb"


def format_money(amount: Decimal, lang: str) -> str:
    return format_decimal(amount, format="#,##0.##", locale=LOCALES[lang]) + " kr"


def format_duration(service: ServiceDescription, lang: str) -> Optional[str]:
    duration = service.processing_time.duration if service.processing_time else None
    if duration is None:
        return None
    parts = [
        format_unit(getattr(duration, attr), unit, length="long", locale=LOCALES[lang])
        for attr, unit in DURATION_UNITS
        if getattr(duration, attr)
    ]
    return f" {WORDS[lang]['or']} ".join(parts) if len(parts) <= 1 else ", ".join(parts)


def format_updated(day: dt.date, lang: str) -> str:
    return format_date(day, format="d. MMMM y", locale=LOCALES[lang])


def _amount_line(amount: Amount, lang: str) -> str:
    words = WORDS[lang]
    value = words["free"] if amount.nok == 0 else format_money(amount.nok, lang)
    per = words["per"].get(amount.per or "once", "")
    return f"- {amount.label.get(lang)}: {value}" + (f" {per}" if per and amount.nok else "")


def _text(value: Optional[Text], lang: str) -> Optional[str]:
    return value.get(lang) if value else None


def aspect_body(service: ServiceDescription, aspect: str, lang: str, office: Optional[ServiceDescription] = None) -> Optional[str]:
    """The facts that answer `aspect`, or None when the description does not have them."""
    words = WORDS[lang]
    contact = service.contact
    if aspect == "description":
        return _text(service.description, lang)
    if aspect == "eligibility":
        return _text(service.eligibility, lang) or _text(service.target_group, lang)
    if aspect == "deadline":
        return _text(service.deadline, lang)
    if aspect == "attachments":
        return _text(service.attachments, lang)
    if aspect == "appeal":
        return _text(service.appeal, lang)
    if aspect == "processing_time":
        lines = [_text(service.processing_time.text, lang)] if service.processing_time else []
        duration = format_duration(service, lang)
        if duration and not any(lines):
            lines = [words["processing_time"].format(duration=duration)]
        return " ".join(line for line in lines if line) or None
    if aspect == "price":
        if not service.price:
            return None
        lines = [_text(service.price.text, lang)] + [_amount_line(a, lang) for a in service.price.amounts]
        return "\n".join(line for line in lines if line) or None
    if aspect == "how_to_apply":
        apply = service.how_to_apply
        if not apply:
            return None
        lines = [_text(apply.text, lang)]
        for channel in apply.channels:
            template = words[f"apply_{channel.type}"]
            lines.append("- " + template.format(url=channel.url, address=channel.address, phone=channel.phone))
        return "\n".join(line for line in lines if line) or None
    if aspect == "contact":
        lines = [contact.unit]
        if contact.phone:
            lines.append(words["phone"].format(phone=contact.phone))
        if contact.email:
            lines.append(words["email"].format(email=contact.email))
        if contact.visiting_address:
            lines.append(words["visit"].format(address=contact.visiting_address))
        return "\n".join(lines)
    if aspect == "opening_hours":
        hours = contact.opening_hours or (office.contact.opening_hours if office else None)
        return _text(hours.text, lang) if hours else None
    raise ValueError(f"unknown aspect {aspect!r}")


def _missing(service: ServiceDescription, aspect: str, lang: str) -> str:
    words = WORDS[lang]
    phone = words["phone_suffix"].format(phone=service.contact.phone) if service.contact.phone else ""
    return words["missing"].format(
        title=service.title.get(lang), what=words["aspects"][aspect], unit=service.contact.unit, phone=phone
    )


def source_line(service: ServiceDescription, lang: str) -> str:
    words = WORDS[lang]
    line = f"{words['source']}: «{service.title.get(lang)}», {words['updated']} {format_updated(service.updated, lang)}."
    if service.url:
        line += f" {words['read_more']}: {service.url}"
    return line


def offer_line(service: ServiceDescription, lang: str) -> str:
    """After a summary: which aspects the citizen can ask about next."""
    words = WORDS[lang]
    offered = [words["aspects"][a] for a in ("price", "how_to_apply", "deadline", "processing_time", "contact")
               if aspect_body(service, a, lang) is not None]
    if not offered:
        return ""
    listed = ", ".join(offered[:-1]) + f" {words['or']} " + offered[-1] if len(offered) > 1 else offered[0]
    return words["offer"].format(aspects=listed)


def compose(
    service: ServiceDescription,
    aspect: str,
    asked_in: str = "nb",
    channel: str = "web",
    office: Optional[ServiceDescription] = None,
    summary: bool = False,
) -> Answer:
    """The reply text for `aspect` of `service`, in the citizen's standard and channel."""
    lang = answer_language(asked_in, service)
    body = aspect_body(service, aspect, lang, office)
    answered = body is not None
    if body is None:
        body = _missing(service, aspect, lang)
    if summary:
        offer = offer_line(service, lang)
        body = f"{body}\n{offer}" if offer else body
    heading = service.title.get(lang)
    if asked_in == "en":
        heading = ENGLISH_POINTER.format(title=service.title.nb)
    footer = source_line(service, lang)
    if channel == "sms":
        text = _fit_sms(heading, body, footer)
    else:
        text = f"{heading}\n{body}\n\n{footer}"
    return Answer(text=text, service_id=service.id, aspect=aspect, language=lang, answered=answered)


def _fit_sms(heading: str, body: str, footer: str) -> str:
    """Heading and footer always fit; the body is cut to what is left of three segments."""
    heading, footer = to_gsm7(heading), to_gsm7(footer)
    room = MAX_SMS_CHARS - septets(heading) - septets(footer) - 2
    if room < 40:  # a very long URL: drop the link, keep the name and date
        footer = fit_sms(footer.split(" Les ")[0], MAX_SMS_CHARS // 3)
        room = MAX_SMS_CHARS - septets(heading) - septets(footer) - 2
    return f"{heading}\n{fit_sms(body, room)}\n{footer}"
