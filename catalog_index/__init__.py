"""The service catalog: description model, loading and validation, CPSV-AP-NO, search index.

Pure Python: imports neither Rasa nor FastAPI, so both the Rasa action server and the app use it.
"""
from .loader import Catalog, load_catalog, validate_catalog
from .model import ASPECTS, ServiceDescription
from .schema import Problem

__all__ = ["ASPECTS", "Catalog", "Problem", "ServiceDescription", "load_catalog", "validate_catalog"]
