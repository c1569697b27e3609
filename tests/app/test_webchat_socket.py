"""Over a real socket (uvicorn, websockets client): what a citizen sends just before closing the
page is still stored and answered."""
from __future__ import annotations

import asyncio
import json
import threading
import time

import uvicorn
from sqlalchemy import func, select

from connectors.models import BOT_SENDER, CITIZEN, Message
from servicetorg.rasa_stack import free_port


def test_messages_sent_just_before_the_page_closes_are_kept(app, fake_rasa):
    import websockets

    answer = fake_rasa.default_rule

    def slow_rule(text):  # the bot is still thinking when the page closes
        time.sleep(0.3)
        return answer(text)

    fake_rasa.rule = slow_rule
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            time.sleep(0.02)

        async def citizen():
            async with websockets.connect(f"ws://127.0.0.1:{port}/ws/chat?session=closing-tab-session-01") as ws:
                await ws.recv()  # history
                await ws.send(json.dumps({"type": "message", "text": "hva koster sfo"}))
                await ws.send(json.dumps({"type": "message", "text": "og når er fristen"}))
            # closed at once, before any answer

        asyncio.run(citizen())
        deadline = time.monotonic() + 5
        counts = (0, 0)
        while time.monotonic() < deadline:
            with app.state.db.sessions() as session:
                count = lambda sender: session.scalar(  # noqa: E731
                    select(func.count()).select_from(Message).where(Message.sender == sender))
                counts = (count(CITIZEN), count(BOT_SENDER))
            if counts == (2, 2):
                break
            time.sleep(0.05)
        assert counts == (2, 2), f"citizen, bot messages stored: {counts}"
    finally:
        server.should_exit = True
        thread.join(timeout=5)
