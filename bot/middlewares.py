"""Update-level middlewares: who is writing, and what to do once the update is handled."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User

from services.people import People

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class PersonMiddleware(BaseMiddleware):
    """Puts the database's view of the sender into `person` for filters and handlers."""

    def __init__(self, people: People) -> None:
        self.people = people

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if user is not None and not user.is_bot:
            data["person"] = await self.people.touch(
                user.id, user.full_name, user.username, user.language_code
            )
        return await handler(event, data)


class AfterUpdateMiddleware(BaseMiddleware):
    """Wakes the outbox and menu jobs so what a handler planned goes out at once."""

    def __init__(self, wake: Callable[[], None]) -> None:
        self.wake = wake

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        try:
            return await handler(event, data)
        finally:
            self.wake()
