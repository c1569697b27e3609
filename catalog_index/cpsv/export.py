"""Our public catalog as a CPSV-AP-NO graph (rdflib), serialized as Turtle or JSON-LD."""
from __future__ import annotations

from typing import Optional

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS as DCT, FOAF, RDF, RDFS, SKOS, XSD

from .. import model as m

from .vocabulary import CPSV, CPSVNO, CV, DCATNO, ELI, VCARD, SCHEMA, SCHEMA_DAYS, LANGUAGE, CURRENCY, COUNTRY, PUBLISHER_TYPE, PREFIXES, FORMATS, Publisher, PUBLISHER, CHANNEL_TYPES, PER_WORDS, DAYS

# --------------------------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------------------------


def export_catalog(catalog, fmt: str = "turtle", publisher: Publisher = PUBLISHER) -> str:
    """Serialize the catalog's public content as CPSV-AP-NO ("turtle" or "json-ld")."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    graph = build_graph(catalog, publisher)
    if fmt == "json-ld":
        context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
        return graph.serialize(format="json-ld", context=context, indent=2)
    return graph.serialize(format="turtle")


def build_graph(catalog, publisher: Publisher = PUBLISHER) -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, replace=True)
    g.bind("sdo", SCHEMA_DAYS, replace=True)
    services = sorted(catalog, key=lambda s: s.id)
    org = _add_organisation(g, publisher)
    cat = URIRef(f"{publisher.base}/tjenester")
    g.add((cat, RDF.type, DCAT.Catalog))
    g.add((cat, DCT.identifier, Literal(str(cat), datatype=XSD.anyURI)))
    _add_text(g, cat, DCT.title, m.Text(f"Tjenester i {publisher.name.nb}", f"Tenester i {publisher.name.get('nn')}"))
    _add_text(g, cat, DCT.description, m.Text(
        f"Tjenestebeskrivelsene til {publisher.name.nb}.", f"Tenesteskildringane til {publisher.name.get('nn')}."))
    g.add((cat, DCT.publisher, org))
    g.add((cat, CV.contactPoint, _add_contact_point(g, cat, m.Contact(
        unit=publisher.name.nb, phone=publisher.phone, email=publisher.email, web=publisher.base))))
    if services:
        g.add((cat, DCT.modified, Literal(max(s.updated for s in services))))
    for lang in ("nb", "nn"):
        g.add((cat, DCT.language, _language(lang)))
    for service in services:
        g.add((cat, DCATNO.containsService, _add_service(g, service, org, publisher)))
    return g


def service_uri(service_id: str, publisher: Publisher = PUBLISHER) -> URIRef:
    return URIRef(f"{publisher.base}/tjenester/{service_id}")


def _language(lang: str) -> URIRef:
    return LANGUAGE["NOB" if lang == "nb" else "NNO"]


def _add_text(g: Graph, subject, predicate, text: Optional[m.Text]) -> None:
    if text is None:
        return
    g.add((subject, predicate, Literal(text.nb.strip(), lang="nb")))
    if text.nn:
        g.add((subject, predicate, Literal(text.nn.strip(), lang="nn")))


def _add_organisation(g: Graph, publisher: Publisher) -> URIRef:
    org = URIRef(f"{publisher.base}/#organisasjon")
    g.add((org, RDF.type, CV.PublicOrganisation))
    g.add((org, DCT.identifier, Literal(str(org), datatype=XSD.anyURI)))
    _add_text(g, org, SKOS.prefLabel, publisher.name)
    g.add((org, DCT.type, PUBLISHER_TYPE[publisher.kind]))
    g.add((org, FOAF.homepage, URIRef(publisher.base + "/")))
    # The shapes want dct:spatial as a dct:Location; a fictional municipality has no
    # Kartverket id, so we say Norway.
    norway = COUNTRY["NOR"]
    g.add((norway, RDF.type, DCT.Location))
    g.add((org, DCT.spatial, norway))
    return org


def _add_service(g: Graph, s: m.ServiceDescription, org: URIRef, publisher: Publisher) -> URIRef:
    uri = service_uri(s.id, publisher)
    g.add((uri, RDF.type, CPSV.PublicService))
    g.add((uri, DCT.identifier, Literal(str(uri), datatype=XSD.anyURI)))
    _add_text(g, uri, DCT.title, s.title)
    _add_text(g, uri, DCT.description, s.description)
    g.add((uri, DCT.modified, Literal(s.updated)))
    g.add((uri, CV.hasCompetentAuthority, org))
    g.add((uri, DCT.spatial, COUNTRY["NOR"]))
    g.add((uri, DCT.language, _language("nb")))
    if s.has_nynorsk():
        g.add((uri, DCT.language, _language("nn")))
    if s.contact.web:
        g.add((uri, FOAF.homepage, URIRef(s.contact.web)))
    g.add((uri, CV.contactPoint, _add_contact_point(g, uri, s.contact)))
    if s.target_group:
        audience = URIRef(f"{uri}#malgruppe")
        g.add((audience, RDF.type, SKOS.Concept))
        _add_text(g, audience, SKOS.prefLabel, s.target_group)
        g.add((uri, DCT.audience, audience))
    if s.eligibility:
        g.add((uri, CV.holdsRequirement, _add_requirement(g, uri, s.eligibility)))
    if s.attachments:
        evidence = URIRef(f"{uri}#vedlegg")
        g.add((evidence, RDF.type, CPSVNO.RequiredEvidence))
        _add_text(g, evidence, DCT.title, m.Text("Vedlegg til søknaden", "Vedlegg til søknaden"))
        _add_text(g, evidence, DCT.description, s.attachments)
        g.add((uri, CPSVNO.hasRequiredEvidence, evidence))
    if s.processing_time and s.processing_time.duration:
        g.add((uri, CV.processingTime, Literal(xsd_duration(s.processing_time.duration), datatype=XSD.duration)))
    for n, channel in enumerate(s.how_to_apply.channels if s.how_to_apply else (), 1):
        g.add((uri, CV.hasChannel, _add_channel(g, uri, n, channel)))
    for node in _add_costs(g, uri, s.price):
        g.add((uri, CV.hasCost, node))
    for n, link in enumerate(s.legal_basis, 1):
        g.add((uri, CV.hasLegalResource, _add_legal_resource(g, uri, n, link)))
    for related in s.related:
        g.add((uri, CV.relatedService, service_uri(related, publisher)))
    return uri


def xsd_duration(duration: m.Duration) -> str:
    """xsd:duration has no weeks: P8W becomes P56D."""
    date = "".join(f"{v}{u}" for v, u in (
        (duration.years, "Y"), (duration.months, "M"), (duration.weeks * 7 + duration.days, "D")) if v)
    time = f"T{duration.hours}H" if duration.hours else ""
    return "P" + (date + time or "0D")


def _add_contact_point(g: Graph, owner: URIRef, contact: m.Contact) -> URIRef:
    node = URIRef(f"{owner}#kontaktpunkt")
    g.add((node, RDF.type, CV.ContactPoint))
    g.add((node, VCARD["organization-unit"], Literal(contact.unit)))
    if contact.email:
        g.add((node, CV.email, Literal(contact.email)))
    if contact.phone:
        g.add((node, CV.telephone, Literal(contact.phone)))
    if contact.web:
        g.add((node, CV.contactPage, URIRef(contact.web)))
    if contact.visiting_address:
        g.add((node, VCARD.hasAddress, _add_address(g, contact.visiting_address)))
    if contact.postal_address:
        g.add((node, VCARD.hasAddress, _add_address(g, contact.postal_address, postal=True)))
    hours = contact.opening_hours
    if hours:
        # Not cv:openingHours: in the v1.1 shapes every time:TemporalEntity must carry a
        # time:inDateTime, which weekly hours do not have. schema.org is what the examples use.
        _add_text(g, node, SCHEMA.openingHours, hours.text)
        for slot in hours.hours:
            spec = BNode()
            g.add((spec, RDF.type, SCHEMA.OpeningHoursSpecification))
            for day in slot.days:
                g.add((spec, SCHEMA.dayOfWeek, SCHEMA_DAYS[DAYS[day]]))
            g.add((spec, SCHEMA.opens, Literal(slot.opens.strftime("%H:%M:%S"), datatype=XSD.time)))
            g.add((spec, SCHEMA.closes, Literal(slot.closes.strftime("%H:%M:%S"), datatype=XSD.time)))
            g.add((node, SCHEMA.hoursAvailable, spec))
    return node


def _add_address(g: Graph, text: str, postal: bool = False) -> BNode:
    node = BNode()
    g.add((node, RDF.type, VCARD.Address))
    if postal:
        g.add((node, RDF.type, VCARD.Postal))
    g.add((node, VCARD["street-address"], Literal(text)))
    return node


def _add_requirement(g: Graph, service: URIRef, eligibility: m.Text) -> URIRef:
    node = URIRef(f"{service}#vilkar")
    g.add((node, RDF.type, CV.Requirement))
    g.add((node, DCT.identifier, Literal(str(node), datatype=XSD.anyURI)))
    _add_text(g, node, DCT.title, m.Text("Vilkår", "Vilkår"))
    _add_text(g, node, DCT.description, eligibility)
    return node


def _add_channel(g: Graph, service: URIRef, n: int, channel: m.Channel) -> URIRef:
    node = URIRef(f"{service}#kanal-{n}")
    g.add((node, RDF.type, CV.Channel))
    g.add((node, DCT.identifier, Literal(str(node), datatype=XSD.anyURI)))
    if CHANNEL_TYPES[channel.type] is not None:
        g.add((node, DCT.type, CHANNEL_TYPES[channel.type]))
    _add_text(g, node, DCT.description, channel.text)
    if channel.url:
        g.add((node, VCARD.hasURL, URIRef(channel.url)))
    if channel.phone:
        g.add((node, VCARD.hasTelephone, Literal(channel.phone)))
    if channel.address:
        if channel.type == "email":
            g.add((node, VCARD.hasEmail, URIRef("mailto:" + channel.address)))
        else:
            g.add((node, VCARD.hasAddress, _add_address(g, channel.address, postal=channel.type == "post")))
    return node


def _add_costs(g: Graph, service: URIRef, price: Optional[m.Price]) -> list[URIRef]:
    if price is None:
        return []
    nodes = []
    if price.text:
        node = URIRef(f"{service}#pris")
        g.add((node, RDF.type, CV.Cost))
        g.add((node, DCT.identifier, Literal(str(node), datatype=XSD.anyURI)))
        _add_text(g, node, DCT.description, price.text)
        nodes.append(node)
    for n, amount in enumerate(price.amounts, 1):
        node = URIRef(f"{service}#gebyr-{n}")
        g.add((node, RDF.type, CV.Cost))
        g.add((node, DCT.identifier, Literal(str(node), datatype=XSD.anyURI)))
        g.add((node, CV.hasValue, Literal(float(amount.nok), datatype=XSD.double)))
        g.add((node, CV.currency, CURRENCY["NOK"]))
        _add_text(g, node, DCT.description, _label_with_per(amount))
        nodes.append(node)
    return nodes


def _label_with_per(amount: m.Amount) -> m.Text:
    if not amount.per:
        return amount.label
    nb_word, nn_word = PER_WORDS[amount.per]
    return m.Text(f"{amount.label.nb}, {nb_word}", f"{amount.label.nn}, {nn_word}" if amount.label.nn else None)


def _add_legal_resource(g: Graph, service: URIRef, n: int, link: m.Link) -> URIRef:
    # One node per service and citation, pointing at Lovdata: services cite the same law under
    # different titles ("Barnehageloven § 19"), and a shared node would carry all of them.
    node = URIRef(f"{service}#regelverk-{n}")
    g.add((node, RDF.type, ELI.LegalResource))
    g.add((node, DCT.identifier, Literal(str(node), datatype=XSD.anyURI)))
    _add_text(g, node, DCT.title, link.title)
    g.add((node, RDFS.seeAlso, URIRef(link.url)))
    return node
