"""The FastAPI app: one router per area (web chat, SMS, staff inbox), shared state on app.state.

    uvicorn connectors.app:app        (or `servicetorg serve`, which `make run` calls)
"""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from typing import Optional

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from catalog_index import load_catalog

from .config import AppConfig
from .conversations import ConversationService
from .db import Database
from .office import OFFICE_ID, OfficeHours
from .rasa_client import RasaClient
from .realtime import EventHub
from .records import Clusterer, QuestionRecorder, naming_terms_from
from .paths import STATIC_DIR

log = logging.getLogger("servicetorg.app")


def report_descriptions_due(catalog, timezone: str) -> None:
    """The stale-description hook, once at start (and by `servicetorg catalog stale`)."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from .insights.stale import notifier_from_env, review_items

    items = review_items(catalog, dt.datetime.now(ZoneInfo(timezone)).date())
    if items:
        notifier_from_env().notify(items)


def create_app(config: Optional[AppConfig] = None, brain: Optional[RasaClient] = None) -> FastAPI:
    config = config or AppConfig()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        report_descriptions_due(catalog, config.timezone)
        yield
        await app.state.brain.close()

    app = FastAPI(title="servicetorg", lifespan=lifespan)
    db = Database(config.database_url)
    db.migrate()
    if db.url.startswith("sqlite"):  # fresh planner statistics (0.3 s for a year of demo traffic)
        db.refresh_statistics()
    catalog = load_catalog(config.catalog_path)
    for problem in catalog.problems:
        log.warning("catalog: %s", problem)
    hub = EventHub()
    app.state.config = config
    app.state.db = db
    app.state.catalog = catalog
    app.state.hub = hub
    app.state.brain = brain or RasaClient(config.rasa_url)
    app.state.office = OfficeHours(catalog.get(OFFICE_ID), config.timezone)
    recorder = QuestionRecorder(Clusterer(naming_terms_from(catalog)), zone=config.timezone)
    app.state.conversations = ConversationService(db, app.state.brain, hub, app.state.office, recorder=recorder)

    from .channels import sms, webchat
    from .insights import routes as insights
    from .staff import routes as staff

    app.include_router(webchat.router)
    app.include_router(sms.router)
    app.include_router(staff.router)
    app.include_router(insights.router)
    sms.install(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/health")
    async def health() -> dict:
        return {"app": "ok", "rasa": "ok" if await app.state.brain.healthy() else "down"}

    return app


def app_factory() -> FastAPI:  # for `uvicorn --factory connectors.app:app_factory`
    return create_app()
