"""The service office's opening hours (from the `servicetorget` description) and the system
messages the app itself says to citizens, in bokmål, nynorsk or English."""
from __future__ import annotations

import datetime as dt
from typing import Optional
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from catalog_index.model import OpeningHours, ServiceDescription

OFFICE_ID = "servicetorget"
LOCALES = {"nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}

NOTICES = {
    "handover_open": {
        "nb": "En ansatt på servicetorget tar over samtalen så snart noen er ledig.",
        "nn": "Ein tilsett på servicetorget tek over samtalen så snart nokon er ledig.",
        "en": "A member of staff at the service office will take over as soon as someone is free.",
    },
    "handover_closed": {
        "nb": "Servicetorget er stengt nå. Vi er tilbake {when}. Skriv gjerne hva saken gjelder, eller legg igjen et telefonnummer, så tar vi kontakt.",
        "nn": "Servicetorget er stengt no. Vi er tilbake {when}. Skriv gjerne kva saka gjeld, eller legg att eit telefonnummer, så tek vi kontakt.",
        "en": "The service office is closed now. We are back {when}. Tell us what it is about, or leave a phone number, and we will get in touch.",
    },
    "staff_joined": {
        "nb": "{name} fra servicetorget er med i samtalen.",
        "nn": "{name} frå servicetorget er med i samtalen.",
        "en": "{name} from the service office has joined the conversation.",
    },
    "handed_back": {
        "nb": "Du snakker nå med den digitale assistenten igjen.",
        "nn": "Du snakkar no med den digitale assistenten igjen.",
        "en": "You are now talking to the digital assistant again.",
    },
    "resolved": {
        "nb": "Samtalen er avsluttet. Skriv igjen når som helst.",
        "nn": "Samtalen er avslutta. Skriv igjen når som helst.",
        "en": "The conversation has ended. Write again any time.",
    },
    "bot_unavailable": {
        "nb": "Assistenten er ikke tilgjengelig akkurat nå. Meldingen din er tatt vare på, og en ansatt svarer deg.",
        "nn": "Assistenten er ikkje tilgjengeleg akkurat no. Meldinga di er teken vare på, og ein tilsett svarar deg.",
        "en": "The assistant is not available right now. Your message is kept, and a member of staff will answer.",
    },
}


def notice(key: str, lang: str, **values) -> str:
    table = NOTICES[key]
    return table.get(lang, table["nb"]).format(**values)


class OfficeHours:
    def __init__(self, office: Optional[ServiceDescription], timezone: str = "Europe/Oslo"):
        self.hours: Optional[OpeningHours] = office.contact.opening_hours if office else None
        self.zone = ZoneInfo(timezone)
        self.zone_name = timezone

    def now(self) -> dt.datetime:
        return dt.datetime.now(self.zone)

    def is_open(self, at: Optional[dt.datetime] = None) -> bool:
        if self.hours is None or not self.hours.hours:
            return True  # no hours known: never claim to be closed
        return self.hours.is_open((at or self.now()).astimezone(self.zone))

    def back_at(self, at: Optional[dt.datetime] = None, lang: str = "nb") -> str:
        """When staff are back, written for a citizen ("mandag 08:00")."""
        if self.hours is None:
            return ""
        opening = self.hours.next_opening((at or self.now()).astimezone(self.zone))
        if opening is None:
            return ""
        return format_datetime(opening, "EEEE 'kl.' HH:mm" if lang != "en" else "EEEE 'at' HH:mm",
                               locale=LOCALES.get(lang, "nb_NO"))
