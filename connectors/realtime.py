"""Live events inside the app: the citizen's widget and the staff inbox subscribe to topics.

In-process (asyncio queues): right for one app process. Several processes behind a load
balancer would need a shared broker (Redis pub/sub) behind the same two methods.
"""
from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import AsyncIterator

STAFF_TOPIC = "staff"


def conversation_topic(conversation_id: str) -> str:
    return f"conversation:{conversation_id}"


class EventHub:
    def __init__(self, queue_size: int = 256):
        self._subscribers: dict[str, set[asyncio.Queue]] = defaultdict(set)
        self._queue_size = queue_size

    def publish(self, topic: str, event: dict) -> None:
        for queue in list(self._subscribers.get(topic, ())):
            try:
                queue.put_nowait(event)
            except asyncio.QueueFull:  # a stalled subscriber loses events, never blocks others
                pass

    def subscriber_count(self, topic: str) -> int:
        return len(self._subscribers.get(topic, ()))

    async def subscribe(self, topic: str) -> AsyncIterator[dict]:
        queue: asyncio.Queue = asyncio.Queue(self._queue_size)
        self._subscribers[topic].add(queue)
        try:
            while True:
                yield await queue.get()
        finally:
            self._subscribers[topic].discard(queue)
            if not self._subscribers[topic]:
                self._subscribers.pop(topic, None)
