"""Language of each update: the person's saved choice, else their Telegram language."""

from __future__ import annotations

from aiogram.types import User
from aiogram_i18n.managers import BaseManager

from services.accounts.people import People, Person, language_from_telegram


class PersonLanguageManager(BaseManager):
    def __init__(self, people: People, default_locale: str) -> None:
        super().__init__(default_locale=default_locale)
        self.people = people

    async def get_locale(
        self, person: Person | None = None, event_from_user: User | None = None
    ) -> str:
        if person is not None and person.language:
            return person.language
        code = event_from_user.language_code if event_from_user else None
        return language_from_telegram(code, self.default_locale or "ru")

    async def set_locale(self, locale: str, person: Person | None = None) -> None:
        if person is not None:
            await self.people.set_language(person.telegram_id, locale)
