"""Update-level middlewares: who is writing, and what to do once the update is handled."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update, User

from services.people import People

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class PersonMiddleware(BaseMiddleware):
    """Puts the database's view of the sender into `person` for filters and handlers.

    Block/unblock notices (`my_chat_member`) are not a sign that the person can be
    reached; their handlers decide instead."""

    def __init__(self, people: People) -> None:
        self.people = people

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if isinstance(event, Update) and event.my_chat_member is not None:
            return await handler(event, data)
        if user is not None and not user.is_bot:
            data["person"] = await self.people.touch(
                user.id, user.full_name, user.username, user.language_code
            )
        return await handler(event, data)


class UpdateTracker(BaseMiddleware):
    """Counts updates in progress, so shutdown can let them finish before the database
    closes, and wakes the outbox and menu jobs so what a handler planned goes out at once."""

    def __init__(self, wake: Callable[[], None]) -> None:
        self.wake = wake
        self._in_progress = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        self._in_progress += 1
        self._idle.clear()
        try:
            return await handler(event, data)
        finally:
            self._in_progress -= 1
            if self._in_progress == 0:
                self._idle.set()
            self.wake()

    async def wait_idle(self, grace_seconds: float) -> bool:
        await asyncio.sleep(0)  # let update tasks that were just created get going
        try:
            async with asyncio.timeout(grace_seconds):
                await self._idle.wait()
        except TimeoutError:
            return False
        return True
