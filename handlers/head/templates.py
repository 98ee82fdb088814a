"""/templates: a head turns brief templates on and off."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext

from services.accounts.people import Person
from services.questionnaires.briefs import Briefs
from views import keyboards
from views.callbacks import TemplateToggleCb


async def _keyboard(briefs: Briefs, i18n: I18nContext) -> InlineKeyboardMarkup:
    choices = await briefs.template_choices()
    return keyboards.template_choices(i18n.get, i18n.locale, choices)


async def list_templates(message: Message, briefs: Briefs, i18n: I18nContext) -> None:
    await message.answer(i18n.get("templates-header"), reply_markup=await _keyboard(briefs, i18n))


async def toggle(
    query: CallbackQuery,
    callback_data: TemplateToggleCb,
    person: Person,
    briefs: Briefs,
    i18n: I18nContext,
) -> None:
    await briefs.set_template_enabled(person, callback_data.template, callback_data.enable)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=await _keyboard(briefs, i18n))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(list_templates, Command("templates"))
    router.callback_query.register(toggle, TemplateToggleCb.filter())
    return router
