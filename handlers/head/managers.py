"""/managers: a head adds and removes account managers; companies change hands."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove
from aiogram_i18n import I18nContext

from handlers.filters import NOT_COMMAND, Inline
from services.accounts.companies import Companies
from services.accounts.people import People, Person, Role
from views import keyboards
from views.callbacks import CompanyAction, CompanyCb, ManagerAction, ManagerCb
from views.companies import company_card_text
from views.texts import say


class AddManager(StatesGroup):
    waiting_for_person = State()


async def _managers_view(people: People, i18n: I18nContext) -> tuple[str, object]:
    managers = await people.with_role(Role.MANAGER)
    header = i18n.get("managers-header" if managers else "managers-empty")
    return header, keyboards.managers(i18n.get, managers)


async def list_managers(message: Message, people: People, i18n: I18nContext) -> None:
    text, markup = await _managers_view(people, i18n)
    await message.answer(text, reply_markup=markup)  # type: ignore[arg-type]


async def ask_for_person(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    await state.set_state(AddManager.waiting_for_person)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(
            i18n.get("manager-add-prompt"), reply_markup=keyboards.pick_person(i18n.get)
        )


async def _add(
    message: Message,
    telegram_id: int,
    person: Person,
    people: People,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    added = await people.add_manager(person, telegram_id)
    await state.clear()
    await message.answer(
        say(i18n.get, "manager-added-done", name=added.display_name),
        reply_markup=ReplyKeyboardRemove(),
    )


async def add_picked(
    message: Message, person: Person, people: People, state: FSMContext, i18n: I18nContext
) -> None:
    assert message.users_shared is not None
    picked = message.users_shared.users[0].user_id
    await _add(message, picked, person, people, state, i18n)


async def add_by_id(
    message: Message, person: Person, people: People, state: FSMContext, i18n: I18nContext
) -> None:
    await _add(message, int((message.text or "").strip()), person, people, state, i18n)


async def add_bad_input(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("manager-add-bad-input"))


async def confirm_removal(
    query: CallbackQuery, callback_data: ManagerCb, people: People, i18n: I18nContext
) -> None:
    manager = await people.get(callback_data.id)
    await query.answer()
    if (
        manager is None
        or manager.role is not Role.MANAGER
        or not isinstance(query.message, Message)
    ):
        return
    await query.message.edit_text(
        say(i18n.get, "manager-remove-confirm", name=manager.display_name),
        reply_markup=keyboards.confirm_remove(i18n.get, manager.telegram_id),
    )


async def remove(
    query: CallbackQuery,
    callback_data: ManagerCb,
    person: Person,
    people: People,
    i18n: I18nContext,
) -> None:
    manager = await people.get(callback_data.id)
    orphaned = await people.remove_manager(person, callback_data.id)
    await query.answer()
    if isinstance(query.message, Message):
        name = manager.display_name if manager else str(callback_data.id)
        await query.message.edit_text(
            say(i18n.get, "manager-removed-done", name=name, orphaned=orphaned)
        )


async def keep(query: CallbackQuery, people: People, i18n: I18nContext) -> None:
    text, markup = await _managers_view(people, i18n)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)  # type: ignore[arg-type]


async def choose_new_manager(
    query: CallbackQuery,
    callback_data: CompanyCb,
    person: Person,
    people: People,
    companies: Companies,
    i18n: I18nContext,
) -> None:
    company = await companies.get(person, callback_data.id)
    candidates = await people.with_role(Role.MANAGER, Role.HEAD)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(
            say(i18n.get, "reassign-choose", company=company.name),
            reply_markup=keyboards.choose_manager(company.id, candidates),
        )


async def set_manager(
    query: CallbackQuery,
    callback_data: CompanyCb,
    person: Person,
    companies: Companies,
    i18n: I18nContext,
) -> None:
    company = await companies.reassign(person, callback_data.id, callback_data.manager)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(
            say(
                i18n.get, "reassign-done", company=company.name, manager=company.manager_name or "?"
            )
            + "\n\n"
            + company_card_text(i18n, company)
        )


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(list_managers, Command("managers"))
    router.callback_query.register(ask_for_person, ManagerCb.filter(F.action == ManagerAction.ADD))
    router.message.register(
        add_picked, StateFilter(AddManager.waiting_for_person), Inline(F.users_shared)
    )
    router.message.register(
        add_by_id,
        StateFilter(AddManager.waiting_for_person),
        Inline(F.text.regexp(r"^\s*\d{1,15}\s*$")),
    )
    router.message.register(add_bad_input, StateFilter(AddManager.waiting_for_person), NOT_COMMAND)
    router.callback_query.register(
        confirm_removal, ManagerCb.filter(F.action == ManagerAction.REMOVE)
    )
    router.callback_query.register(
        remove, ManagerCb.filter(F.action == ManagerAction.CONFIRM_REMOVE)
    )
    router.callback_query.register(keep, ManagerCb.filter(F.action == ManagerAction.KEEP))
    router.callback_query.register(
        choose_new_manager, CompanyCb.filter(F.action == CompanyAction.REASSIGN)
    )
    router.callback_query.register(
        set_manager, CompanyCb.filter(F.action == CompanyAction.SET_MANAGER)
    )
    return router
