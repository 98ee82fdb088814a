"""/reconciliation: an AM or a head asks for a client's reconciliation statement for a
period and gets its PDF, to send the client's accountant."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from handlers.common.fallback import text_expected
from handlers.common.pictures import send_drawing
from handlers.filters import NOT_COMMAND, TYPED
from handlers.manager.companies import ask_company
from handlers.state_data import CompanyTarget, recall, remember
from services.accounts.companies import Companies
from services.accounts.people import Person
from services.billing.agency import Agency
from services.billing.reconciliation import Reconciliations
from services.platform.parsing import parse_period
from views.callbacks import ReconciliationCb
from views.drawn import Drawings
from views.reconciliation import reconciliation_drawing
from views.texts import format_day, say


class ReconciliationForm(StatesGroup):
    period = State()


async def ask(message: Message, person: Person, companies: Companies, i18n: I18nContext) -> None:
    await ask_company(
        message, person, companies, i18n, "recon-company", lambda c: ReconciliationCb(company=c)
    )


async def company_chosen(
    query: CallbackQuery,
    callback_data: ReconciliationCb,
    person: Person,
    companies: Companies,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    company = await companies.get(person, callback_data.company)
    await state.set_state(ReconciliationForm.period)
    await remember(state, CompanyTarget, {"company": company.id})
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(say(i18n.get, "recon-period-prompt", company=company.name))


async def period_typed(
    message: Message,
    person: Person,
    reconciliations: Reconciliations,
    drawings: Drawings,
    state: FSMContext,
    i18n: I18nContext,
    agency: Agency,
    default_timezone: str,
) -> None:
    company_id = (await recall(state, CompanyTarget))["company"]
    today = reconciliations.today_in(person.timezone or default_timezone)
    start, end = parse_period(message.text or "", today)
    found = await reconciliations.make(person, company_id, start, end)
    await state.clear()
    caption = say(
        i18n.get,
        "recon-caption",
        company=found.company.name,
        start=format_day(start, i18n.locale),
        end=format_day(end, i18n.locale),
    )
    drawing = reconciliation_drawing(found, i18n.get, i18n.locale, agency)
    await send_drawing(drawings, message.chat.id, drawing, i18n, caption)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(ask, Command("reconciliation"))
    router.callback_query.register(company_chosen, ReconciliationCb.filter())
    router.message.register(period_typed, StateFilter(ReconciliationForm.period), TYPED)
    router.message.register(text_expected, StateFilter(ReconciliationForm.period), NOT_COMMAND)
    return router
