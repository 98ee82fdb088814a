"""Whatever no other handler took: a hint, never silence."""

from __future__ import annotations

import time

from aiogram import Router
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from services.accounts.people import Person
from services.platform.audit import AuditLog


async def refused_button(
    query: CallbackQuery, i18n: I18nContext, audit_log: AuditLog, person: Person | None = None
) -> None:
    """A button this person may not press (or a stale one): refuse, and keep a record."""
    await audit_log.refused(person.telegram_id if person else None, query.data or "")
    await query.answer(i18n.get("button-refused"), show_alert=True)


# A burst of messages the bot does not understand gets one hint, not one hint each.
HINT_QUIET_SECONDS = 10.0


class OnceInAWhile:
    """Remembers when each chat was last told something, for a short while."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._told: dict[int, float] = {}

    def due(self, chat_id: int) -> bool:
        now = time.monotonic()
        if now - self._told.get(chat_id, -self.seconds) < self.seconds:
            return False
        if len(self._told) > 10_000:
            self._told = {c: at for c, at in self._told.items() if now - at < self.seconds}
        self._told[chat_id] = now
        return True


async def text_expected(message: Message, i18n: I18nContext) -> None:
    """A sticker, voice note or photo at a step that takes text; the step stays open."""
    await message.answer(i18n.get("text-expected"))


async def text_or_file_expected(message: Message, i18n: I18nContext) -> None:
    """A sticker or the like at a step that takes text or a file; the step stays open."""
    await message.answer(i18n.get("text-or-file-expected"))


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(refused_button)
    hints = OnceInAWhile(HINT_QUIET_SECONDS)

    async def unknown_input(message: Message, i18n: I18nContext) -> None:
        if hints.due(message.chat.id):
            await message.answer(i18n.get("unknown-input"))

    router.message.register(unknown_input)
    return router
