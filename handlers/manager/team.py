"""/team: a head or an AM adds specialists (by id, a shared contact, or a one-time link)
and removes them; the list shows each one's open and overdue tasks."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove
from aiogram.utils.deep_linking import create_start_link
from aiogram_i18n import I18nContext

from handlers.common.fallback import text_expected
from handlers.filters import NOT_COMMAND, TYPED, Inline
from handlers.state_data import TeamAdd, recall, remember
from services.accounts.people import Person
from services.work.tasks import Tasks
from services.work.team import SKILLS, Team, clean_skill
from views import keyboards
from views import tasks as views
from views.callbacks import SkillCb, TeamAction, TeamCb
from views.texts import say


class TeamForm(StatesGroup):
    skill = State()  # for an addition by id or contact
    person = State()
    invite_skill = State()  # for a link


async def _team_view(
    person: Person, team: Team, tasks: Tasks, i18n: I18nContext
) -> tuple[str, object]:
    members = await team.members(person, tasks.today(person))
    return (
        views.team_text(i18n.get, i18n.locale, members),
        views.team_buttons(i18n.get, members),
    )


async def show_team(
    message: Message, person: Person, team: Team, tasks: Tasks, i18n: I18nContext
) -> None:
    text, markup = await _team_view(person, team, tasks, i18n)
    await message.answer(text, reply_markup=markup)  # type: ignore[arg-type]


async def pressed(
    query: CallbackQuery,
    callback_data: TeamCb,
    person: Person,
    team: Team,
    tasks: Tasks,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    action = callback_data.action
    message = query.message if isinstance(query.message, Message) else None
    if action in (TeamAction.ADD, TeamAction.INVITE):
        await state.set_state(TeamForm.skill if action is TeamAction.ADD else TeamForm.invite_skill)
        await query.answer()
        if message:
            await message.answer(i18n.get("team-skill-prompt"), reply_markup=views.skill_buttons())
        return
    if action is TeamAction.REMOVE:
        members = await team.members(person, tasks.today(person))
        leaving = next((m for m in members if m.person.telegram_id == callback_data.id), None)
        await query.answer()
        if leaving is not None and message:
            await message.edit_text(
                say(
                    i18n.get,
                    "team-remove-confirm",
                    name=leaving.person.display_name,
                    open=leaving.open_tasks,
                ),
                reply_markup=views.confirm_removal(i18n.get, callback_data.id),
            )
        return
    if action is TeamAction.CONFIRM_REMOVE:
        cancelled = await team.remove(person, callback_data.id)
        await query.answer(say(i18n.get, "team-removed-done", tasks=cancelled), show_alert=True)
    else:
        await query.answer()
    if message:
        text, markup = await _team_view(person, team, tasks, i18n)
        await message.edit_text(text, reply_markup=markup)  # type: ignore[arg-type]


async def _skill_chosen(
    message: Message, skill: str, person: Person, team: Team, state: FSMContext,
    i18n: I18nContext, bot: Bot,
) -> None:  # fmt: skip
    skill = clean_skill(skill)
    if await state.get_state() == TeamForm.invite_skill.state:
        invite = await team.invite(person, skill)
        await state.clear()
        link = await create_start_link(bot, invite.code)
        await message.answer(say(i18n.get, "team-invite-link", link=link, skill=skill))
        return
    await remember(state, TeamAdd, {"skill": skill})
    await state.set_state(TeamForm.person)
    await message.answer(
        say(i18n.get, "team-person-prompt", skill=skill),
        reply_markup=keyboards.pick_person(i18n.get),
    )


async def skill_pressed(
    query: CallbackQuery,
    callback_data: SkillCb,
    person: Person,
    team: Team,
    state: FSMContext,
    i18n: I18nContext,
    bot: Bot,
) -> None:
    await query.answer()
    if not 0 <= callback_data.index < len(SKILLS) or not isinstance(query.message, Message):
        return
    await _skill_chosen(query.message, SKILLS[callback_data.index], person, team, state, i18n, bot)


async def skill_typed(
    message: Message, person: Person, team: Team, state: FSMContext, i18n: I18nContext, bot: Bot
) -> None:
    await _skill_chosen(message, message.text or "", person, team, state, i18n, bot)


async def _add(
    message: Message, telegram_id: int, person: Person, team: Team, state: FSMContext,
    i18n: I18nContext,
) -> None:  # fmt: skip
    skill = (await recall(state, TeamAdd))["skill"]
    added = await team.add(person, telegram_id, skill)
    await state.clear()
    await message.answer(
        say(i18n.get, "team-added-done", name=added.display_name, skill=skill),
        reply_markup=ReplyKeyboardRemove(),
    )


async def add_picked(
    message: Message, person: Person, team: Team, state: FSMContext, i18n: I18nContext
) -> None:
    assert message.users_shared is not None
    await _add(message, message.users_shared.users[0].user_id, person, team, state, i18n)


async def add_by_id(
    message: Message, person: Person, team: Team, state: FSMContext, i18n: I18nContext
) -> None:
    await _add(message, int((message.text or "").strip()), person, team, state, i18n)


async def add_bad_input(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("manager-add-bad-input"))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(show_team, Command("team"))
    router.callback_query.register(pressed, TeamCb.filter())
    router.callback_query.register(
        skill_pressed, SkillCb.filter(), StateFilter(TeamForm.skill, TeamForm.invite_skill)
    )
    router.message.register(skill_typed, StateFilter(TeamForm.skill, TeamForm.invite_skill), TYPED)
    router.message.register(add_picked, StateFilter(TeamForm.person), Inline(F.users_shared))
    router.message.register(
        add_by_id, StateFilter(TeamForm.person), Inline(F.text.regexp(r"^\s*\d{1,15}\s*$"))
    )
    router.message.register(
        text_expected, StateFilter(TeamForm.skill, TeamForm.invite_skill), NOT_COMMAND
    )
    router.message.register(add_bad_input, StateFilter(TeamForm.person), NOT_COMMAND)
    return router
