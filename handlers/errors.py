"""A refusal from the domain becomes a clear message instead of a silent failure."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import ExceptionTypeFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import ErrorEvent
from aiogram_i18n import I18nContext

from services.platform.errors import DomainError
from views.texts import refusal_text


async def domain_refusal(
    event: ErrorEvent, i18n: I18nContext, state: FSMContext | None = None
) -> None:
    error = event.exception
    assert isinstance(error, DomainError)
    text = refusal_text(i18n.get, i18n.locale, error)
    if event.update.callback_query is not None:
        await event.update.callback_query.answer(text[:200], show_alert=True)
    elif event.update.message is not None:
        # What the step was about is gone or no longer theirs (a company handed to another
        # AM mid-reply, a task cancelled mid-hand-in): the step ends, or every later
        # message would be refused too.
        if error.ends_step and state is not None:
            await state.clear()
        await event.update.message.answer(text)


def create_router() -> Router:
    router = Router(name=__name__)
    router.errors.register(domain_refusal, ExceptionTypeFilter(DomainError))
    return router
