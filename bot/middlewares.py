"""Update-level middlewares: who is writing, and what to do once the update is handled."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update, User

from services.accounts.people import People
from services.db import write_hook
from services.delivery.outbox import Enqueued, enqueued_here

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
# Set by the intake when an update already took effect before a crash: instead of its
# handler, the person is shown the step they are at.
RESUME_ONLY = "resume_only"


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
            # Knowing who wrote is not what the update carries: it must not count as the
            # handler's effect (which would skip the handler after a crash).
            token = write_hook.set(None)
            try:
                data["person"] = await self.people.touch(
                    user.id, user.full_name, user.username, user.language_code
                )
            finally:
                write_hook.reset(token)
        return await handler(event, data)


class AfterUpdate(BaseMiddleware):
    """Wakes the outbox once an update that queued something is handled, so it goes out
    at once; an update that queued nothing costs the outbox nothing."""

    def __init__(self, wake: Callable[[], None]) -> None:
        self.wake = wake

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        flag = Enqueued()
        token = enqueued_here.set(flag)
        try:
            return await handler(event, data)
        finally:
            enqueued_here.reset(token)
            if flag.any:
                self.wake()


class ResumeMiddleware(BaseMiddleware):
    """The innermost update middleware: with RESUME_ONLY set, runs `resume` with the same
    data a handler would get (person, state, i18n) instead of the handlers."""

    def __init__(self, resume: Callable[[Update, dict[str, Any]], Awaitable[None]]) -> None:
        self.resume = resume

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if data.get(RESUME_ONLY) and isinstance(event, Update):
            await self.resume(event, data)
            return None
        return await handler(event, data)
