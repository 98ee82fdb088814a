"""/calendar: a person's private feed link; /calendar reset: a new one."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from aiogram_i18n import I18nContext

from services.accounts.people import Person
from services.work.calendar import Calendars
from views.calendar import feed_url
from views.texts import say


async def calendar(
    message: Message,
    command: CommandObject,
    person: Person,
    calendars: Calendars,
    public_base_url: str | None,
    i18n: I18nContext,
) -> None:
    if public_base_url is None:
        await message.answer(i18n.get("calendar-off"))
        return
    reset = (command.args or "").strip().lower() in ("reset", "сброс")
    token = await calendars.token_for(person, reset=reset)
    url = feed_url(public_base_url, token)
    role = person.role.value if person.role else "client"
    await message.answer(
        say(i18n.get, "calendar-reset" if reset else "calendar-link", url=url, role=role)
    )


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(calendar, Command("calendar"))
    return router
