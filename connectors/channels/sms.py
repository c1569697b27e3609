"""The SMS channel through Twilio (being built)."""
from fastapi import APIRouter, FastAPI

router = APIRouter()


def install(app: FastAPI) -> None:
    """Registers the SMS deliverer with the conversation service."""
