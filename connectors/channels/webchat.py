"""The web chat channel (being built: widget, WebSocket, demo page)."""
from fastapi import APIRouter

router = APIRouter()
