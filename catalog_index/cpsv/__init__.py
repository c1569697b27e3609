"""The public catalog as CPSV-AP-NO v1.1 (Turtle or JSON-LD), and CPSV-AP-NO back into description files.

Export: one dcat:Catalog published by the municipality (a cv:PublicOrganisation), containing one
cpsv:PublicService per description. Only public fields leave: nothing in model.INTERNAL_FIELDS is
ever read here. The graph is checked against the official SHACL shapes in the tests
(tests/test_cpsv.py); see EXPORT_MAP below for where each field goes, and NOT_EXPORTED for the
public fields that have no place in CPSV-AP-NO.

Import: every cpsv:PublicService or cpsvno:Service in a Turtle or JSON-LD file becomes one
description file. What cannot be mapped is reported ("not mapped: ..."), required internal fields
get placeholders that are reported too, and each file is validated with loader.parse_file before
it is written. Existing files are never overwritten unless asked to (force=True).

Everything is built with rdflib; no RDF is written by hand.
"""
from .export import build_graph, export_catalog, service_uri
from .importer import ImportError_, ImportResult, import_file, parse_rdf, slugify
from .vocabulary import EXPORT_MAP, NOT_EXPORTED, PUBLISHER

__all__ = [
    "EXPORT_MAP", "NOT_EXPORTED", "PUBLISHER", "ImportError_", "ImportResult",
    "build_graph", "export_catalog", "import_file", "parse_rdf", "service_uri", "slugify",
]
