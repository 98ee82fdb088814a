"""Whatever no other handler took: a hint, never silence."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from services.audit import AuditLog
from services.people import Person


async def refused_button(
    query: CallbackQuery, i18n: I18nContext, audit_log: AuditLog, person: Person | None = None
) -> None:
    """A button this person may not press (or a stale one): refuse, and keep a record."""
    await audit_log.refused(person.telegram_id if person else None, query.data or "")
    await query.answer(i18n.get("button-refused"), show_alert=True)


async def unknown_input(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("unknown-input"))


async def text_expected(message: Message, i18n: I18nContext) -> None:
    """A sticker, voice note or photo at a step that takes text; the step stays open."""
    await message.answer(i18n.get("text-expected"))


async def text_or_file_expected(message: Message, i18n: I18nContext) -> None:
    """A sticker or the like at a step that takes text or a file; the step stays open."""
    await message.answer(i18n.get("text-or-file-expected"))


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(refused_button)
    router.message.register(unknown_input)
    return router
