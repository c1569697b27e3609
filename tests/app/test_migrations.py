"""Alembic: a database written before the office's records (revision 0001) upgrades with its rows
backfilled (week, escalated, thumbs_down), so earlier conversations count on /office."""
from __future__ import annotations

import datetime as dt

from alembic import command
from sqlalchemy import create_engine, text

from connectors.db import alembic_config, upgrade
from connectors.records import week_of


def test_upgrade_from_0001_backfills_weeks_and_flags(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    command.upgrade(alembic_config(url), "0001")
    created = dt.datetime(2026, 11, 22, 23, 30, tzinfo=dt.timezone.utc)  # Monday 00:30 in Oslo
    engine = create_engine(url)
    with engine.begin() as connection:
        for conversation_id in ("c-handed-over", "c-thumbs-down", "c-plain"):
            connection.execute(text(
                "INSERT INTO conversations (id, channel, citizen_handle, state, language, created_at, updated_at) "
                "VALUES (:id, 'web', :id, 'resolved', 'nb', :at, :at)"), {"id": conversation_id, "at": created})
        connection.execute(text(
            "INSERT INTO handovers (conversation_id, channel, reason, outside_hours, created_at) "
            "VALUES ('c-handed-over', 'web', 'own_case', 0, :at)"), {"at": created})
        connection.execute(text(
            "INSERT INTO messages (conversation_id, channel, sender, text, internal, created_at, feedback) "
            "VALUES ('c-thumbs-down', 'web', 'bot', 'Svar.', 0, :at, -1)"), {"at": created})
    upgrade(url)
    with engine.connect() as connection:
        rows = {row.id: row for row in connection.execute(text(
            "SELECT id, week, escalated, thumbs_down FROM conversations"))}
        handover_week = connection.execute(text("SELECT week FROM handovers")).scalar()
    monday = week_of(created)
    assert monday == dt.date(2026, 11, 23)  # the local (Oslo) week, not the UTC one
    assert {k: (str(r.week), bool(r.escalated), bool(r.thumbs_down)) for k, r in rows.items()} == {
        "c-handed-over": (str(monday), True, False),
        "c-thumbs-down": (str(monday), False, True),
        "c-plain": (str(monday), False, False),
    }
    assert str(handover_week) == str(monday)
