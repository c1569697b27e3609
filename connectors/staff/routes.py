"""The staff inbox at /staff (being built)."""
from fastapi import APIRouter

router = APIRouter()
