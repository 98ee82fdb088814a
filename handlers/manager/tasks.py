"""The AM gives a specialist part of a stage (who, what is asked with files, by when), and
decides on what comes back: send it to the client, or return it with a comment. Also a
task's card for the AM: move its due date, take it back."""

from __future__ import annotations

from datetime import date

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from handlers.common.fallback import text_expected, text_or_file_expected
from handlers.common.media import answer_collected, media_of
from handlers.filters import NOT_COMMAND, TYPED, TYPED_RULE, Inline
from handlers.state_data import TaskDraft, TaskMove, TaskTarget, recall, remember
from services.accounts.people import People, Person, Role
from services.delivery.notices import TelegramFile
from services.platform.errors import DomainError
from services.platform.parsing import parse_date
from services.questionnaires import forms
from services.work.projects import Projects
from services.work.sign_off import MAX_FILES
from services.work.tasks import Assignment, DueAfterStage, NotHandedIn, Task, Tasks, TaskStatus
from services.work.team import Team
from views import tasks as views
from views.callbacks import (
    AssignCb,
    StageAction,
    StageCb,
    TaskAction,
    TaskCb,
    TaskFormAction,
    TaskFormCb,
)
from views.projects import day_text
from views.texts import say


class TaskForm(StatesGroup):
    brief = State()
    due = State()
    move = State()
    return_comment = State()


async def choose_specialist(
    query: CallbackQuery,
    callback_data: StageCb,
    person: Person,
    projects: Projects,
    team: Team,
    i18n: I18nContext,
) -> None:
    project = await projects.project_of_stage(person, callback_data.id)
    stage = project.stage(callback_data.id)
    specialists = await team.specialists()
    await query.answer()
    if not isinstance(query.message, Message):
        return
    if not specialists:
        await query.message.answer(i18n.get("task-no-specialists"))
        return
    await query.message.answer(
        say(i18n.get, "task-choose-specialist", stage=stage.title),
        reply_markup=views.choose_specialist(i18n.get, stage.id, specialists),
    )


