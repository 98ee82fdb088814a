"""Filters: roles, put on parent routers so no handler checks roles by hand, and magic
filters (`F.text`, `F.chat.type == …`) checked on the event loop.

aiogram runs a synchronous callable — a bare magic filter included — in a worker thread
(`asyncio.to_thread`). An update checked against the filters of handlers before its own
paid a thread hop each: executor, thread wake-up, event-loop wake-up; profiled under
1,000 /status at once, a large part of the main thread's time. A magic filter is a few
attribute reads: `Inline` runs it as a coroutine, through magic-filter's public
`resolve`. tests/test_routing.py fails on a handler registered with a bare one."""

from __future__ import annotations

from aiogram import F
from aiogram.filters import Filter
from aiogram.types import TelegramObject
from magic_filter import MagicFilter

from services.accounts.people import Person, Role


class RoleFilter(Filter):
    def __init__(self, *roles: Role) -> None:
        self.roles = roles

    async def __call__(self, event: TelegramObject, person: Person | None = None) -> bool:
        return person is not None and person.role in self.roles


class Inline(Filter):
    """A magic filter, checked on the event loop."""

    def __init__(self, magic: MagicFilter) -> None:
        self.magic = magic

    async def __call__(self, event: TelegramObject) -> bool:
        return bool(self.magic.resolve(event))


# Inside a conversation step, a command is still a command: only plain typing answers.
NOT_COMMAND_RULE = ~F.text.startswith("/")
TYPED_RULE = F.text & NOT_COMMAND_RULE
NOT_COMMAND = Inline(NOT_COMMAND_RULE)
TYPED = Inline(TYPED_RULE)
