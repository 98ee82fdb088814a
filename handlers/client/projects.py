"""/status for the client: projects, their cards, answers to waiting stages, ratings."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from handlers.common.fallback import text_or_file_expected
from handlers.common.media import file_of
from handlers.filters import NOT_COMMAND, TYPED, TYPED_RULE, Inline
from handlers.state_data import RatingTarget, StageTarget, recall, remember
from services.accounts.people import Person
from services.platform.errors import DomainError
from services.work.projects import Projects
from views import keyboards
from views.callbacks import ProjectAnswerCb, ProjectViewCb, RateCb, RatingCommentSkipCb, WeeklyCb
from views.keyboards import one_per_row
from views.projects import project_card, status_item
from views.texts import answer_long, refusal_text, say


class ClientProject(StatesGroup):
    answering = State()
    rating_comment = State()


async def status(
    message: Message, person: Person, projects: Projects, i18n: I18nContext, default_timezone: str
) -> None:
    found = await projects.for_client(person)
    if not found:
        await message.answer(i18n.get("status-empty"))
        return
    zone = person.timezone or default_timezone
    text = "\n\n".join(
        [i18n.get("status-header"), *(status_item(p, i18n.get, i18n.locale, zone) for p in found)]
    )
    buttons = one_per_row((project.title[:60], ProjectViewCb(id=project.id)) for project in found)
    await answer_long(message, text, buttons)


async def open_card(
    query: CallbackQuery,
    callback_data: ProjectViewCb,
    person: Person,
    projects: Projects,
    i18n: I18nContext,
    default_timezone: str,
) -> None:
    project = await projects.get_for_client(person, callback_data.id)
    updates = await projects.updates(project.id)
    ratings = await projects.ratings(project.id)
    text = project_card(
        project, updates, ratings, i18n.get, i18n.locale, person.timezone or default_timezone
    )
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(text, reply_markup=keyboards.stage_answers(i18n.get, project))


async def start_answer(
    query: CallbackQuery,
    callback_data: ProjectAnswerCb,
    person: Person,
    projects: Projects,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    try:
        stage = await projects.waiting_stage_for_client(person, callback_data.stage)
    except DomainError as problem:
        await query.answer(say(i18n.get, problem.key)[:200], show_alert=True)
        return
    await state.set_state(ClientProject.answering)
    await remember(state, StageTarget, {"stage": stage.id})
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(
            say(i18n.get, "project-answer-prompt", stage=stage.title, what=stage.waiting_for or "")
        )


async def send_answer(
    message: Message, person: Person, projects: Projects, state: FSMContext, i18n: I18nContext
) -> None:
    stage_id = (await recall(state, StageTarget))["stage"]
    try:
        await projects.client_answer(
            person, stage_id, message.text or message.caption or "", file_of(message)
        )
    except DomainError as problem:
        await message.answer(refusal_text(i18n.get, i18n.locale, problem))
        if problem.key == "project-not-waiting":
            await state.clear()
        return
    await state.clear()
    await message.answer(i18n.get("project-answer-sent"))


async def rate(
    query: CallbackQuery,
    callback_data: RateCb,
    person: Person,
    projects: Projects,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    rating_id = await projects.rate(
        person, callback_data.project, callback_data.stage or None, callback_data.score
    )
    await state.set_state(ClientProject.rating_comment)
    await remember(state, RatingTarget, {"rating": rating_id})
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await query.message.answer(
            say(i18n.get, "rating-thanks", score=callback_data.score),
            reply_markup=keyboards.rating_comment_skip(i18n.get, rating_id),
        )


async def rating_comment(
    message: Message, person: Person, projects: Projects, state: FSMContext, i18n: I18nContext
) -> None:
    rating_id = (await recall(state, RatingTarget))["rating"]
    await projects.comment_rating(person, rating_id, message.text or "")
    await state.clear()
    await message.answer(i18n.get("rating-comment-saved"))


async def skip_comment(query: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)


async def weekly(
    query: CallbackQuery,
    callback_data: WeeklyCb,
    person: Person,
    projects: Projects,
    i18n: I18nContext,
) -> None:
    await projects.set_weekly_summary(person, callback_data.on)
    await query.answer(i18n.get("weekly-on" if callback_data.on else "weekly-off"), show_alert=True)
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(
            reply_markup=keyboards.weekly_toggle(i18n.get, on=callback_data.on)
        )


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(status, Command("status"))
    router.callback_query.register(open_card, ProjectViewCb.filter())
    router.callback_query.register(start_answer, ProjectAnswerCb.filter())
    router.message.register(
        send_answer, StateFilter(ClientProject.answering), Inline(TYPED_RULE | F.document | F.photo)
    )
    router.message.register(
        text_or_file_expected, StateFilter(ClientProject.answering), NOT_COMMAND
    )
    router.callback_query.register(rate, RateCb.filter())
    router.message.register(rating_comment, StateFilter(ClientProject.rating_comment), TYPED)
    router.callback_query.register(skip_comment, RatingCommentSkipCb.filter())
    router.callback_query.register(weekly, WeeklyCb.filter())
    return router