async def specialist_chosen(
    query: CallbackQuery,
    callback_data: AssignCb,
    person: Person,
    projects: Projects,
    people: People,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    project = await projects.project_of_stage(person, callback_data.stage)
    stage = project.stage(callback_data.stage)
    chosen = await people.get(callback_data.specialist)
    if chosen is None or chosen.role is not Role.SPECIALIST:
        raise DomainError("team-not-specialist")
    await state.set_state(TaskForm.brief)
    await remember(
        state,
        TaskDraft,
        {
            "stage": stage.id,
            "specialist": chosen.telegram_id,
            "brief": "",
            "files": [],
            "due": None,
            "album": None,
            "answer": None,
        },
    )
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.answer(
            say(i18n.get, "task-brief-prompt", stage=stage.title, name=chosen.display_name),
            reply_markup=views.brief_buttons(i18n.get),
        )


async def brief_part(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    """What is asked, in as many messages as the AM likes: words and files."""
    draft = await recall(state, TaskDraft)
    words = (message.text or message.caption or "").strip()
    if words:
        joined = f"{draft['brief']}\n{words}" if draft["brief"] else words
        draft["brief"] = forms.bounded_text(joined, 2000)
    file = media_of(message)
    if file is not None:
        if len(draft["files"]) >= MAX_FILES:
            raise DomainError("signoff-too-many-files", limit=MAX_FILES)
        draft["files"].append({"file_id": file["file_id"], "media": file["media"]})
    text = say(
        i18n.get,
        "task-brief-collected",
        files=len(draft["files"]),
        words=len(draft["brief"]),
    )
    answer = await answer_collected(
        message, text, views.brief_buttons(i18n.get), draft["album"], draft["answer"]
    )
    if answer is not None:
        draft["album"], draft["answer"] = message.media_group_id, answer
    await remember(state, TaskDraft, draft)


async def form_pressed(
    query: CallbackQuery,
    callback_data: TaskFormCb,
    person: Person,
    projects: Projects,
    tasks: Tasks,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    current = await state.get_state()
    message = query.message if isinstance(query.message, Message) else None
    if callback_data.action is TaskFormAction.DROP and current == TaskForm.brief.state:
        await state.clear()
        await query.answer(i18n.get("task-dropped"), show_alert=True)
        return
    if callback_data.action is TaskFormAction.NEXT and current == TaskForm.brief.state:
        draft = await recall(state, TaskDraft)
        if not draft["brief"] and not draft["files"]:
            await query.answer(i18n.get("task-brief-empty"), show_alert=True)
            return
        project = await projects.project_of_stage(person, draft["stage"])
        stage = project.stage(draft["stage"])
        await state.set_state(TaskForm.due)
        await query.answer()
        if message:
            await message.answer(
                say(
                    i18n.get,
                    "task-due-prompt",
                    deadline=day_text(stage.deadline, i18n.locale, i18n.get),
                )
            )
        return
    if callback_data.action is TaskFormAction.LATE_OK and current == TaskForm.due.state:
        draft = await recall(state, TaskDraft)
        if draft["due"] is not None:
            task = await tasks.assign(person, _assignment(draft, draft["due"]), confirmed=True)
            await state.clear()
            await query.answer()
            if message:
                await _created(message, task, i18n)
            return
    if callback_data.action is TaskFormAction.LATE_OK and current == TaskForm.move.state:
        moving = await recall(state, TaskMove)
        if moving["due"] is not None:
            task = await tasks.move_due(person, moving["id"], moving["due"], confirmed=True)
            await state.clear()
            await query.answer()
            if message:
                await _moved(message, task, i18n)
            return
    await query.answer(i18n.get("button-refused"), show_alert=True)


def _assignment(draft: TaskDraft, due: date) -> Assignment:
    files = tuple(TelegramFile(f["file_id"], f["media"]) for f in draft["files"])
    return Assignment(draft["stage"], draft["specialist"], draft["brief"], files, due)


async def _created(message: Message, task: Task, i18n: I18nContext) -> None:
    await _say_task(message, task, i18n, "task-created")


async def _moved(message: Message, task: Task, i18n: I18nContext) -> None:
    await _say_task(message, task, i18n, "task-moved-done")


async def _say_task(message: Message, task: Task, i18n: I18nContext, key: str) -> None:
    due = day_text(task.due_on, i18n.locale, i18n.get)
    await message.answer(
        say(i18n.get, key, name=task.specialist_name, stage=task.stage_title, due=due)
    )


async def _ask_late_ok(message: Message, late: DueAfterStage, i18n: I18nContext) -> None:
    """A date past the stage's deadline: kept with a yes, or another one typed."""
    await message.answer(
        say(
            i18n.get,
            "task-due-after-stage",
            deadline=day_text(late.args_for_text["deadline"], i18n.locale, i18n.get),
        ),
        reply_markup=views.late_due_buttons(i18n.get),
    )


async def due_typed(
    message: Message, person: Person, tasks: Tasks, state: FSMContext, i18n: I18nContext
) -> None:
    draft = await recall(state, TaskDraft)
    due = parse_date(message.text or "", tasks.today(person))
    try:
        task = await tasks.assign(person, _assignment(draft, due), confirmed=False)
    except DueAfterStage as late:
        draft["due"] = due
        await remember(state, TaskDraft, draft)
        await _ask_late_ok(message, late, i18n)
        return
    await state.clear()
    await _created(message, task, i18n)


async def move_typed(
    message: Message, person: Person, tasks: Tasks, state: FSMContext, i18n: I18nContext
) -> None:
    moving = await recall(state, TaskMove)
    due = parse_date(message.text or "", tasks.today(person))
    try:
        task = await tasks.move_due(person, moving["id"], due, confirmed=False)
    except DueAfterStage as late:
        await remember(state, TaskMove, {"id": moving["id"], "due": due})
        await _ask_late_ok(message, late, i18n)
        return
    await state.clear()
    await _moved(message, task, i18n)


async def task_pressed(
    query: CallbackQuery,
    callback_data: TaskCb,
    person: Person,
    tasks: Tasks,
    state: FSMContext,
    i18n: I18nContext,
) -> None:
    action = callback_data.action
    message = query.message if isinstance(query.message, Message) else None
    if action is TaskAction.SEND:
        task, version = await tasks.send_to_client(person, callback_data.id)
        await query.answer(
            say(i18n.get, "task-sent-done", version=version, stage=task.stage_title),
            show_alert=True,
        )
        if message:
            await message.edit_reply_markup(reply_markup=None)
        return
    if action is TaskAction.CANCEL:
        task = await tasks.cancel(person, callback_data.id)
        await query.answer(
            say(i18n.get, "task-cancelled-done", name=task.specialist_name), show_alert=True
        )
        if message:
            await message.edit_reply_markup(reply_markup=None)
        return
    task = await tasks.get(person, callback_data.id)
    await query.answer()
    if message is None:
        return
    if action is TaskAction.RETURN:
        if task.status is not TaskStatus.HANDED_IN:
            raise NotHandedIn(status=task.status.value)
        await state.set_state(TaskForm.return_comment)
        await remember(state, TaskTarget, {"id": task.id, "album": None, "answer": None})
        await message.answer(say(i18n.get, "task-return-prompt", name=task.specialist_name))
    elif action is TaskAction.MOVE:
        await state.set_state(TaskForm.move)
        await remember(state, TaskMove, {"id": task.id, "due": None})
        await message.answer(
            say(
                i18n.get,
                "task-move-prompt",
                due=day_text(task.due_on, i18n.locale, i18n.get),
                deadline=day_text(task.stage_deadline, i18n.locale, i18n.get),
            )
        )
    else:  # OPEN, or a specialist's button pressed by staff: the card
        await message.answer(
            views.task_card(task, i18n.locale, i18n.get, staff=True),
            reply_markup=views.manager_buttons(i18n.get, task),
        )


async def return_comment(
    message: Message, person: Person, tasks: Tasks, state: FSMContext, i18n: I18nContext
) -> None:
    target = await recall(state, TaskTarget)
    task = await tasks.send_back(person, target["id"], message.text or "")
    await state.clear()
    await message.answer(
        say(i18n.get, "task-returned-done", name=task.specialist_name, round=task.returns)
    )


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(
        choose_specialist, StageCb.filter(F.action == StageAction.ASSIGN)
    )
    router.callback_query.register(specialist_chosen, AssignCb.filter())
    router.callback_query.register(form_pressed, TaskFormCb.filter())
    router.callback_query.register(task_pressed, TaskCb.filter())
    router.message.register(
        brief_part,
        StateFilter(TaskForm.brief),
        Inline(TYPED_RULE | F.photo | F.document | F.video | F.audio | F.voice),
    )
    router.message.register(text_or_file_expected, StateFilter(TaskForm.brief), NOT_COMMAND)
    router.message.register(due_typed, StateFilter(TaskForm.due), TYPED)
    router.message.register(move_typed, StateFilter(TaskForm.move), TYPED)
    router.message.register(return_comment, StateFilter(TaskForm.return_comment), TYPED)
    router.message.register(
        text_expected,
        StateFilter(TaskForm.due, TaskForm.move, TaskForm.return_comment),
        NOT_COMMAND,
    )
    return router
