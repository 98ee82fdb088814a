"""/language, /help, /cancel — for everyone."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove
from aiogram_i18n import I18nContext

from services.accounts.people import LANGUAGES, People, Person, Role
from views import keyboards
from views.callbacks import LanguageCb
from views.texts import say

_HELP = {
    None: "help-guest",
    Role.CLIENT: "help-client",
    Role.MANAGER: "help-manager",
    Role.HEAD: "help-head",
    Role.SPECIALIST: "help-specialist",
}


async def choose_language(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("language-choose"), reply_markup=keyboards.languages())


async def set_language(
    query: CallbackQuery,
    callback_data: LanguageCb,
    person: Person,
    people: People,
    i18n: I18nContext,
) -> None:
    await people.set_language(person.telegram_id, callback_data.code)
    text = i18n.get("language-set", callback_data.code)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(text)


async def timezone(
    message: Message,
    command: CommandObject,
    person: Person,
    people: People,
    i18n: I18nContext,
    default_timezone: str,
) -> None:
    if not command.args:
        await message.answer(
            say(i18n.get, "timezone-current", timezone=person.timezone or default_timezone)
        )
        return
    zone = await people.set_timezone(person.telegram_id, command.args.strip())
    await message.answer(say(i18n.get, "timezone-set", timezone=zone))


async def show_help(message: Message, person: Person | None, i18n: I18nContext) -> None:
    await message.answer(i18n.get(_HELP[person.role if person else None]))


async def cancel(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    if await state.get_state() is None:
        await message.answer(i18n.get("nothing-to-cancel"), reply_markup=ReplyKeyboardRemove())
        return
    await state.clear()
    await message.answer(i18n.get("cancelled"), reply_markup=ReplyKeyboardRemove())


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(choose_language, Command("language"))
    router.callback_query.register(set_language, LanguageCb.filter(F.code.in_(LANGUAGES)))
    router.message.register(show_help, Command("help"))
    router.message.register(timezone, Command("timezone"))
    router.message.register(cancel, Command("cancel"), StateFilter("*"))
    return router
