"""CPSV-AP-NO v1.1 vocabulary: namespaces, the publisher, and where each of our fields goes."""
from __future__ import annotations

from dataclasses import dataclass

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS as DCT, FOAF, RDFS, SKOS, XSD

from .. import model as m


CPSV = Namespace("http://purl.org/vocab/cpsv#")
CPSVNO = Namespace("https://data.norge.no/vocabulary/cpsvno#")
CV = Namespace("http://data.europa.eu/m8g/")
DCATNO = Namespace("https://data.norge.no/vocabulary/dcatno#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
# The official examples use http://schema.org/ for properties and https://schema.org/ for days.
SCHEMA = Namespace("http://schema.org/")
SCHEMA_DAYS = Namespace("https://schema.org/")
LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
CURRENCY = Namespace("http://publications.europa.eu/resource/authority/currency/")
COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")
PUBLISHER_TYPE = Namespace("http://purl.org/adms/publishertype/")
CHANNEL_TYPE = Namespace("https://data.norge.no/vocabulary/service-channel-type#")

PREFIXES = {
    "cpsv": CPSV, "cpsvno": CPSVNO, "cv": CV, "dcat": DCAT, "dcatno": DCATNO, "dct": DCT,
    "eli": ELI, "foaf": FOAF, "rdfs": RDFS, "schema": SCHEMA, "skos": SKOS, "vcard": VCARD, "xsd": XSD,
}

FORMATS = {"turtle": "turtle", "json-ld": "json-ld"}


@dataclass(frozen=True)
class Publisher:
    """The municipality that publishes the catalog. Fjordvik is fictional, so are these values."""

    name: m.Text
    base: str  # service URIs are <base>/tjenester/<id>
    email: str
    phone: str
    kind: str = "LocalAuthority"  # http://purl.org/adms/publishertype/


PUBLISHER = Publisher(
    name=m.Text("Fjordvik kommune", "Fjordvik kommune"),
    base="https://www.fjordvik.kommune.no",
    email="postmottak@fjordvik.kommune.no",
    phone="+47 57 70 00 00",
)

# Where each public field goes in the export (and where the import reads it back from).
EXPORT_MAP = {
    "id": "dct:identifier (the service URI <base>/tjenester/<id>)",
    "title": "dct:title @nb @nn",
    "description": "dct:description @nb @nn",
    "updated": "dct:modified",
    "target_group": "dct:audience -> skos:Concept skos:prefLabel",
    "eligibility": "cv:holdsRequirement -> cv:Requirement dct:description",
    "related": "cv:relatedService",
    "legal_basis": "cv:hasLegalResource -> eli:LegalResource per citation (dct:title, rdfs:seeAlso = the Lovdata URL); "
    "on import also cpsv:follows -> cpsv:Rule cpsv:implements -> eli:LegalResource",
    "how_to_apply.channels": "cv:hasChannel -> cv:Channel (dct:type, vcard:hasURL/hasEmail/hasTelephone/hasAddress)",
    "attachments": "cpsvno:hasRequiredEvidence -> cpsvno:RequiredEvidence dct:description",
    "processing_time.duration": "cv:processingTime xsd:duration (weeks written as days)",
    "price.amounts": "cv:hasCost -> cv:Cost (cv:hasValue xsd:double, cv:currency NOK, dct:description)",
    "price.text": "cv:hasCost -> cv:Cost with only dct:description",
    "contact": "cv:contactPoint -> cv:ContactPoint (cv:email, cv:telephone, cv:contactPage, "
    "vcard:organization-unit, vcard:hasAddress, schema:openingHours, schema:hoursAvailable)",
    "contact.web": "also foaf:homepage",
}
# Public fields CPSV-AP-NO v1.1 has no property for; they stay on our own pages.
NOT_EXPORTED = (
    "deadline", "expectation", "documents", "guidance", "how_to_apply.text", "processing",
    "processing_time.text", "appeal", "notes",
)

CHANNEL_TYPES = {
    "online": CHANNEL_TYPE["online-service"],
    "email": CHANNEL_TYPE["e-mail"],
    "phone": CHANNEL_TYPE["telephone"],
    "in_person": CHANNEL_TYPE["service-bureau"],
    # No code for letters in the vocabulary: a post channel has no dct:type, and its address is
    # typed vcard:Postal so the import can tell it apart.
    "post": None,
}
CHANNEL_TYPE_NAMES = {uri: name for name, uri in CHANNEL_TYPES.items() if uri is not None}

# An amount's "per" travels in the cost description ("Heltidsplass, per måned").
PER_WORDS = {
    "once": ("engangsbeløp", "eingongsbeløp"),
    "hour": ("per time", "per time"),
    "day": ("per dag", "per dag"),
    "week": ("per uke", "per veke"),
    "month": ("per måned", "per månad"),
    "year": ("per år", "per år"),
    "visit": ("per besøk", "per besøk"),
    "unit": ("per enhet", "per eining"),
}

DAYS = {
    "mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday",
    "fri": "Friday", "sat": "Saturday", "sun": "Sunday",
}
