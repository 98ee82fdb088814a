"""Role filters, put on parent routers so no handler checks roles by hand."""

from __future__ import annotations

from aiogram import F
from aiogram.filters import Filter
from aiogram.types import TelegramObject

from services.people import Person, Role


class RoleFilter(Filter):
    def __init__(self, *roles: Role) -> None:
        self.roles = roles

    async def __call__(self, event: TelegramObject, person: Person | None = None) -> bool:
        return person is not None and person.role in self.roles


# Inside a conversation step, a command is still a command: only plain typing answers.
NOT_COMMAND = ~F.text.startswith("/")
TYPED = F.text & NOT_COMMAND
