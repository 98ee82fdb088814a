"""The AM's side of briefs: the alert's buttons, questions to the client, /briefs."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from handlers.common.fallback import text_expected
from handlers.common.pictures import send_drawing
from handlers.filters import NOT_COMMAND, TYPED
from handlers.state_data import BriefTarget, recall, remember
from services.accounts.people import Person
from services.billing.agency import Agency
from services.questionnaires.briefs import Briefs
from views import keyboards
from views.briefs import brief_drawing, staff_card
from views.callbacks import BriefStaffAction, BriefStaffCb
from views.drawn import Drawings
from views.texts import answer_long, say


class AskClient(StatesGroup):
    typing = State()


async def take(
    query: CallbackQuery,
    callback_data: BriefStaffCb,
    person: Person,
    briefs: Briefs,
    i18n: I18nContext,
) -> None:
    brief = await briefs.take(person, callback_data.id)
    if brief.taken_by not in (None, person.telegram_id):
        await query.answer(
            say(i18n.get, "brief-taken-already", manager=brief.taken_by_name), show_alert=True
        )
    else:
        await query.answer()
    message = query.message
    if not isinstance(message, Message) or not message.text:
        return
    note = say(i18n.get, "brief-taken-note", manager=brief.taken_by_name or person.display_name)
    if note in message.html_text:
        return
    await message.edit_text(
        f"{message.html_text}\n\n{note}",
        reply_markup=keyboards.brief_alert(i18n.get, brief.id, taken=True),
    )


async def ask(
    query: CallbackQuery,
    callback_data: BriefStaffCb,
    person: Person,
    briefs: Briefs,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    brief = await briefs.get_for_staff(person, callback_data.id)
    await state.set_state(AskClient.typing)
    await remember(state, BriefTarget, {"brief_id": brief.id})
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(say(i18n.get, "brief-ask-prompt", brief_id=brief.id))


async def send_question(
    message: Message, person: Person, briefs: Briefs, state: FSMContext, i18n: I18nContext
) -> None:
    brief_id = (await recall(state, BriefTarget))["brief_id"]
    await briefs.ask(person, brief_id, message.text or "")
    await state.clear()
    await message.answer(i18n.get("brief-ask-sent"))


async def open_card(
    query: CallbackQuery,
    callback_data: BriefStaffCb,
    person: Person,
    briefs: Briefs,
    i18n: I18nContext,
    default_timezone: str,
) -> None:
    brief = await briefs.get_for_staff(person, callback_data.id)
    await query.answer()
    if isinstance(query.message, Message):
        text = staff_card(brief, i18n.get, i18n.locale, person.timezone or default_timezone)
        await answer_long(query.message, text, keyboards.brief_card(i18n.get, brief))


async def send_document(
    query: CallbackQuery,
    callback_data: BriefStaffCb,
    person: Person,
    briefs: Briefs,
    drawings: Drawings,
    i18n: I18nContext,
    agency: Agency,
    default_timezone: str,
) -> None:
    brief = await briefs.get_for_staff(person, callback_data.id)
    await query.answer()
    zone = person.timezone or default_timezone
    drawing = brief_drawing(brief, i18n.get, i18n.locale, zone, agency)
    caption = say(i18n.get, "brief-document-caption", brief_id=brief.id, company=brief.company_name)
    await send_drawing(drawings, person.telegram_id, drawing, i18n, caption)


async def list_briefs(message: Message, person: Person, briefs: Briefs, i18n: I18nContext) -> None:
    found = await briefs.list_for_staff(person)
    if not found:
        await message.answer(i18n.get("briefs-empty"))
        return
    await message.answer(
        i18n.get("briefs-staff-header"),
        reply_markup=keyboards.staff_briefs(i18n.get, i18n.locale, found),
    )


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(list_briefs, Command("briefs"))
    router.callback_query.register(take, BriefStaffCb.filter(F.action == BriefStaffAction.TAKE))
    router.callback_query.register(ask, BriefStaffCb.filter(F.action == BriefStaffAction.ASK))
    router.callback_query.register(
        open_card, BriefStaffCb.filter(F.action == BriefStaffAction.OPEN)
    )
    router.callback_query.register(
        send_document, BriefStaffCb.filter(F.action == BriefStaffAction.DOCUMENT)
    )
    router.message.register(send_question, StateFilter(AskClient.typing), TYPED)
    router.message.register(text_expected, StateFilter(AskClient.typing), NOT_COMMAND)
    return router
