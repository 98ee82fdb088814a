"""/invite and /companies for account managers (and heads)."""

from __future__ import annotations

from collections.abc import Callable

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.deep_linking import create_start_link
from aiogram_i18n import I18nContext

from handlers.common.fallback import text_expected
from handlers.filters import NOT_COMMAND, TYPED
from handlers.state_data import CompanyPaperwork, recall, remember
from services.accounts.companies import Companies, Invite
from services.accounts.people import Person
from views import keyboards
from views.callbacks import CompanyAction, CompanyCb
from views.companies import company_card_text
from views.texts import format_moment, say


async def _invite_text(
    bot: Bot,
    i18n: I18nContext,
    invite: Invite,
    person: Person,
    default_timezone: str,
    invite_ttl_days: int,
) -> str:
    link = await create_start_link(bot, invite.code)
    expires = format_moment(invite.expires_at, person.timezone or default_timezone, i18n.locale)
    return say(
        i18n.get,
        "invite-created",
        company=invite.company.name,
        link=link,
        expires=expires,
        days=invite_ttl_days,
    )


async def invite(
    message: Message,
    command: CommandObject,
    bot: Bot,
    person: Person,
    companies: Companies,
    i18n: I18nContext,
    default_timezone: str,
    invite_ttl_days: int,
) -> None:
    if not (command.args or "").strip():
        own = await companies.visible_to(person)
        await message.answer(i18n.get("invite-usage"))
        if own:
            await message.answer(
                i18n.get("invite-pick-company"),
                reply_markup=keyboards.companies(own, CompanyAction.INVITE),
            )
        return
    created = await companies.invite_to_new_or_own(person, command.args or "")
    await message.answer(
        await _invite_text(bot, i18n, created, person, default_timezone, invite_ttl_days),
        reply_markup=keyboards.invite_again(i18n.get, created.company.id),
    )


async def invite_again(
    query: CallbackQuery,
    callback_data: CompanyCb,
    bot: Bot,
    person: Person,
    companies: Companies,
    i18n: I18nContext,
    default_timezone: str,
    invite_ttl_days: int,
) -> None:
    created = await companies.new_invite(person, callback_data.id)
    await query.answer()
    await bot.send_message(
        query.from_user.id,
        await _invite_text(bot, i18n, created, person, default_timezone, invite_ttl_days),
        reply_markup=keyboards.invite_again(i18n.get, created.company.id),
    )


async def ask_company(
    message: Message,
    person: Person,
    companies: Companies,
    i18n: I18nContext,
    prompt_key: str,
    make: Callable[[int], CallbackData],
) -> None:
    """“Which company?” with one button each; a hint when there is none yet."""
    visible = await companies.visible_to(person)
    if not visible:
        await message.answer(i18n.get("companies-empty"))
        return
    await message.answer(i18n.get(prompt_key), reply_markup=keyboards.company_picker(visible, make))


async def list_companies(
    message: Message, person: Person, companies: Companies, i18n: I18nContext
) -> None:
    visible = await companies.visible_to(person)
    if not visible:
        await message.answer(i18n.get("companies-empty"))
        return
    await message.answer(
        i18n.get("companies-header"), reply_markup=keyboards.companies(visible, CompanyAction.OPEN)
    )


async def open_company(
    query: CallbackQuery,
    callback_data: CompanyCb,
    person: Person,
    companies: Companies,
    i18n: I18nContext,
) -> None:
    company = await companies.get(person, callback_data.id)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(
            company_card_text(i18n, company),
            reply_markup=keyboards.company_card(i18n.get, company, person),
        )


class PaperworkForm(StatesGroup):
    requisites = State()
    contract = State()


async def ask_paperwork(
    query: CallbackQuery,
    callback_data: CompanyCb,
    person: Person,
    companies: Companies,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    company = await companies.get(person, callback_data.id)
    await state.set_state(PaperworkForm.requisites)
    await remember(state, CompanyPaperwork, {"company": company.id, "requisites": ""})
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(
            say(
                i18n.get,
                "company-requisites-prompt",
                company=company.name,
                current=company.requisites or "none",
            )
        )


async def requisites_typed(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    held = await recall(state, CompanyPaperwork)
    await remember(
        state, CompanyPaperwork, {"company": held["company"], "requisites": message.text or ""}
    )
    await state.set_state(PaperworkForm.contract)
    await message.answer(i18n.get("company-contract-prompt"))


async def contract_typed(
    message: Message, person: Person, companies: Companies, state: FSMContext, i18n: I18nContext
) -> None:
    held = await recall(state, CompanyPaperwork)
    company = await companies.set_paperwork(
        person, held["company"], held["requisites"], message.text or ""
    )
    await state.clear()
    await message.answer(
        company_card_text(i18n, company),
        reply_markup=keyboards.company_card(i18n.get, company, person),
    )


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(invite, Command("invite"))
    router.callback_query.register(invite_again, CompanyCb.filter(F.action == CompanyAction.INVITE))
    router.message.register(list_companies, Command("companies"))
    router.callback_query.register(open_company, CompanyCb.filter(F.action == CompanyAction.OPEN))
    router.callback_query.register(
        ask_paperwork, CompanyCb.filter(F.action == CompanyAction.PAPERWORK)
    )
    router.message.register(requisites_typed, StateFilter(PaperworkForm.requisites), TYPED)
    router.message.register(contract_typed, StateFilter(PaperworkForm.contract), TYPED)
    router.message.register(
        text_expected, StateFilter(PaperworkForm.requisites, PaperworkForm.contract), NOT_COMMAND
    )
    return router
