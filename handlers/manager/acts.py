"""Acts of completed work: the AM picks a finished stage (or all of them) from the project
card, names the amount, and gets the PDF; the clients get it in /documents."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from handlers.common.fallback import text_expected
from handlers.filters import NOT_COMMAND, TYPED
from handlers.state_data import ActTarget, recall, remember
from services.accounts.people import Person
from services.billing.acts import Acts
from services.billing.agency import Agency
from services.platform.errors import DomainError
from views import keyboards
from views.acts import act_drawing, act_title
from views.callbacks import ActCb, ProjectAction, ProjectCb
from views.drawn import Drawings, sent_file_id
from views.render_worker import RenderFailed
from views.texts import say


class ActForm(StatesGroup):
    amount = State()


async def choose_work(
    query: CallbackQuery, callback_data: ProjectCb, person: Person, acts: Acts, i18n: I18nContext
) -> None:
    project = await acts.finished_work(person, callback_data.id)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(
            say(i18n.get, "act-choose", project=project.title),
            reply_markup=keyboards.act_targets(i18n.get, project),
        )


async def pick_work(
    query: CallbackQuery,
    callback_data: ActCb,
    person: Person,
    acts: Acts,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    project = await acts.finished_work(person, callback_data.project)
    if callback_data.stage and not project.stage(callback_data.stage).done:
        raise DomainError("act-stage-not-finished")
    await state.set_state(ActForm.amount)
    await remember(state, ActTarget, {"project": project.id, "stage": callback_data.stage})
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(i18n.get("act-amount-prompt"))


async def act_amount(
    message: Message,
    person: Person,
    acts: Acts,
    drawings: Drawings,
    state: FSMContext,
    i18n: I18nContext,
    agency: Agency,
    default_timezone: str,
) -> None:
    target = await recall(state, ActTarget)
    act = await acts.prepare(person, target["project"], target["stage"] or None, message.text or "")
    zone = person.timezone or default_timezone
    drawing = act_drawing(act, i18n.get, i18n.locale, zone, agency)
    title = act_title(act, i18n.get, i18n.locale, zone)
    try:
        sent = await drawings.send(person.telegram_id, drawing, caption=title)
    except RenderFailed:
        # the amount stays asked: sending it again makes the same act, same number
        await message.answer(i18n.get("render-failed"))
        return
    file_id = sent_file_id(sent)
    assert file_id is not None
    await acts.file(person, act.id, {"file_id": file_id, "media": "document"}, title)
    await state.clear()
    await message.answer(say(i18n.get, "act-filed", number=act.number, company=act.company_name))


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(choose_work, ProjectCb.filter(F.action == ProjectAction.ACT))
    router.callback_query.register(pick_work, ActCb.filter())
    router.message.register(act_amount, StateFilter(ActForm.amount), TYPED)
    router.message.register(text_expected, StateFilter(ActForm.amount), NOT_COMMAND)
    return router
